import type { KeyInfo } from '../../../../shared/dto/keys';
import { VaultError } from '../../errors';
import { replaceFileAtomically } from '../../fs/atomic-write';
import { decryptKeyBlock, encodeKeyFile } from '../key-block';
import { readKeyBlock, requireKey } from './find-key';
import { checkNewPassphrase } from './passphrase-rules';

/**
 * Re-encrypts one key file under a new passphrase, replacing it in one step. Keys in the pre-0.4 layout are
 * read-only for the vault (rewriting them is notary's migration, not ours), so they are refused.
 */
export function changePassphrase(trustDir: string, id: string, oldPassphrase: string, newPassphrase: string): KeyInfo {
  const info = requireKey(trustDir, id);
  if (info.layout === 'legacy') {
    throw new VaultError('UNSUPPORTED_KEY', `${info.file} is in notary's pre-0.4 layout, which the vault reads but does not rewrite`);
  }
  const next = checkNewPassphrase(newPassphrase);
  const block = readKeyBlock(info);
  const key = decryptKeyBlock(block, info.encrypted ? oldPassphrase : undefined);
  try {
    if (key.id !== id) throw new VaultError('BAD_KEY_FILE', `${info.file} holds key ${key.id}, not the key its name says`);
    replaceFileAtomically(info.path, encodeKeyFile(key, { role: info.role ?? '', gun: info.gun, passphrase: next }));
  } finally {
    key.wipe();
  }
  return requireKey(trustDir, id);
}
