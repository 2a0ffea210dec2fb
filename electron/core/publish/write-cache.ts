import { join } from 'node:path';
import { replaceFileAtomically } from '../fs/atomic-write';
import { readRegularFile } from '../fs/read-regular-file';
import { metadataDir, type RepoState, stateFiles } from './repo-state';

/**
 * The cache as the notary client leaves it after fetching: every file of the repository, exact bytes. Files that
 * are already there unchanged are left alone; the rest are replaced atomically, and only root.json (the pinned root
 * later fetches are checked against) with fsync: the others are rebuilt from the server if a crash loses them.
 */
export function writeCache(trustDir: string, gun: string, state: RepoState): void {
  const dir = metadataDir(trustDir, gun);
  for (const [role, bytes] of stateFiles(state)) {
    const path = join(dir, `${role}.json`);
    if (sameBytes(path, bytes)) continue;
    replaceFileAtomically(path, bytes, { durable: role === 'root' });
  }
}

function sameBytes(path: string, bytes: Buffer): boolean {
  try {
    const r = readRegularFile(path, bytes.length);
    return r.kind === 'ok' && r.bytes.equals(bytes);
  } catch {
    return false;
  }
}
