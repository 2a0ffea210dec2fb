import { resolve } from 'node:path';
import type { KeyInfo } from '../../../../shared/dto/keys';
import { keyInfoOf } from './key-file-info';
import { type CacheRow, type ListCache, loadListCache, saveListCache, signatureOf } from './list-cache';
import { type Candidate, collectCandidates, currentCandidate, findKeyFileNames, lstatOrNull } from './walk';
import { PRIVATE_DIR } from './layout';

/**
 * Lists every key file of a trust dir the way `notary key list` sees it: the ID is the file name, role and GUN come
 * from the PEM headers (or, in the pre-0.4 layout, from the path). Never decrypts, never writes to the trust dir.
 * Broken files are listed with a reason instead of being skipped, so nothing is silently missing.
 *
 * Built for 10,000 keys: one lstat per file when the listing index knows it, JSON bytes copied from the index,
 * per-file numbers in typed arrays, so little is left for the garbage collector.
 */

export interface ScanOptions {
  /** Where the listing index lives (<dataDir>/cache); no index when absent. */
  cacheDir?: string | undefined;
  /**
   * lstat by path relative to the trust dir, after chdir into it: the kernel then resolves one or two path
   * components instead of the whole path, which is about a fifth of a 10,000-key listing. The working directory
   * is process-wide, so only a single-purpose process (the CLI) may ask for this; it is restored afterwards.
   */
  chdir?: boolean;
}

/** The listing as one JSON array in UTF-8 bytes (the CLI's `keys list --json`). */
export function listKeysJson(trustDir: string, options: ScanOptions = {}): Buffer {
  return scan(resolve(trustDir), options);
}

export function listKeys(trustDir: string, options: ScanOptions = {}): KeyInfo[] {
  return JSON.parse(scan(resolve(trustDir), options).toString('utf8')) as KeyInfo[];
}

/** Every file that claims key `id` (current and legacy layout), read without the index. */
export function findKeyFiles(trustDir: string, id: string): KeyInfo[] {
  return collectCandidates(resolve(trustDir))
    .filter((c) => c.id === id)
    .map((c) => keyInfoOf(c, lstatOrNull(c.abs)));
}

/** JSON as UTF-8 bytes in a latin1 string, the form the index stores. */
const NON_ASCII = /[\u0080-\uffff]/;
const toBytes = (json: string) => (NON_ASCII.test(json) ? Buffer.from(json, 'utf8').toString('latin1') : json);

/** chdir into dir; returns the previous working directory, or null (and stays put) if that fails. */
function enter(dir: string): string | null {
  try {
    const before = process.cwd();
    process.chdir(dir);
    return before;
  } catch {
    return null;
  }
}

function scan(trustDir: string, options: ScanOptions): Buffer {
  const files = findKeyFileNames(trustDir);
  const n = files.current.length + files.others.length;
  const candidate = (i: number): Candidate =>
    i < files.current.length ? currentCandidate(files.privateDir, files.current[i]!) : files.others[i - files.current.length]!;
  const relOf = (i: number): string => (i < files.current.length ? `${PRIVATE_DIR}/${files.current[i]}` : files.others[i - files.current.length]!.rel);

  const cache: ListCache | null = options.cacheDir ? loadListCache(options.cacheDir, trustDir) : null;
  // Per file: where its JSON is (a range of the index, or a fresh string), and its lstat numbers for the index.
  const start = new Int32Array(n).fill(-1);
  const end = new Int32Array(n);
  const fresh: (string | undefined)[] = [];
  const stat = { ino: new Float64Array(n), size: new Float64Array(n), ctime: new Float64Array(n), mtime: new Float64Array(n), mode: new Float64Array(n) };
  const keep = new Uint8Array(n);
  let misses = 0;
  let length = 2 + Math.max(0, n - 1);

  const cwd = options.chdir ? enter(trustDir) : null;
  try {
    for (let i = 0; i < n; i++) {
      const rel = relOf(i);
      const st = lstatOrNull(cwd ? rel : `${trustDir}/${rel}`);
      if (st) {
        stat.ino[i] = st.ino;
        stat.size[i] = st.size;
        stat.ctime[i] = st.ctimeMs;
        stat.mtime[i] = st.mtimeMs;
        stat.mode[i] = st.mode;
        keep[i] = 1;
        if (cache) {
          const at = cache.lookup(rel, signatureOf(st));
          if (at >= 0) {
            start[i] = at;
            end[i] = cache.lastEnd;
            length += cache.lastEnd - at;
            continue;
          }
        }
      }
      misses++;
      const info = keyInfoOf(candidate(i), st);
      // A failed read may be passing (EIO, EMFILE): never remember it.
      if (info.problem?.code === 'UNREADABLE') keep[i] = 0;
      const json = toBytes(JSON.stringify(info));
      fresh[i] = json;
      length += json.length;
    }
  } finally {
    if (cwd) process.chdir(cwd);
  }

  const out = Buffer.allocUnsafe(length);
  let p = out.write('[', 0, 'latin1');
  for (let i = 0; i < n; i++) {
    if (i > 0) p += out.write(',', p, 'latin1');
    p += start[i]! >= 0 ? cache!.bytes.copy(out, p, start[i], end[i]) : out.write(fresh[i]!, p, 'latin1');
  }
  out.write(']', p, 'latin1');

  const kept = keep.reduce((a, b) => a + b, 0);
  if (options.cacheDir && cache && (misses > 0 || cache.size !== kept)) {
    const rows: CacheRow[] = [];
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      const json = start[i]! >= 0 ? cache.bytes.toString('latin1', start[i], end[i]) : fresh[i]!;
      const sig = signatureOf({ ino: stat.ino[i]!, size: stat.size[i]!, ctimeMs: stat.ctime[i]!, mode: stat.mode[i]! });
      rows.push({ rel: relOf(i), sig, mtimeMs: stat.mtime[i]!, ctimeMs: stat.ctime[i]!, json });
    }
    saveListCache(options.cacheDir, trustDir, rows, Date.now());
  }
  return out;
}
