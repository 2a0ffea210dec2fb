import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, constants as fsc, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VaultError } from '../errors';

/** File-system steps a move is made of; replaceable in tests to simulate another file system or a failing copy. */
export interface MoveOps {
  rename: (from: string, to: string) => void;
  copyFile: (from: string, to: string) => void;
}

export const realOps: MoveOps = {
  rename: (from, to) => renameSync(from, to),
  // COPYFILE_EXCL: a copy never overwrites anything.
  copyFile: (from, to) => copyFileSync(from, to, fsc.COPYFILE_EXCL),
};

/** Relative path -> "dir MODE" or "file MODE SIZE SHA256", for checking a copy is exact. Symlinks are refused. */
export function treeDigest(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(abs);
      const mode = (st.mode & 0o777).toString(8);
      if (st.isDirectory()) {
        out[r] = `dir ${mode}`;
        walk(abs, r);
      } else if (st.isFile()) {
        out[r] = `file ${mode} ${st.size} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`;
      } else {
        throw new VaultError('INVALID_ARGUMENT', `${abs} is not a plain file or folder (symlink or device); nothing was moved`);
      }
    }
  };
  walk(root, '');
  return out;
}

/** Copies a tree of plain files and folders into `to` (which must not exist), keeping permission bits. */
function copyTree(from: string, to: string, ops: MoveOps): void {
  const st = lstatSync(from);
  mkdirSync(to, { mode: 0o700 });
  for (const name of readdirSync(from)) {
    const a = join(from, name);
    const b = join(to, name);
    const s = lstatSync(a);
    if (s.isDirectory()) copyTree(a, b, ops);
    else if (s.isFile()) {
      ops.copyFile(a, b);
      chmodSync(b, s.mode & 0o777);
    } else throw new VaultError('INVALID_ARGUMENT', `${a} is not a plain file or folder; nothing was moved`);
  }
  chmodSync(to, st.mode & 0o777);
}

const sameDigest = (a: Record<string, string>, b: Record<string, string>) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/**
 * Moves the folder `from` to `to` (which must not exist; its parent must). On one file system this is a single
 * rename. Across file systems (EXDEV) the tree is copied, the copy is compared with the original file by file
 * (content, size, mode), and only then is the original taken away: first renamed aside in its own folder (one
 * atomic step, so it is never half there), then deleted. Any failure before that step removes the copy and leaves
 * the original as it was. `beforeRemove` runs when the copy is verified, before the original is taken away; if it
 * throws, the copy is removed and the original stays.
 */
export function moveTree(from: string, to: string, ops: MoveOps = realOps, beforeRemove: () => void = () => {}): 'renamed' | 'copied' {
  try {
    ops.rename(from, to);
    try {
      beforeRemove();
    } catch (e) {
      ops.rename(to, from);
      throw e;
    }
    return 'renamed';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
  }
  const expected = treeDigest(from);
  let aside: string | null = null;
  try {
    copyTree(from, to, ops);
    if (!sameDigest(expected, treeDigest(to))) throw new VaultError('IO_ERROR', `the copy of ${from} in ${to} does not match the original; nothing was moved`);
    beforeRemove();
    aside = join(dirname(from), `.${randomBytes(6).toString('hex')}.tv-moved`);
    ops.rename(from, aside);
  } catch (e) {
    rmSync(to, { recursive: true, force: true });
    throw e;
  }
  // The original is out of place in one step; deleting the set-aside folder cannot leave a half state behind.
  rmSync(aside, { recursive: true, force: true });
  return 'copied';
}
