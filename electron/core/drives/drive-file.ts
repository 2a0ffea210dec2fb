import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { noSpaceOn } from '../fs/device-of';
import { basename, dirname, join } from 'node:path';
import type { ErrorCode } from '../../../shared/error-codes';
import { VaultError, ioError } from '../errors';

/**
 * Writing a backup file to a removable drive, and reading it back from the drive for verification.
 *
 * A drive can fill up, be write-protected, or be pulled out at any moment. The rule is that the final name appears
 * only once the whole file is on the drive, and never replaces a file already there: the bytes go to a temporary
 * name that does not look like a backup, are synced, and only then get the final name.
 */

/** Large enough that a 1 GB USB 2 stick is not slowed down by syscalls, small enough for smooth progress. */
export const DRIVE_CHUNK_BYTES = 1024 * 1024;

/** The subset of a FileHandle used here. */
export interface DriveFileHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file system calls used here, so tests can make them fail the way drives do. */
export interface FileOps {
  open(path: string, flags: string, mode?: number): Promise<DriveFileHandle>;
  link(existingPath: string, newPath: string): Promise<void>;
  rename(oldPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Resolves if something has the name, rejects (ENOENT) if not. */
  lstat(path: string): Promise<unknown>;
}

export const nodeFileOps: FileOps = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  link: (a, b) => fsp.link(a, b),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  lstat: (p) => fsp.lstat(p),
};

export interface WriteOptions {
  onProgress?(done: number, total: number): void;
  ops?: FileOps;
}

/** Codes meaning the drive (or its FUSE driver) is gone, rather than this one file being wrong. */
const GONE = new Set(['ENOENT', 'EIO', 'ENOTCONN', 'ENXIO', 'ENODEV', 'ESTALE']);
/** How exFAT/FAT (EPERM), and some network or FUSE file systems, say they have no hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

type Stage = 'open' | 'write' | 'place';

/**
 * `data` is the file's bytes, or a stream of them (a backup made as it is written): either way the temporary file is
 * removed if anything fails, the stream's own errors included, and the final name appears only for the whole file.
 */
export async function writeNewFileOnDrive(dir: string, name: string, data: Uint8Array | AsyncIterable<Uint8Array>, options: WriteOptions = {}): Promise<{ path: string; bytes: number }> {
  const ops = options.ops ?? nodeFileOps;
  if (name === '' || name === '.' || name === '..' || basename(name) !== name || name.includes('/')) {
    throw new VaultError('INVALID_ARGUMENT', `Not a plain file name: ${JSON.stringify(name)}`);
  }
  const finalPath = join(dir, name);
  const tempPath = join(dir, `.${name}.partial-${randomBytes(6).toString('hex')}`);
  let stage: Stage = 'open';
  let tempCreated = false;
  let handle: DriveFileHandle | null = null;
  let bytes = 0;
  try {
    // Checked first so a refusal costs nothing; placing the file checks again, since the name can appear meanwhile.
    if (await exists(ops, finalPath)) throw alreadyExists(finalPath);
    handle = await ops.open(tempPath, 'wx', 0o600);
    tempCreated = true;
    stage = 'write';
    bytes = data instanceof Uint8Array ? await writeAll(handle, data, options.onProgress) : await writeStream(handle, data, options.onProgress);
    await handle.sync();
    const h = handle;
    handle = null;
    await h.close();
    stage = 'place';
    await placeWithoutOverwriting(ops, tempPath, finalPath);
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    const tempLeft = tempCreated && !(await removeQuietly(ops, tempPath));
    throw writeError(e, stage, finalPath, tempLeft ? tempPath : null);
  }
  await syncFolder(ops, dir);
  return { path: finalPath, bytes };
}

async function writeAll(handle: DriveFileHandle, data: Uint8Array, onProgress: WriteOptions['onProgress'], at = 0): Promise<number> {
  let done = 0;
  if (at === 0) onProgress?.(0, data.length);
  while (done < data.length) {
    const length = Math.min(DRIVE_CHUNK_BYTES, data.length - done);
    const { bytesWritten } = await handle.write(data, done, length, at + done);
    // A short write with no error is how some drivers say "no more room"; zero would loop forever.
    if (bytesWritten <= 0) throw Object.assign(new Error('the drive accepted no more bytes'), { code: 'ENOSPC' });
    done += bytesWritten;
    if (at === 0) onProgress?.(done, data.length);
  }
  return done;
}

/** Writes the stream's slices as they come; the total is not known until it ends, so progress says bytes so far. */
async function writeStream(handle: DriveFileHandle, data: AsyncIterable<Uint8Array>, onProgress: WriteOptions['onProgress']): Promise<number> {
  let done = 0;
  for await (const slice of data) {
    done += await writeAll(handle, slice, undefined, done);
    onProgress?.(done, done);
  }
  return done;
}

/** A hard link fails if the name exists (atomic no-overwrite); without hard links, check then rename. */
async function placeWithoutOverwriting(ops: FileOps, tempPath: string, finalPath: string): Promise<void> {
  try {
    await ops.link(tempPath, finalPath);
    await removeQuietly(ops, tempPath);
    return;
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'EEXIST') throw alreadyExists(finalPath);
    if (!code || !NO_HARD_LINKS.has(code)) throw e;
  }
  // FAT and exFAT: rename would replace an existing file, so look first. Another writer could slip in between;
  // the vault is the only writer of backup names on its drives, so that window is accepted.
  if (await exists(ops, finalPath)) throw alreadyExists(finalPath);
  await ops.rename(tempPath, finalPath);
}

/** Makes the new name durable; some file systems (FAT via the kernel, some FUSE) refuse fsync on a folder. */
async function syncFolder(ops: FileOps, dir: string): Promise<void> {
  let handle: DriveFileHandle | null = null;
  try {
    handle = await ops.open(dir, 'r');
    await handle.sync();
  } catch {
    /* best effort: EINVAL/EISDIR/ENOTSUP and friends; the file's own data is already synced */
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function exists(ops: FileOps, path: string): Promise<boolean> {
  try {
    await ops.lstat(path);
    return true;
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return false;
    throw e;
  }
}

/** True when the file is gone afterwards (removed now, or never created). */
async function removeQuietly(ops: FileOps, path: string): Promise<boolean> {
  try {
    await ops.unlink(path);
    return true;
  } catch (e) {
    return errnoOf(e) === 'ENOENT';
  }
}

function alreadyExists(path: string): VaultError {
  return new VaultError('ALREADY_EXISTS', `${path} already exists; it was not overwritten`);
}

function writeError(e: unknown, stage: Stage, finalPath: string, tempLeft: string | null): VaultError {
  if (e instanceof VaultError) return e;
  const code = errnoOf(e);
  const leftover = tempLeft ? ` An unfinished temporary file ${basename(tempLeft)} may be left there; it is not a backup and can be deleted.` : '';
  const say = (c: ErrorCode, text: string) => new VaultError(c, `${text}${leftover}`);
  if (code === 'ENOSPC' || code === 'EDQUOT') return say('DRIVE_FULL', `${noSpaceOn(finalPath)}: ${finalPath} could not be written; nothing that looks like a backup was left, and the trust folder and the ledger were not changed.`);
  if (code === 'EROFS' || (stage === 'open' && (code === 'EACCES' || code === 'EPERM'))) {
    return say('DRIVE_READ_ONLY', `The drive is read-only or may not be written to: ${finalPath} could not be created.`);
  }
  if (stage === 'open' && code === 'ENOENT') {
    return say('DRIVE_UNAVAILABLE', `The folder ${dirname(finalPath)} is not there; the drive may have been removed.`);
  }
  if (code && GONE.has(code)) {
    return say('DRIVE_UNAVAILABLE', `The drive went away while writing ${finalPath} (${code}); nothing that looks like a backup was left.`);
  }
  if (code === 'EEXIST') return alreadyExists(finalPath);
  const plain = ioError('Could not write', finalPath, e);
  return new VaultError(plain.code, `${plain.message}${leftover}`);
}

export interface ReadOptions {
  onProgress?(done: number, total: number): void;
  chunkBytes?: number;
  ops?: FileOps;
}

/**
 * Reads a file back from the drive by its path, opened afresh (so it is what the drive holds now, not a buffer
 * kept from writing), in chunks. Each yielded Buffer is the caller's to keep.
 */
export async function* readFileFromDrive(path: string, options: ReadOptions = {}): AsyncGenerator<Buffer> {
  const ops = options.ops ?? nodeFileOps;
  const chunkBytes = options.chunkBytes ?? DRIVE_CHUNK_BYTES;
  let handle: DriveFileHandle;
  try {
    handle = await ops.open(path, 'r');
  } catch (e) {
    throw readError(e, path, true);
  }
  try {
    const total = (await handle.stat()).size;
    let done = 0;
    options.onProgress?.(0, total);
    for (;;) {
      const buf = Buffer.alloc(chunkBytes);
      const { bytesRead } = await handle.read(buf, 0, chunkBytes, done);
      if (bytesRead === 0) break;
      done += bytesRead;
      options.onProgress?.(done, Math.max(total, done));
      yield bytesRead === chunkBytes ? buf : buf.subarray(0, bytesRead);
    }
  } catch (e) {
    throw readError(e, path, false);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function readError(e: unknown, path: string, atOpen: boolean): VaultError {
  if (e instanceof VaultError) return e;
  const code = errnoOf(e);
  // A missing file at open is just that (NOT_FOUND); anything "gone" later means the drive went.
  if (code && GONE.has(code) && !(atOpen && code === 'ENOENT')) {
    return new VaultError('DRIVE_UNAVAILABLE', `The drive went away while reading ${path} (${code}).`);
  }
  return ioError('Could not read', path, e);
}

function errnoOf(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
