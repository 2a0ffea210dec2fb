import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFileAtomically } from '../../fs/atomic-write';
import { trustDirIdOf } from '../../trustdir/trust-dir-id';

/**
 * A listing index in the app's data dir, like git's index: for each key file, its lstat signature (inode, size,
 * ctime, mode) and the JSON of the KeyInfo computed from it. A file whose signature is unchanged is not read
 * again, so listing 10,000 keys costs one lstat per file instead of open+read+close. Any write, chmod, rename or
 * utimes changes ctime, so a changed file is always re-read. Files changed in the last few seconds are not kept
 * (timestamps are coarse: a second write in the same tick could keep the signature).
 * The trust dir itself is never written; a missing, stale or cut-off index is simply rebuilt.
 *
 * The index stays a Buffer: the JSON of a hit is copied byte for byte into the output, so a warm listing makes no
 * string per key (garbage collection was a quarter of the time). Rows are ASCII only (others are not kept).
 */

const FORMAT = 'trust-vault-keylist-4'; // 4: KeyInfo.writtenAt
const RACY_MS = 3000;
const TAB = 9;
const NL = 10;

/** ctime covers every change that matters (content, chmod, rename, utimes); mtime adds nothing to it. */
export const signatureOf = (st: { ino: number; size: number; ctimeMs: number; mode: number }): string =>
  `${st.ino}:${st.size}:${st.ctimeMs}:${st.mode}`;

const cacheFile = (cacheDir: string, trustDir: string) => join(cacheDir, `keylist-${trustDirIdOf(trustDir)}.tsv`);

export class ListCache {
  /** Set by a successful lookup: where that row's JSON ends in `bytes`. */
  lastEnd = 0;
  readonly #scratch = Buffer.allocUnsafe(128);

  constructor(
    readonly bytes: Buffer,
    /** rel → offset of the signature in `bytes` (rows are "rel \t sig \t json \n"). */
    readonly rows: Map<string, number>,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  /** Offset of the cached KeyInfo JSON for rel if its signature is `sig` (then lastEnd is its end), else -1. */
  lookup(rel: string, sig: string): number {
    const at = this.rows.get(rel);
    if (at === undefined || sig.length > this.#scratch.length) return -1;
    const n = this.#scratch.write(sig, 0, 'latin1');
    if (this.bytes[at + n] !== TAB || this.#scratch.compare(this.bytes, at, at + n, 0, n) !== 0) return -1;
    const end = this.bytes.indexOf(NL, at + n + 1);
    if (end < 0) return -1;
    this.lastEnd = end;
    return at + n + 1;
  }
}

const empty = () => new ListCache(Buffer.alloc(0), new Map());

export function loadListCache(cacheDir: string, trustDir: string): ListCache {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile(cacheDir, trustDir));
  } catch {
    return empty();
  }
  // header \n rows... "#end N" \n : anything else (an older format, a cut-off write) is ignored.
  const header = `${FORMAT}\t${trustDir}\n`;
  if (bytes.length < header.length || bytes.toString('latin1', 0, header.length) !== header || bytes[bytes.length - 1] !== NL) return empty();
  const trailerAt = bytes.lastIndexOf('\n#end ', bytes.length - 2) + 1;
  if (trailerAt <= 0) return empty();
  const count = Number(bytes.toString('latin1', trailerAt + 5, bytes.length - 1));
  const rows = new Map<string, number>();
  for (let p = header.length; p < trailerAt; ) {
    const nl = bytes.indexOf(NL, p);
    const tab = bytes.indexOf(TAB, p);
    if (nl < 0 || tab < 0 || tab > nl) return empty();
    rows.set(bytes.toString('latin1', p, tab), tab + 1);
    p = nl + 1;
  }
  return rows.size === count ? new ListCache(bytes, rows) : empty();
}

export interface CacheRow {
  rel: string;
  sig: string;
  mtimeMs: number;
  ctimeMs: number;
  /** The KeyInfo JSON as UTF-8 bytes (a latin1 string). */
  json: string;
}

const cacheable = (s: string) => !/[^\x20-\x7e]|\t/.test(s);

/** Best effort: an index that cannot be written only makes the next listing slower. */
export function saveListCache(cacheDir: string, trustDir: string, rows: CacheRow[], now: number): void {
  try {
    if (!cacheable(trustDir)) return;
    const parts = [`${FORMAT}\t${trustDir}`];
    for (const r of rows) {
      if (now - r.mtimeMs < RACY_MS || now - r.ctimeMs < RACY_MS || !cacheable(r.rel) || !cacheable(r.json)) continue;
      parts.push(`${r.rel}\t${r.sig}\t${r.json}`);
    }
    parts.push(`#end ${parts.length - 1}`, '');
    // No fsync: after a crash a lost or cut-off index only fails its checks and is rebuilt.
    replaceFileAtomically(cacheFile(cacheDir, trustDir), Buffer.from(parts.join('\n'), 'latin1'), { durable: false });
  } catch {
    /* the listing itself is complete without the index */
  }
}
