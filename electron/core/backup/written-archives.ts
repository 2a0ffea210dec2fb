import { createHash } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { WrittenArchive } from '../../../shared/dto/backups';
import { VaultError } from '../errors';
import { replaceFileAtomically } from '../fs/atomic-write';
import { readRegularFile } from '../fs/read-regular-file';

/**
 * The trust-data archive folders the app wrote (issue 15, point 3), remembered in the data dir so the backup wizard
 * can offer them by opaque ID: the renderer never names a path. Folders that have gone since are simply not listed.
 */

const FILE = 'trust-data-archives.json';
const MAX_REMEMBERED = 200;
const MAX_BYTES = 1024 * 1024;

interface Remembered {
  dir: string;
  guns: string[];
  writtenAt: string;
}

const idOf = (dir: string) => createHash('sha256').update(dir).digest('hex').slice(0, 24);

function readAll(dataDir: string): Remembered[] {
  const r = readRegularFile(join(dataDir, FILE), MAX_BYTES);
  if (r.kind !== 'ok') return [];
  try {
    const list = JSON.parse(r.bytes.toString('utf8')) as unknown;
    if (!Array.isArray(list)) return [];
    return list.filter(
      (x): x is Remembered => typeof x?.dir === 'string' && typeof x.writtenAt === 'string' && Array.isArray(x.guns) && x.guns.every((g: unknown) => typeof g === 'string'),
    );
  } catch {
    return []; // a damaged list only costs the offer; the archives themselves are untouched
  }
}

export function rememberArchive(dataDir: string, entry: Remembered): void {
  const list = [entry, ...readAll(dataDir).filter((x) => x.dir !== entry.dir)].slice(0, MAX_REMEMBERED);
  replaceFileAtomically(join(dataDir, FILE), `${JSON.stringify(list, null, 2)}\n`);
}

/** The remembered archives whose folder still exists, newest first. */
export function listWrittenArchives(dataDir: string): WrittenArchive[] {
  return readAll(dataDir)
    .filter((x) => lstatSync(x.dir, { throwIfNoEntry: false })?.isDirectory())
    .map((x) => ({ id: idOf(x.dir), name: basename(x.dir), guns: x.guns, writtenAt: x.writtenAt }));
}

/** The folders behind the IDs the wizard sent; an unknown ID is refused rather than skipped. */
export function archiveDirsOf(dataDir: string, ids: string[]): string[] {
  const all = readAll(dataDir);
  return ids.map((id) => {
    const found = all.find((x) => idOf(x.dir) === id);
    if (!found) throw new VaultError('NOT_FOUND', 'That trust-data archive is no longer known: list the archives again');
    return found.dir;
  });
}
