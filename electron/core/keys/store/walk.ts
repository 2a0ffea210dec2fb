import { type Dir, lstatSync, opendirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { KEY_EXT, LEGACY_ROOT_DIR, LEGACY_TUF_DIR, PRIVATE_DIR, parseLegacyName } from './layout';

/** Finds the key files of a trust dir: private/*.key and the pre-0.4 folders, as notary walks them. */

export interface Candidate {
  abs: string;
  /** Relative to the trust dir, '/'-separated. */
  rel: string;
  id: string;
  layout: 'current' | 'legacy';
  fallback: { role: string | null; gun: string | null } | null;
}

/**
 * The names in a folder (none if it cannot be read). Read in batches rather than with readdir, which holds a
 * native entry for every name at once: for 10,000 keys that is most of a megabyte of peak memory.
 */
const readNames = (dir: string): string[] => {
  const names: string[] = [];
  let d: Dir;
  try {
    d = opendirSync(dir, { bufferSize: 256 });
  } catch {
    return names;
  }
  try {
    for (let e = d.readSync(); e !== null; e = d.readSync()) names.push(e.name);
  } catch {
    return [];
  } finally {
    d.closeSync();
  }
  return names;
};

export const lstatOrNull = (p: string): Stats | undefined => lstatSync(p, { throwIfNoEntry: false });

/** The key files of a trust dir, in listing order: private/*.key by name, then the others by path. */
export interface KeyFiles {
  privateDir: string;
  /** File names (not paths) of private/*.key, sorted: kept as bare names so 10,000 entries stay cheap. */
  current: string[];
  /** The pre-0.4 folders, and key files in other sub-folders (notary walks all of private/ and lists those too). */
  others: Candidate[];
  /**
   * private/ holds *.key entries only: its own mtime then moves whenever a key file appears or goes, and nothing
   * else (a sub-folder, a temporary file left behind) needs looking at, so the listing index may answer for it alone
   * (list-index.ts).
   */
  onlyKeyFiles: boolean;
}

export function findKeyFileNames(trustDir: string): KeyFiles {
  const privateDir = join(trustDir, PRIVATE_DIR);
  const current: string[] = [];
  const others: Candidate[] = [];
  let onlyKeyFiles = true;
  for (const name of readNames(privateDir)) {
    if (name.endsWith(KEY_EXT)) {
      current.push(name);
      continue;
    }
    onlyKeyFiles = false;
    if (name === LEGACY_ROOT_DIR) collectLegacy(others, `${privateDir}/${name}`, `${PRIVATE_DIR}/${name}`, null);
    else if (name === LEGACY_TUF_DIR) collectLegacy(others, `${privateDir}/${name}`, `${PRIVATE_DIR}/${name}`, '');
    else collectNested(others, `${privateDir}/${name}`, `${PRIVATE_DIR}/${name}`);
  }
  const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // The default sort orders strings by UTF-16 code unit, as byString does, but without calling back into JS for
  // each of the ~130,000 comparisons of 10,000 names.
  current.sort();
  others.sort((a, b) => byString(a.rel, b.rel));
  return { privateDir, current, others, onlyKeyFiles };
}

export const currentCandidate = (privateDir: string, name: string): Candidate => ({
  abs: `${privateDir}/${name}`,
  rel: `${PRIVATE_DIR}/${name}`,
  id: name.slice(0, -KEY_EXT.length),
  layout: 'current',
  fallback: null,
});

/** Every candidate, current and legacy, in listing order. */
export function collectCandidates(trustDir: string): Candidate[] {
  const files = findKeyFileNames(trustDir);
  return [...files.current.map((n) => currentCandidate(files.privateDir, n)), ...files.others];
}

/** Legacy folders: root_keys/<id>_root.key and tuf_keys/<gun...>/<id>_<role>.key (the GUN is the sub-path). */
function collectLegacy(out: Candidate[], dir: string, rel: string, gun: string | null, depth = 0): void {
  // A symlinked legacy folder is not followed: it could point anywhere.
  if (depth > 16 || !lstatOrNull(dir)?.isDirectory()) return;
  for (const name of readNames(dir)) {
    const abs = `${dir}/${name}`;
    if (name.endsWith(KEY_EXT)) {
      const parsed = parseLegacyName(name.slice(0, -KEY_EXT.length));
      out.push({
        abs,
        rel: `${rel}/${name}`,
        id: parsed?.id ?? name.slice(0, -KEY_EXT.length),
        layout: 'legacy',
        fallback: { role: parsed?.role ?? null, gun: gun || null },
      });
    } else if (gun !== null) {
      collectLegacy(out, abs, `${rel}/${name}`, gun ? `${gun}/${name}` : name, depth + 1);
    }
  }
}


/** Any other folder under private/: notary lists its *.key files by base name, as if they were at the top. */
function collectNested(out: Candidate[], dir: string, rel: string, depth = 0): void {
  if (depth > 16 || !lstatOrNull(dir)?.isDirectory()) return;
  for (const name of readNames(dir)) {
    if (name.endsWith(KEY_EXT)) {
      out.push({ abs: `${dir}/${name}`, rel: `${rel}/${name}`, id: name.slice(0, -KEY_EXT.length), layout: 'current', fallback: null });
    } else collectNested(out, `${dir}/${name}`, `${rel}/${name}`, depth + 1);
  }
}
