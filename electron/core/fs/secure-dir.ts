import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { VaultError, ioError } from '../errors';

/**
 * Makes sure a directory exists with mode 0700. mkdir's mode is filtered by the umask, so every directory we create
 * is chmod-ed explicitly; directories that already existed are left as they are (they may be the user's own).
 */
export function ensureSecureDir(path: string): void {
  let first: string | undefined;
  try {
    first = mkdirSync(path, { recursive: true, mode: 0o700 });
  } catch (e) {
    // EEXIST here means a file (not a folder) stands where the folder should be: not "already exists" for the user.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new VaultError('IO_ERROR', `Could not create the folder ${path}: a file with that name is in the way`);
    throw ioError('Could not create the folder', path, e);
  }
  if (!first) return;
  // mkdirSync returns the first directory it created: chmod it and every one below it down to `path`.
  const created: string[] = [];
  for (let p = path; p.length >= first.length; p = dirname(p)) {
    created.push(p);
    if (p === first || dirname(p) === p) break;
  }
  for (const p of created) {
    try {
      chmodSync(p, 0o700);
    } catch (e) {
      throw ioError('Could not restrict the folder', p, e);
    }
  }
}
