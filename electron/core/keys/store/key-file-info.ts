import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { KeyInfo, KeyProblem } from '../../../../shared/dto/keys';
import { classifyKeyFile, type KeyFileContent, peekHeaders } from './classify';
import { MAX_KEY_FILE_BYTES, isKeyId, kindOfRole } from './layout';
import type { Candidate } from './walk';

/** One key file's KeyInfo, from its lstat and (when it is a small regular file) its bytes. Never decrypts. */

const readBuffer = Buffer.allocUnsafe(MAX_KEY_FILE_BYTES + 1);

/**
 * Reads at most MAX_KEY_FILE_BYTES; O_NOFOLLOW so a symlink swapped in after lstat is not followed. Returns a view
 * of one shared buffer, valid until the next read: callers turn it into text at once (saves 10,000 copies).
 * O_NONBLOCK and a check on the descriptor: a FIFO swapped in after lstat is refused, never waited on.
 */
export function readSmallFile(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'NOT_A_FILE' });
    let n = 0;
    let r: number;
    while (n < readBuffer.length && (r = readSync(fd, readBuffer, n, readBuffer.length - n, n)) > 0) n += r;
    return readBuffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function problemFromStat(st: Stats | undefined): { code: KeyProblem; reason: string } | null {
  if (!st) return { code: 'UNREADABLE', reason: 'the file disappeared while listing' };
  if (st.isSymbolicLink()) return { code: 'SYMLINK', reason: 'the key file is a symbolic link (notary skips it)' };
  if (!st.isFile()) return { code: 'NOT_A_FILE', reason: 'not a regular file' };
  if (st.size > MAX_KEY_FILE_BYTES) return { code: 'TOO_LARGE', reason: `the file is ${st.size} bytes; a key file is under 64 KiB` };
  if (st.size === 0) return { code: 'EMPTY', reason: 'the file is empty' };
  return null;
}

function contentOf(c: Candidate): KeyFileContent {
  let bytes: Buffer;
  try {
    bytes = readSmallFile(c.abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return { role: null, gun: null, format: 'unknown', encrypted: false, algorithm: null, problem: { code: 'UNREADABLE', reason: `cannot read the file (${code})` } };
  }
  return classifyKeyFile(bytes, c.fallback);
}

/** A file too large to parse: only the headers at its start, as notary still lists it by them. */
function headersOnly(c: Candidate): KeyFileContent | null {
  try {
    const { role, gun } = peekHeaders(readSmallFile(c.abs));
    return { role: role ?? c.fallback?.role ?? null, gun: gun ?? c.fallback?.gun ?? null, format: 'unknown', encrypted: false, algorithm: null, problem: null };
  } catch {
    return null;
  }
}

export function keyInfoOf(c: Candidate, st: Stats | undefined): KeyInfo {
  const statProblem = problemFromStat(st);
  const content: KeyFileContent | null = statProblem ? (statProblem.code === 'TOO_LARGE' ? headersOnly(c) : null) : contentOf(c);
  let problem = statProblem ?? content?.problem ?? null;
  // Loose permissions are reported after what the content says, so the role and GUN are still shown.
  if (!problem && st && (st.mode & 0o077) !== 0) {
    problem = { code: 'LOOSE_PERMISSIONS', reason: `mode ${(st.mode & 0o777).toString(8)}: others can read this key file (should be 600)` };
  }
  if (!problem && !isKeyId(c.id)) problem = { code: 'BAD_FILE_NAME', reason: 'the file name is not a 64-character key ID' };
  const role = content?.role ?? c.fallback?.role ?? null;
  const info: KeyInfo = {
    id: c.id,
    role,
    gun: content?.gun ?? c.fallback?.gun ?? null,
    kind: kindOfRole(role),
    algorithm: content?.algorithm ?? null,
    location: 'file',
    path: c.abs,
    file: c.rel,
    layout: c.layout,
    format: content?.format ?? 'unknown',
    encrypted: content?.encrypted ?? false,
    status: problem ? 'broken' : 'ok',
  };
  if (problem) info.problem = problem;
  if (st) info.writtenAt = new Date(st.mtimeMs).toISOString();
  return info;
}

