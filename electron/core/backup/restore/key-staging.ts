import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, linkSync, lstatSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VaultError, ioError } from '../../errors';
import { linkError, removeQuietly, syncDir, writeNewFileAtomically } from '../../fs/atomic-write';
import { ensureSecureDir } from '../../fs/secure-dir';
import { forEachKey } from '../../keys/store/scan';

/**
 * A restore's key files, written to a staging folder in the data dir as the archive streams past (issue 13,
 * point 2), so a restore of 100,000 keys never holds them in memory, and the trust dir is not touched at all until
 * the whole archive checked out: a refused or broken archive leaves it exactly as it was (not even a folder's
 * mtime changes). `place` then puts the chosen files in, all or none: each staged file is fsync-ed (16 at a time),
 * then hard-linked to its name in the trust dir (copied, fsync-ed and linked when the data dir is on another file
 * system), never over a file; each folder is fsync-ed once at the end. `discard` removes the staging folder; one
 * left by a killed process is removed by the next restore once it is an hour old.
 */

const STAGING_DIR = 'restore-staging';
const STALE_MS = 60 * 60 * 1000;
const SYNCS_AT_ONCE = 16;

export class KeyStaging {
  readonly #root: string;
  #dir: string | null = null;
  #count = 0;
  readonly #temps = new Set<string>();
  /** IDs of the keys the trust dir holds already (listed once, at the first key). */
  #existing: Set<string> | null = null;

  constructor(
    private readonly trustDir: string,
    dataDir: string,
  ) {
    this.#root = join(dataDir, STAGING_DIR);
  }

  /**
   * Writes `data` to a new file in the staging folder (not synced yet) and returns its path; null, writing nothing,
   * when the trust dir already has a file at `rel` or a key with this ID: a restore never writes that key.
   */
  stage(rel: string, id: string, data: Buffer): string | null {
    if (lstatSync(join(this.trustDir, ...rel.split('/')), { throwIfNoEntry: false }) || this.#held(id)) return null;
    const temp = join(this.#folder(), `${++this.#count}.key`);
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
   * if the name exists (nothing is overwritten; the files already placed and the folders made for them are removed
   * again). The folders are synced once each at the end, so the links themselves are durable.
   */
  async place(files: { temp: string; path: string }[]): Promise<void> {
    for (const f of files) {
      if (!this.#temps.has(f.temp)) throw new VaultError('INTERNAL', `${f.path} was not staged by this restore; nothing was restored`);
    }
    // Every file reaches the disk before any is linked; many fsyncs at once let the file system commit them together
    // (one at a time, 100,000 key files took most of a restore's minute).
    await inParallel(files, SYNCS_AT_ONCE, (f) => syncFile(f.temp));
    const placed: string[] = [];
    const made: string[] = [];
    const ready = new Set<string>();
    try {
      for (const f of files) {
        const dir = dirname(f.path);
        if (!ready.has(dir)) {
          made.push(...missingDirs(dir));
          ensureSecureDir(dir);
          ready.add(dir);
        }
        linkInto(f.temp, f.path);
        placed.push(f.path);
      }
    } catch (e) {
      for (const p of placed) removeQuietly(p);
      for (const d of made.reverse()) removeEmptyDir(d);
      throw e;
    }
    for (const dir of ready) syncDir(dir);
  }

  /** Removes the staging folder and everything in it (placed files keep their links in the trust dir). */
  discard(): void {
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = null;
    this.#temps.clear();
  }

  #folder(): string {
    if (this.#dir) return this.#dir;
    ensureSecureDir(this.#root);
    sweepStale(this.#root);
    this.#dir = join(this.#root, `${Date.now()}-${randomBytes(6).toString('hex')}`);
    ensureSecureDir(this.#dir);
    return this.#dir;
  }

  #held(id: string): boolean {
    if (this.#existing === null) {
      const ids = new Set<string>();
      if (lstatSync(this.trustDir, { throwIfNoEntry: false })?.isDirectory()) forEachKey(this.trustDir, (k) => ids.add(k.id));
      this.#existing = ids;
    }
    return this.#existing.has(id);
  }
}

/** Staging folders of restores killed part-way (a live restore writes into its own folder all the time). */
function sweepStale(root: string): void {
  for (const name of readdirSync(root)) {
    const at = Number(/^(\d+)-[0-9a-f]{12}$/.exec(name)?.[1]);
    if (Number.isSafeInteger(at) && Date.now() - at > STALE_MS) rmSync(join(root, name), { recursive: true, force: true });
  }
}

/** Hard-links `temp` to `path` (never over a file); across file systems, a synced copy is written and linked instead. */
function linkInto(temp: string, path: string): void {
  try {
    linkSync(temp, path);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw linkError(path, e);
  }
  writeNewFileAtomically(path, readFileSync(temp));
}

/** The folders from `dir` up that do not exist yet, outermost first. */
function missingDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !lstatSync(d, { throwIfNoEntry: false }); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  return missing;
}

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

function removeEmptyDir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    /* not empty: someone else wrote there */
  }
}
