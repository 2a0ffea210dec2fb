import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isSafeGun } from './gun';

/** GUNs nest (`docker.io/library/alpine`): bounded so a deep or looping tree cannot hang the listing. */
const MAX_DEPTH = 16;

/**
 * The GUNs cached in `<trust>/tuf`: every nested folder that has a `metadata/` folder, sorted. Symlinks are not
 * followed; names statusOfCache would refuse are left out. A missing tuf/ folder means no repositories, not an error.
 */
export function listCachedGuns(trustDir: string): string[] {
  const out: string[] = [];
  walk(join(trustDir, 'tuf'), [], out);
  return out.sort();
}

function walk(dir: string, segments: string[], out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const dirs = entries.filter((e) => e.isDirectory());
  // A GUN's own folder holds metadata/ (and changelist/); those are not GUN segments.
  const gun = segments.join('/');
  if (segments.length > 0 && dirs.some((e) => e.name === 'metadata') && isSafeGun(gun)) out.push(gun);
  if (segments.length >= MAX_DEPTH) return;
  for (const e of dirs) {
    if (e.name === 'metadata' || e.name === 'changelist') continue;
    walk(join(dir, e.name), [...segments, e.name], out);
  }
}
