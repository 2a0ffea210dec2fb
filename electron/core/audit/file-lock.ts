import { linkSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { VaultError, ioError } from '../errors';
import { readRegularFile } from '../fs/read-regular-file';

export interface LockOptions {
  /** How long to keep trying before giving up (default 5 s). */
  waitMs?: number;
  /** A lock file older than this was left by a process that died holding it: it is broken (default 10 s). */
  staleMs?: number;
}

const EMPTY_LOCK_GRACE_MS = 1000;
const pause = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(pause, 0, 0, ms);

/**
 * Runs `fn` holding a cross-process lock: a file made exclusively with a random token in it (createWithToken), removed after.
 * The app and the CLI may append to the audit log at the same moment; the critical section is a few milliseconds, so
 * waiting is synchronous (short sleeps between tries). A lock file older than `staleMs` is broken, but only if it
 * still holds the token we read as stale (a narrow window remains where two breakers race; with a 10 s staleness
 * and millisecond sections that needs a process to die holding the lock first).
 */
export function withFileLock<T>(path: string, fn: () => T, options: LockOptions = {}): T {
  const waitMs = options.waitMs ?? 5000;
  const staleMs = options.staleMs ?? 10_000;
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    if (createWithToken(path, token)) {
      try {
        return fn();
      } finally {
        releaseIfOurs(path, token);
      }
    }
    breakIfStale(path, staleMs);
    if (Date.now() >= deadline) throw new VaultError('IO_ERROR', `Could not lock ${path}: another process has held it for over ${Math.round(waitMs / 1000)} s`);
    sleep(Math.min(50, 2 + attempt * 3) + Math.floor(Math.random() * 5));
  }
}

/**
 * Makes the lock file with its token already in it, or answers false when it exists. The token is written to a
 * temporary file beside it (`.<name>.<12 hex>.tmp`, the pattern leftovers/ collects), which is then hard-linked to the
 * lock's name: link never replaces a file, so this is as exclusive as O_EXCL, and the lock never exists empty. (It used
 * to be created empty and then written: a kill -9 between the two left an empty lock that named no holder, so nobody
 * could see it was abandoned, and every command for the next staleMs waited and failed with "held for over 5 s".)
 */
function createWithToken(path: string, token: string): boolean {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    try {
      writeFileSync(tmp, token, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      // A full disk: nothing is locked, and the half-made temporary file goes in the finally below.
      throw ioError('Could not lock', path, e);
    }
    try {
      linkSync(tmp, path);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw ioError('Could not lock', path, e);
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // never made
    }
  }
}

function readQuietly(path: string): string | null {
  try {
    const r = readRegularFile(path, 4096);
    return r.kind === 'ok' ? r.bytes.toString('utf8') : null;
  } catch {
    return null;
  }
}

function releaseIfOurs(path: string, token: string): void {
  if (readQuietly(path) !== token) return; // broken as stale while we held it: not ours to remove any more
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function breakIfStale(path: string, staleMs: number): void {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return; // released meanwhile
  }
  const seen = readQuietly(path);
  if (seen === null) return;
  // A holder on this machine that no longer runs (killed, crashed) left it: stale at once, not after staleMs. So is
  // an empty one a second old: locks are never made empty now (createWithToken), so it was left by a run of an
  // earlier version killed between creating and writing it (the second leaves such a run time to write its token).
  const abandoned = holderIsGone(seen) || (seen === '' && Date.now() - mtimeMs > EMPTY_LOCK_GRACE_MS);
  if (Date.now() - mtimeMs < staleMs && !abandoned) return;
  // Re-read just before removing: if the holder changed since we looked, the lock is fresh.
  if (readQuietly(path) !== seen) return;
  try {
    unlinkSync(path);
  } catch {
    // someone else broke it
  }
}

/** The token names the holder's PID: true when that process no longer exists (a lock left by kill -9). */
function holderIsGone(token: string): boolean {
  const pid = Number(/^(\d+) [0-9a-f]{16}\n$/.exec(token)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
