import type { KeyInfo } from '../../../../shared/dto/keys';
import { VaultError, ioError } from '../../errors';
import { decodePem, type PemBlock } from '../pem';
import { MAX_KEY_FILE_BYTES } from './layout';
import { readSmallFile } from './key-file-info';
import { findKeyFiles } from './scan';

/** The one usable file of a key; a key listed as broken cannot be used, and the error says why. */
export function requireKey(trustDir: string, id: string): KeyInfo {
  const found = findKeyFiles(trustDir, id);
  if (found.length === 0) throw new VaultError('NOT_FOUND', `No key ${id} in ${trustDir}`);
  const ok = found.find((k) => k.status === 'ok');
  if (!ok) throw new VaultError('BAD_KEY_FILE', `${found[0]!.path}: ${found[0]!.problem?.reason ?? 'unusable'}`);
  return ok;
}

/** Any file of a key, even a broken one (so a broken key file can still be removed). */
export function requireKeyFile(trustDir: string, id: string): KeyInfo {
  const found = findKeyFiles(trustDir, id);
  const first = found.find((k) => k.status === 'ok') ?? found[0];
  if (!first) throw new VaultError('NOT_FOUND', `No key ${id} in ${trustDir}`);
  return first;
}

/** The first PEM block of a key file, as notary reads it. */
export function readKeyBlock(info: KeyInfo): PemBlock {
  let text: string;
  try {
    // O_NOFOLLOW and the size cap, as when listing: a file swapped for a symlink since is not followed.
    const bytes = readSmallFile(info.path);
    if (bytes.length > MAX_KEY_FILE_BYTES) throw new VaultError('BAD_KEY_FILE', `${info.path} is too large to be a key file`);
    text = bytes.toString('utf8');
  } catch (e) {
    if (e instanceof VaultError) throw e;
    throw ioError('Could not read', info.path, e);
  }
  const block = decodePem(text)[0];
  if (!block) throw new VaultError('BAD_KEY_FILE', `${info.path} holds no PEM block`);
  return block;
}
