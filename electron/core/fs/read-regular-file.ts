import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** What reading a file without following links found. Errors other than "absent" and "a link" are thrown. */
export type RegularFileRead =
  | { kind: 'missing' }
  | { kind: 'symlink' }
  | { kind: 'not-a-file' }
  | { kind: 'too-large'; size: number }
  | { kind: 'ok'; bytes: Buffer; changedSize: boolean };

/**
 * Reads a whole regular file of at most `maxBytes`, opened with O_NOFOLLOW so a symlink put in its place is never
 * followed, and checked on the open descriptor (not on the path, which could change in between).
 */
export function readRegularFile(path: string, maxBytes: number): RegularFileRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ELOOP') return { kind: 'symlink' };
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
