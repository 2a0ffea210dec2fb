import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { VaultError } from '../errors';

/**
 * The one way the vault reads a file (issue 12, point 7): opened without blocking (O_NONBLOCK: opening a FIFO for
 * reading otherwise waits for a writer forever), checked on the open descriptor to be a regular file (not a FIFO,
 * a device such as /dev/zero, a directory or a socket), never read past a size cap, and, for files the vault keeps
 * in its own folders, opened with O_NOFOLLOW so a symbolic link put in their place is never followed.
 */

/** What reading a file found. Errors other than "absent" and "a link" are thrown. */
export type RegularFileRead =
  | { kind: 'missing' }
  | { kind: 'symlink' }
  | { kind: 'not-a-file' }
  | { kind: 'too-large'; size: number }
  | { kind: 'ok'; bytes: Buffer; changedSize: boolean };

export interface ReadRegularOptions {
  /**
   * Follow a symbolic link to its target (a file the person named, e.g. `keys import ./key.pem`). Default false:
   * files inside the trust dir and the data dir are opened with O_NOFOLLOW.
   */
  followLinks?: boolean;
}

/**
 * Reads a whole regular file of at most `maxBytes`, checked on the open descriptor (not on the path, which could
 * change in between). Never blocks on a FIFO and never reads more than `maxBytes` (plus nothing: a file that grew
 * since fstat is read up to its size at fstat and reported `changedSize`).
 */
export function readRegularFile(path: string, maxBytes: number, options: ReadRegularOptions = {}): RegularFileRead {
  let fd: number;
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.followLinks ? 0 : (constants.O_NOFOLLOW ?? 0));
  try {
    fd = openSync(path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ELOOP') return { kind: 'symlink' };
    // O_NONBLOCK on a FIFO without a writer opens fine on Linux; some systems answer ENXIO for other special files.
    if (code === 'ENXIO' || code === 'EISDIR') return { kind: 'not-a-file' };
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { kind: 'not-a-file' };
    if (st.size > maxBytes) return { kind: 'too-large', size: st.size };
    const buf = Buffer.alloc(st.size);
    let n = 0;
    let r: number;
    while (n < buf.length && (r = readSync(fd, buf, n, buf.length - n, n)) > 0) n += r;
    return { kind: 'ok', bytes: buf.subarray(0, n), changedSize: n !== st.size };
  } finally {
    closeSync(fd);
  }
}

/** A size in words for error messages: "16 MiB", "64 KiB", "300 bytes". */
export function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

export interface ReadFileOrRefuseOptions extends ReadRegularOptions {
  /** What the file is, for the error: "the key file", "the settings file". */
  what: string;
  maxBytes: number;
}

/**
 * readRegularFile for callers that want bytes or a clear error: null when the file does not exist, else its bytes;
 * FILE_REFUSED (naming the file and the limit) for a link where none is followed, anything but a regular file, or
 * a file over the cap; IO_ERROR for the rest. A file that changed size while read is refused too: read it again.
 */
export function readFileOrRefuse(path: string, options: ReadFileOrRefuseOptions): Buffer | null {
  let r: RegularFileRead;
  try {
    r = readRegularFile(path, options.maxBytes, options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new VaultError('IO_ERROR', `Could not read ${options.what} ${path}: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' '));
  }
  switch (r.kind) {
    case 'missing':
      return null;
    case 'symlink':
      throw new VaultError('FILE_REFUSED', `${options.what} ${path} is a symbolic link; it is not followed (nothing was read)`);
    case 'not-a-file':
      throw new VaultError('FILE_REFUSED', `${options.what} ${path} is not a regular file (a pipe, a device or a folder); nothing was read`);
    case 'too-large':
      throw new VaultError('FILE_REFUSED', `${options.what} ${path} is ${r.size} bytes, over the ${sizeInWords(options.maxBytes)} limit; nothing was read`);
  }
  if (r.changedSize) throw new VaultError('FILE_REFUSED', `${options.what} ${path} changed size while it was read; try again`);
  return r.bytes;
}

/** readFileOrRefuse for a file that must exist: NOT_FOUND names it. */
export function readExistingFile(path: string, options: ReadFileOrRefuseOptions): Buffer {
  const bytes = readFileOrRefuse(path, options);
  if (bytes === null) throw new VaultError('NOT_FOUND', `${options.what} ${path} does not exist`);
  return bytes;
}
