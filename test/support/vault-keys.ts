import type { KeyInfo } from '../../shared/dto/keys';
import { decryptKeyBlock } from '../../electron/core/keys/key-block';
import { readKeyBlock } from '../../electron/core/keys/store/find-key';
import { type NotaryListedKey } from './notary-cli';

/** Decrypts a listed key and returns the ID computed from the key itself (proves the passphrase and the ID). */
export function decryptedIdOf(info: KeyInfo, passphrase: string | undefined): string {
  const key = decryptKeyBlock(readKeyBlock(info), info.encrypted ? passphrase : undefined);
  try {
    return key.id;
  } finally {
    key.wipe();
  }
}

/** The vault's listing in `notary key list`'s terms, sorted, for comparing the two. */
export const asNotaryRows = (keys: KeyInfo[]) =>
  keys.map((k) => ({ id: k.id, role: k.role ?? '', gun: k.gun ?? '' })).sort((a, b) => a.id.localeCompare(b.id));

export const notaryRows = (keys: NotaryListedKey[]) =>
  keys.map((k) => ({ id: k.id, role: k.role, gun: k.gun })).sort((a, b) => a.id.localeCompare(b.id));
