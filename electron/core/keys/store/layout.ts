import { join } from 'node:path';
import type { KeyKind } from '../../../../shared/dto/keys';

/** Where keys live in a trust dir (NOTARY.md section 1). */

export const PRIVATE_DIR = 'private';
export const LEGACY_ROOT_DIR = 'root_keys';
export const LEGACY_TUF_DIR = 'tuf_keys';
export const KEY_EXT = '.key';
/** Key files larger than this are not read: a notary key file is under 4 KiB, even RSA 4096 with headers. */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

export const isKeyId = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);

export const currentKeyPath = (trustDir: string, id: string): string => join(trustDir, PRIVATE_DIR, `${id}${KEY_EXT}`);

/** notary key list shows base roles as themselves; everything else (targets/x, docker names) is a signer key. */
export function kindOfRole(role: string | null): KeyKind | null {
  if (role === null || role === '') return null;
  if (role === 'root' || role === 'targets' || role === 'snapshot' || role === 'timestamp') return role;
  return 'delegation';
}

/** notary writes a gun header only for the repository's own keys. */
export const roleTakesGun = (role: string): boolean => role === 'targets' || role === 'snapshot' || role === 'timestamp';

/**
 * Legacy file names are <id>_<role>.key (IDs are hex, so the first underscore splits them).
 * Returns null when the name does not have that shape.
 */
export function parseLegacyName(base: string): { id: string; role: string } | null {
  const u = base.indexOf('_');
  if (u <= 0 || u === base.length - 1) return null;
  return { id: base.slice(0, u), role: base.slice(u + 1) };
}
