import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, linkSync, lstatSync, openSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { VaultError, ioError } from '../../errors';
import { ensureSecureDir } from '../../fs/secure-dir';
import { forEachKey } from '../../keys/store/scan';

/**
 * A restore's key files, written into the trust dir as the archive streams past (issue 13, point 2), so a restore
 * of 100,000 keys never holds them in memory. Each goes to a temporary file beside where it belongs, named as
 * fs/atomic-write.ts names its own (`.<name>.<12 hex>.tmp`): notary and the key list do not see it, and if the
 * process is killed the leftover collector (leftovers/) finds it. Nothing is in place until `place`, which runs only
 * once the whole archive checked out: each chosen file is fsync-ed and hard-linked to its name (never over a file),
 * all or none, then each folder is fsync-ed once. `discard` removes every temporary file and the folders made for
 * them, so a failed restore leaves the trust dir as it was.
 */
export class KeyStaging {
  readonly #temps = new Set<string>();
  /** Folders made for staged files that were not there before, outermost first. */
  readonly #madeDirs: string[] = [];
  readonly #knownDirs = new Set<string>();
  /** IDs of the keys the trust dir holds already (listed once, at the first key). */
  #existing: Set<string> | null = null;

  constructor(private readonly trustDir: string) {}

  /**
   * Writes `data` to a temporary file beside trustDir/rel (not synced yet) and returns its path; null, writing
   * nothing, when the trust dir already has a file there or a key with this ID: a restore never writes that key, and
   * a restore that has nothing new to write leaves the trust dir untouched.
   */
  stage(rel: string, id: string, data: Buffer): string | null {
    const path = join(this.trustDir, ...rel.split('/'));
    if (lstatSync(path, { throwIfNoEntry: false }) || this.#held(id)) return null;
    const dir = dirname(path);
    this.#ensureDir(dir);
    const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    let fd: number | undefined;
    try {
      // 'wx' = O_CREAT|O_EXCL: never follows or reuses something already there.
      fd = openSync(temp, 'wx', 0o600);
      this.#temps.add(temp);
      fchmodSync(fd, 0o600);
      for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
    } catch (e) {
      throw ioError('Could not write', temp, e);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return temp;
  }

  /**
   * Puts staged files in place, all or none: every one is synced first, then each is linked to its name, which fails
   * if the name exists (nothing is overwritten; the ones already placed are removed again). The folders are synced
   * once each at the end, so the links themselves are durable.
   */
  async place(files: { temp: string; path: string }[]): Promise<void> {
    for (const f of files) {
      if (!this.#temps.has(f.temp)) throw new VaultError('INTERNAL', `${f.path} was not staged by this restore; nothing was restored`);
    }
    // Every file reaches the disk before any is linked; many fsyncs at once let the file system commit them together
    // (one at a time, 100,000 key files took most of a restore's minute).
    await inParallel(files, SYNCS_AT_ONCE, (f) => syncFile(f.temp));
    const placed: string[] = [];
    try {
      for (const f of files) {
        try {
          linkSync(f.temp, f.path);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new VaultError('ALREADY_EXISTS', `${f.path} already exists; it was not overwritten`);
          throw ioError('Could not create', f.path, e);
        }
        placed.push(f.path);
      }
    } catch (e) {
      for (const p of placed) removeQuietly(p);
      throw e;
    }
    for (const dir of new Set(files.map((f) => dirname(f.path)))) syncDir(dir);
  }

  /** Removes every staged file (placed ones keep their name: they were linked) and the folders made for them. */
  discard(): void {
    for (const t of this.#temps) removeQuietly(t);
    this.#temps.clear();
    for (const d of [...this.#madeDirs].reverse()) {
      try {
        rmdirSync(d);
      } catch {
        /* not empty: something was placed in it, or someone else wrote there */
      }
    }
    this.#madeDirs.length = 0;
  }

  #held(id: string): boolean {
    if (this.#existing === null) {
      const ids = new Set<string>();
      if (lstatSync(this.trustDir, { throwIfNoEntry: false })?.isDirectory()) forEachKey(this.trustDir, (k) => ids.add(k.id));
      this.#existing = ids;
    }
    return this.#existing.has(id);
  }

  #ensureDir(dir: string): void {
    if (this.#knownDirs.has(dir)) return;
    // The folders this restore makes (trust dir, private/, a legacy folder), to take away again on failure.
    const missing: string[] = [];
    for (let d = dir; !lstatSync(d, { throwIfNoEntry: false }); d = dirname(d)) {
      missing.unshift(d);
      if (dirname(d) === d) break;
    }
    ensureSecureDir(dir);
    this.#madeDirs.push(...missing);
    this.#knownDirs.add(dir);
  }
}

const SYNCS_AT_ONCE = 16;

async function syncFile(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (e) {
    throw ioError('Could not write', path, e);
  } finally {
    await handle?.close();
  }
}

/** Runs `fn` over `items`, at most `limit` at a time; the first failure is thrown once all started ones are done. */
async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < items.length && failure === null) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw failure;
}

function syncDir(dir: string): void {
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

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}
