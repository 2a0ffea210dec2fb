import { VaultError } from '../../errors';
import { decryptKeyBlock } from '../key-block';
import { encodePem } from '../pem';
import { readKeyBlock, requireKey } from './find-key';
import { passphraseOrSaved } from '../saved-passphrases';

/**
 * A bundle as `notary key export` writes it: each key's block as stored, plus a `path: <id>` header (which
 * `notary key import` needs to place an encrypted key), in key ID order. Legacy files get the role and GUN their
 * path implies, as notary would have migrated them. Nothing is decrypted.
 */
export function exportBundle(trustDir: string, ids: string[]): string {
  return [...new Set(ids)]
    .sort()
    .map((id) => {
      const info = requireKey(trustDir, id);
      const block = readKeyBlock(info);
      const headers: Record<string, string> = { ...block.headers, path: id };
      if (!headers.role && info.role) headers.role = info.role;
      if (!headers.gun && info.gun) headers.gun = info.gun;
      return encodePem({ ...block, headers });
    })
    .join('');
}

/** Public keys as PEM with a role header (the NAME.pub shape); encrypted keys need their passphrase for this. */
export function exportPublicKeys(trustDir: string, ids: string[], passphrase: string | undefined): string {
  return [...new Set(ids)]
    .sort()
    .map((id) => {
      const info = requireKey(trustDir, id);
      if (info.encrypted && passphraseOrSaved(info.id, passphrase) === undefined) {
        throw new VaultError('PASSPHRASE_REQUIRED', `Key ${id} is encrypted: its passphrase is needed to read its public key`);
      }
      const key = decryptKeyBlock(readKeyBlock(info), info.encrypted ? passphraseOrSaved(info.id, passphrase) : undefined);
      try {
        return key.publicKeyPem(info.role ?? undefined);
      } finally {
        key.wipe();
      }
    })
    .join('');
}
