import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { VaultError, ioError } from '../errors';
import { ensureSecureDir } from './secure-dir';

/**
 * Writes files so that a reader sees either nothing or the whole file: the bytes go to a temporary file in the
 * same directory (same file system, so the final step is atomic), are fsync-ed, then linked or renamed into place.
 * Files are 0600 whatever the umask.
 */

export interface FileToWrite {
  path: string;
  data: string | Buffer;
}

/** Writes a complete temporary file next to `path` and returns its name. */
function writeTemp(path: string, data: string | Buffer, durable = true): string {
  const dir = dirname(path);
  ensureSecureDir(dir);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    // 'wx' = O_CREAT|O_EXCL: never follows or reuses something already there.
    fd = openSync(tmp, 'wx', 0o600);
    fchmodSync(fd, 0o600);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    if (durable) fsyncSync(fd);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    removeQuietly(tmp);
    throw ioError('Could not write', path, e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return tmp;
}

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** Makes a rename or link durable: the directory entry itself must reach the disk. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* some file systems refuse fsync on a directory; the data itself is already synced */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Creates new files, all or none: every temporary file is written first, then each is hard-linked to its final
 * name, which fails if that name exists (never overwrites). If any step fails, the files already placed are removed
 * again, so nothing half-written stays behind.
 */
export function writeNewFilesAtomically(files: FileToWrite[]): void {
  const temps: string[] = [];
  const placed: string[] = [];
  try {
    for (const f of files) temps.push(writeTemp(f.path, f.data));
    files.forEach((f, i) => {
      try {
        linkSync(temps[i]!, f.path);
      } catch (e) {
        throw linkError(f.path, e);
      }
      placed.push(f.path);
    });
  } catch (e) {
    placed.forEach(removeQuietly);
    throw e;
  } finally {
    temps.forEach(removeQuietly);
  }
  new Set(files.map((f) => dirname(f.path))).forEach(syncDir);
}

/** Why a hard link to the new name `path` failed: a file already there is never overwritten. */
export function linkError(path: string, e: unknown): VaultError {
  if ((e as NodeJS.ErrnoException).code === 'EEXIST') return new VaultError('ALREADY_EXISTS', `${path} already exists; it was not overwritten`);
  return ioError('Could not create', path, e);
}

export function writeNewFileAtomically(path: string, data: string | Buffer): void {
  writeNewFilesAtomically([{ path, data }]);
}

/**
 * Replaces one file in a single step (rename): readers see the old or the new content, never a mix.
 * `durable: false` skips the fsyncs, for caches that are rebuilt if a crash loses them.
 */
export function replaceFileAtomically(path: string, data: string | Buffer, options: { durable?: boolean } = {}): void {
  const durable = options.durable ?? true;
  const tmp = writeTemp(path, data, durable);
  try {
    renameSync(tmp, path);
  } catch (e) {
    removeQuietly(tmp);
    throw ioError('Could not replace', path, e);
  }
  if (durable) syncDir(dirname(path));
}
