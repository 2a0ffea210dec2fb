import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError } from '../../errors';
import { replaceFileAtomically } from '../../fs/atomic-write';
import { isSafeGun } from '../../tuf/gun';
import { readRegularFile } from '../../fs/read-regular-file';

/**
 * Writes verified metadata into the trust dir's cache in notary's layout (`tuf/<gun>/metadata/<role>.json`,
 * delegations under `targets/`), so `notary list` works on it offline. Callers pass only files that verified.
 * root.json goes last and durably: until it is there, nothing pins anything, and the next look-up starts over.
 * Files already there with the same bytes are left alone. Returns the roles written.
 */
export function writeVerifiedCache(trustDir: string, gun: string, files: ReadonlyMap<string, Buffer>): string[] {
  if (!isSafeGun(gun)) throw new VaultError('INVALID_ARGUMENT', `not a repository name: ${JSON.stringify(gun)}`);
  const dir = join(trustDir, 'tuf', gun, 'metadata');
  const roles = [...files.keys()].filter((r) => r !== 'root').sort();
  if (files.has('root')) roles.push('root');
  const written: string[] = [];
  for (const role of roles) {
    if (!/^(root|timestamp|snapshot|targets)$/.test(role) && !(role.startsWith('targets/') && !role.split('/').some((s) => s === '' || s === '.' || s === '..')))
      throw new VaultError('INVALID_ARGUMENT', `not a role name: ${JSON.stringify(role)}`);
    const path = join(dir, `${role}.json`);
    const bytes = files.get(role)!;
    if (same(path, bytes)) continue;
    replaceFileAtomically(path, bytes, { durable: role === 'root' });
    written.push(role);
  }
  return written;
}

function same(path: string, bytes: Buffer): boolean {
  try {
    const r = readRegularFile(path, bytes.length);
    return r.kind === 'ok' && r.bytes.equals(bytes);
  } catch {
    return false;
  }
}

/** When the cached trust data last changed: the newest metadata file's mtime, or null when nothing is cached. */
export function cachedAt(trustDir: string, gun: string): string | null {
  let newest = 0;
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) {
      const st = statSync(join(dir, n), { throwIfNoEntry: false });
      if (st?.isFile() && n.endsWith('.json')) newest = Math.max(newest, st.mtimeMs);
      else if (st?.isDirectory() && depth < 8) walk(join(dir, n), depth + 1);
    }
  };
  if (!isSafeGun(gun)) return null;
  walk(join(trustDir, 'tuf', gun, 'metadata'), 0);
  return newest > 0 ? new Date(newest).toISOString() : null;
}
