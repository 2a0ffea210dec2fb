import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { replaceFileAtomically } from '../../fs/atomic-write';
import { trustDirIdOf } from '../../trustdir/trust-dir-id';

/**
 * The listing index: a file in the app's data dir, like git's index. For each key file it holds the file's lstat
 * signature and the JSON of the KeyInfo computed from it, in listing order:
 *
 *   trust-vault-keylist-4 \t <trust dir> \n
 *   #private <signature of private/, or "-" padded to the same length> \n
 *   <rel> \t <signature: 96 hex digits> \t <KeyInfo JSON> \n      (one row per key file, listing order)
 *   #end <row count> \n
 *
 * When nothing was added, removed or renamed, a listing needs no directory read at all: private/'s own signature
 * is unchanged (creating, deleting or renaming an entry moves a folder's mtime and ctime), so the index's rows are
 * its entries, and each file is checked by one lstat. That shortcut is only written when private/ holds nothing
 * but *.key files that all have a row (no sub-folder, whose own changes would not show on private/, and no other
 * file, such as a temporary file left behind, that a listing should see). Otherwise a
 * listing reads the folders and walks them and this file side by side (both in listing order). Either way no
 * unchanged file is opened, no per-key object is built, and a row's JSON is copied byte for byte into the output,
 * through a small window of this file.
 *
 * Never stale: a signature is (dev, ino, size, mtime, ctime, mode). Any write, truncation, chmod, rename or
 * utimes moves ctime, which no program can set back; replacing a file by another one (rename over it, or delete
 * and create) changes ino or ctime too. The one hole is the timestamp's granularity: a file changed twice within
 * one tick keeps its signature. So a signature (of a file or of private/) is only written when its mtime and
 * ctime are at least RACY_MS older than the moment the listing started (git's "racy clean" rule): a later change
 * then necessarily gets a later timestamp. Newer files are listed by reading them, and stored by a later listing.
 * Rows are printable ASCII only (others are read every time). A missing, damaged or older index is ignored and
 * rewritten; the trust dir itself is never written.
 */

const FORMAT = 'trust-vault-keylist-4';
export const RACY_MS = 3000;
const WINDOW = 64 * 1024;
const TAB = 9;
const NL = 10;
const SLASH = 47;
const DASH = 45;
const PRIVATE_LINE = '#private ';
const PRINTABLE = /^[\x20-\x7e]*$/;

export const indexFileOf = (cacheDir: string, trustDir: string): string => join(cacheDir, `keylist-${trustDirIdOf(trustDir)}.tsv`);

/** Can this text go into a row as it is (printable ASCII, so one char is one byte, and no tab)? */
export const storable = (s: string): boolean => PRINTABLE.test(s) && !s.includes('\t');

/** A file's signature numbers, kept per file in a Float64Array (6 slots each) while listing. */
export const SIG_SLOTS = 6;
export const SIG_BYTES = 96;
export function putSignature(st: Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs' | 'ctimeMs' | 'mode'>, into: Float64Array, slot: number): void {
  const at = slot * SIG_SLOTS;
  into[at] = st.dev;
  into[at + 1] = st.ino;
  into[at + 2] = st.size;
  into[at + 3] = st.mtimeMs;
  into[at + 4] = st.ctimeMs;
  into[at + 5] = st.mode;
}

/**
 * The signature as 96 hex digits (the raw bytes of its six numbers) into out[at..]. `raw` is a Buffer over the
 * numbers' Float64Array. Encoded natively: a byte loop here would run 480,000 times for 10,000 keys.
 */
export function writeSignatureHex(raw: Buffer, slot: number, out: Buffer, at = 0): void {
  const from = slot * SIG_SLOTS * 8;
  out.write(raw.toString('hex', from, from + SIG_SLOTS * 8), at, 'latin1');
}

/** Listing order: private/*.key (one slash) by name first, then the files in sub-folders by path. */
const deep = (b: Buffer, from: number, to: number): number => {
  let slashes = 0;
  for (let i = from; i < to && slashes < 2; i++) if (b[i] === SLASH) slashes++;
  return slashes > 1 ? 1 : 0;
};

/** Reads an index row by row, forwards only, through a fixed window: memory stays flat whatever the key count. */
export class IndexReader {
  /**
   * The current row (after next() or a hit of find()), valid until the next call: its relative path is
   * window[relStart, relEnd), its JSON window[jsonStart, jsonEnd), and the whole row with its newline is at
   * [rowStart, rowEnd) of the file.
   */
  relStart = 0;
  relEnd = 0;
  jsonStart = 0;
  jsonEnd = 0;
  rowStart = 0;
  rowEnd = 0;
  /** Rows served by find() or next(). */
  hits = 0;
  readonly window = Buffer.allocUnsafe(WINDOW);
  readonly #rel = Buffer.allocUnsafe(4096);
  #winStart = 0;
  #winLen = 0;
  #pos: number;
  #broken = false;

  private constructor(
    private readonly fd: number,
    /** Where the rows end (the trailer starts). */
    private readonly rowsEnd: number,
    /** How many rows the trailer says there are. */
    readonly count: number,
    rowsStart: number,
    /** The signature of private/ when the index holds a row for every entry of it (index-only listing), else null. */
    readonly privateSig: Buffer | null,
  ) {
    this.#pos = rowsStart;
  }

  /** null when there is no index, or it is not a complete index of this trust dir in this format. */
  static open(file: string, trustDir: string): IndexReader | null {
    if (!storable(trustDir)) return null;
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return null;
    }
    try {
      const size = fstatSync(fd).size;
      const header = Buffer.from(`${FORMAT}\t${trustDir}\n${PRIVATE_LINE}`, 'latin1');
      const head = Buffer.alloc(header.length + SIG_BYTES + 1);
      const tail = Buffer.alloc(Math.min(32, size));
      if (size < head.length + 7 || readSync(fd, head, 0, head.length, 0) !== head.length) throw new Error('not an index');
      if (head.compare(header, 0, header.length, 0, header.length) !== 0) throw new Error('not an index');
      // "#private <signature>\n" or "#private -" padded with spaces to the same length.
      const privateSig = head[header.length] === DASH ? null : Buffer.from(head.subarray(header.length, header.length + SIG_BYTES));
      if (head[head.length - 1] !== NL) throw new Error('not an index');
      if (readSync(fd, tail, 0, tail.length, size - tail.length) !== tail.length || tail[tail.length - 1] !== NL) throw new Error('cut off');
      // A complete file ends "\n#end N\n" (written in one rename, so a crash leaves the old file or a short one).
      const at = tail.lastIndexOf('\n#end ', tail.length - 2);
      const count = at < 0 ? NaN : Number(tail.toString('latin1', at + 6, tail.length - 1));
      if (!Number.isSafeInteger(count)) throw new Error('cut off');
      const rowsEnd = size - tail.length + at + 1;
      if (rowsEnd < head.length) throw new Error('cut off');
      return new IndexReader(fd, rowsEnd, count, head.length, privateSig);
    } catch {
      closeSync(fd);
      return null;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The whole file, for rewriting it (only when something changed). Read from the same open file. */
  readAll(): Buffer {
    const size = fstatSync(this.fd).size;
    const all = Buffer.allocUnsafe(size);
    let n = 0;
    for (let r: number; n < size && (r = readSync(this.fd, all, n, size - n, n)) > 0; ) n += r;
    return all.subarray(0, n);
  }

  /** Moves to the next row (index-only listing). False at the end, or when the file turns out damaged. */
  next(): boolean {
    if (!this.#parseRow()) return false;
    this.#pos = this.rowEnd;
    this.hits++;
    return true;
  }

  /** Does the current row's signature equal `sig` (96 hex digits)? */
  sigIs(sig: Buffer): boolean {
    return this.window.compare(sig, 0, SIG_BYTES, this.relEnd + 1, this.relEnd + 1 + SIG_BYTES) === 0;
  }

  /**
   * Is there a row for prefix+name with this signature? Calls must come in listing order. On a hit the row is the
   * current one.
   */
  find(prefix: string, name: string, sig: Buffer): boolean {
    if (!PRINTABLE.test(name) || prefix.length + name.length > this.#rel.length) return false;
    const relLen = this.#rel.write(prefix, 0, 'latin1') + this.#rel.write(name, prefix.length, 'latin1');
    const relDeep = deep(this.#rel, 0, relLen);
    while (this.#parseRow()) {
      const w = this.window;
      // Negative: the index's row comes first, so its file is gone: skip it.
      const order = deep(w, this.relStart, this.relEnd) - relDeep || w.compare(this.#rel, 0, relLen, this.relStart, this.relEnd);
      if (order > 0) return false;
      this.#pos = this.rowEnd;
      if (order < 0) continue;
      if (!this.sigIs(sig)) return false;
      this.hits++;
      return true;
    }
    return false;
  }

  /** Reads the row at the cursor into the fields above, without moving the cursor. */
  #parseRow(): boolean {
    if (this.#broken || this.#pos >= this.rowsEnd) return false;
    const nl = this.#rowEnd(this.#pos - this.#winStart);
    if (nl < 0) return false;
    const w = this.window;
    const row = this.#pos - this.#winStart; // the window may have moved
    const tab = w.indexOf(TAB, row);
    if (tab <= row || tab + SIG_BYTES + 1 >= nl || w[tab + SIG_BYTES + 1] !== TAB) {
      this.#broken = true;
      return false;
    }
    this.relStart = row;
    this.relEnd = tab;
    this.jsonStart = tab + SIG_BYTES + 2;
    this.jsonEnd = nl;
    this.rowStart = this.#pos;
    this.rowEnd = this.#winStart + nl + 1;
    return true;
  }

  /** The window offset of the newline ending the row at window offset `a`, reading more of the file if needed. */
  #rowEnd(a: number): number {
    let nl = this.window.indexOf(NL, a);
    if (nl >= 0 && nl < this.#winLen) return nl;
    // Move what is left of the window to its start and fill the rest.
    const keep = Math.max(0, this.#winLen - a);
    if (keep > 0) this.window.copy(this.window, 0, a, this.#winLen);
    this.#winStart += a;
    this.#winLen = keep;
    const r = readSync(this.fd, this.window, this.#winLen, this.window.length - this.#winLen, this.#winStart + this.#winLen);
    this.#winLen += r;
    nl = this.window.indexOf(NL, 0);
    if (nl >= 0 && nl < this.#winLen) return nl;
    // A row longer than the window is not something this code wrote.
    this.#broken = true;
    return -1;
  }
}

/** One row of a new index: kept whole from the old file (a byte range of `old`, with its newline), or a fresh one. */
export type IndexRow = { old: Buffer; start: number; end: number } | { rel: string; /** 96 hex digits */ sig: Buffer; json: string };

/** Best effort, atomic (temporary file and rename): an index that cannot be written only makes listings slower. */
export function saveIndex(file: string, trustDir: string, privateSig: Buffer | null, rows: IndexRow[]): void {
  try {
    if (!storable(trustDir)) return;
    const parts: Buffer[] = [
      Buffer.from(`${FORMAT}\t${trustDir}\n${PRIVATE_LINE}`, 'latin1'),
      privateSig ?? Buffer.from('-'.padEnd(SIG_BYTES, ' '), 'latin1'),
      Buffer.from('\n', 'latin1'),
    ];
    for (const r of rows) {
      if ('old' in r) parts.push(r.old.subarray(r.start, r.end));
      else parts.push(Buffer.from(`${r.rel}\t`, 'latin1'), r.sig, Buffer.from(`\t${r.json}\n`, 'latin1'));
    }
    parts.push(Buffer.from(`#end ${rows.length}\n`, 'latin1'));
    // No fsync: after a crash a lost or cut-off index only fails its checks and is rebuilt.
    replaceFileAtomically(file, Buffer.concat(parts), { durable: false });
  } catch {
    /* the listing itself is complete without the index */
  }
}
