import { chmodSync, lstatSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { LooseFolder, TightenResult } from '../../../shared/dto/folders';
import { ioError } from '../errors';

/**
 * Issue 12, point 8: the trust dir, its private/ and the data dir are flagged when they are symbolic links or open
 * to group or others, never fixed silently: the app shows them with a one-click fix and the CLI warns on stderr
 * (with `--tighten` as the fix). Tightening is chmod 0700 of the folder (through a link, of its target); a link
 * itself stays, and stays flagged: replacing it with the folder it points to is the person's decision.
 */

export interface FolderSet {
  trustDir: string;
  dataDir?: string | undefined;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

function candidates(set: FolderSet): { path: string; kind: LooseFolder['kind'] }[] {
  const out: { path: string; kind: LooseFolder['kind'] }[] = [
    { path: set.trustDir, kind: 'trust-dir' },
    { path: join(set.trustDir, 'private'), kind: 'private' },
  ];
  if (set.dataDir !== undefined) out.push({ path: set.dataDir, kind: 'data-dir' });
  return out;
}

const NAMES: Record<LooseFolder['kind'], string> = { 'trust-dir': 'The trust folder', private: "The trust folder's private/ (the key files)", 'data-dir': "The app's data folder (vault, ledger, audit log)" };

function looseOf(path: string, kind: LooseFolder['kind']): LooseFolder | null {
  const link = lstatSync(path, { throwIfNoEntry: false });
  if (!link) return null;
  let target: Stats | undefined = link;
  if (link.isSymbolicLink()) target = statSync(path, { throwIfNoEntry: false });
  if (!target?.isDirectory()) return null; // a dangling link or a file: reported where it is used
  const mode = octal(target.mode);
  if (link.isSymbolicLink()) {
    return {
      path,
      kind,
      problem: 'symlink',
      mode,
      message: `${NAMES[kind]} ${path} is a symbolic link: whoever can change the link decides where keys are read and written. Replace it with the folder itself.`,
    };
  }
  if ((target.mode & 0o077) === 0) return null;
  return { path, kind, problem: 'open', mode, message: `${NAMES[kind]} ${path} is ${mode}: other users of this computer can look inside. Tighten it to 0700.` };
}

/** The folders of `set` that are links or open to others; [] when all are 0700 folders (or absent). */
export function findLooseFolders(set: FolderSet): LooseFolder[] {
  const out: LooseFolder[] = [];
  for (const c of candidates(set)) {
    const loose = looseOf(c.path, c.kind);
    if (loose) out.push(loose);
  }
  return out;
}

/** Sets every flagged folder (a link's target) to 0700, and says what remains flagged. */
export function tightenFolders(set: FolderSet): TightenResult {
  const tightened: string[] = [];
  for (const loose of findLooseFolders(set)) {
    if ((parseInt(loose.mode, 8) & 0o077) === 0) continue;
    try {
      chmodSync(loose.path, 0o700);
    } catch (e) {
      throw ioError('Could not tighten the folder', loose.path, e);
    }
    tightened.push(loose.path);
  }
  return { tightened, remaining: findLooseFolders(set) };
}

/** One stderr line per flagged folder, with the CLI's fix. */
export function looseFolderWarnings(loose: LooseFolder[]): string {
  return loose.map((l) => `trust-vault: warning: ${l.message}${l.problem === 'open' ? ' (run again with --tighten)' : ''}\n`).join('');
}
