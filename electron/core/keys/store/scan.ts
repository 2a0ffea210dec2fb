import { type Stats, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KeyInfo } from '../../../../shared/dto/keys';
import { keyInfoOf } from './key-file-info';
import { type IndexRow, IndexReader, RACY_MS, SIG_BYTES, SIG_SLOTS, indexFileOf, putSignature, saveIndex, storable, writeSignatureHex } from './list-index';
import { type JsonSink, RowWriter } from './row-writer';
import { type Candidate, collectCandidates, currentCandidate, findKeyFileNames, lstatOrNull } from './walk';
import { PRIVATE_DIR } from './layout';

/**
 * Lists every key file of a trust dir the way `notary key list` sees it: the ID is the file name, role and GUN come
 * from the PEM headers (or, in the pre-0.4 layout, from the path). Never decrypts, never writes to the trust dir.
 * Broken files are listed with a reason instead of being skipped, so nothing is silently missing.
 *
 * Built for 10,000 keys: with the listing index (list-index.ts) a file whose lstat is unchanged is not opened and
 * its JSON is copied from the index; the output streams out in chunks; per-file numbers live in typed arrays. So a
 * warm listing makes about one short-lived object per file (its lstat) and its memory does not grow with the keys.
 */

export interface ScanOptions {
  /** Where the listing index lives (<dataDir>/cache); no index when absent. */
  cacheDir?: string | undefined;
  /**
   * lstat by bare file name, after chdir into private/: the kernel then resolves one path component instead of the
   * whole path (a fifth of a warm 10,000-key listing), and no path string is built per file. The working directory
   * is process-wide, so only a single-purpose process (the CLI) may ask for this; it is restored afterwards.
   */
  chdir?: boolean;
}

export type { JsonSink } from './row-writer';

/** Streams the listing as one JSON array (UTF-8) into `sink`, in pieces of whole rows (the CLI's `keys list --json`). */
export function writeKeysJson(trustDir: string, sink: JsonSink, options: ScanOptions = {}): void {
  scan(resolve(trustDir), options, sink);
}

/** The listing as one JSON array in UTF-8 bytes. */
export function listKeysJson(trustDir: string, options: ScanOptions = {}): Buffer {
  let parts: Buffer[] = [];
  const collect = (chunk: Buffer) => parts.push(Buffer.from(chunk));
  try {
    scan(resolve(trustDir), options, collect);
  } catch (e) {
    if (!(e instanceof ListingIndexDamaged)) throw e;
    parts = [];
    scan(resolve(trustDir), options, collect); // the damaged index is gone: this reads the trust dir
  }
  return Buffer.concat(parts);
}

export function listKeys(trustDir: string, options: ScanOptions = {}): KeyInfo[] {
  return JSON.parse(listKeysJson(trustDir, options).toString('utf8')) as KeyInfo[];
}

/**
 * The listing one key at a time, as it streams out of the scan (no listing index): for callers that keep a little of
 * each key (a backup's plan), so 100,000 keys are never all held as KeyInfo objects, nor as one JSON text.
 */
export function forEachKey(trustDir: string, each: (key: KeyInfo) => void): void {
  scan(resolve(trustDir), {}, (chunk) => {
    // Each piece holds whole rows (row-writer.ts); the array's '[', ']' and ',' between rows come on their own.
    const rows = chunk.toString('utf8').replace(/^[[,]/, '').replace(/[,\]]$/, '');
    if (rows !== '') for (const key of JSON.parse(`[${rows}]`) as KeyInfo[]) each(key);
  });
}

/** Every file that claims key `id` (current and legacy layout), read without the index. */
export function findKeyFiles(trustDir: string, id: string): KeyInfo[] {
  return collectCandidates(resolve(trustDir))
    .filter((c) => c.id === id)
    .map((c) => keyInfoOf(c, lstatOrNull(c.abs)));
}

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

const CURRENT_PREFIX = `${PRIVATE_DIR}/`;

/** Thrown when the index turns out damaged half-way through an index-only listing (it is removed first). */
export class ListingIndexDamaged extends Error {
  override name = 'ListingIndexDamaged';
}

function scan(trustDir: string, options: ScanOptions, sink: JsonSink): void {
  // Signatures are only stored for what is older than this by RACY_MS (list-index.ts): taken before any lstat.
  const started = Date.now();
  const settled = (st: { mtimeMs: number; ctimeMs: number }) => started - st.mtimeMs >= RACY_MS && started - st.ctimeMs >= RACY_MS;
  const privateDir = join(trustDir, PRIVATE_DIR);
  const indexFile = options.cacheDir ? indexFileOf(options.cacheDir, trustDir) : null;
  const index = indexFile ? IndexReader.open(indexFile, trustDir) : null;
  const sig = new Float64Array(SIG_SLOTS);
  const sigBytes = Buffer.from(sig.buffer);
  const sigHex = Buffer.allocUnsafe(SIG_BYTES);
  /** Puts st's signature into sigHex. */
  const signature = (st: Stats) => {
    putSignature(st, sig, 0);
    writeSignatureHex(sigBytes, 0, sigHex);
  };

  // private/'s own signature, once it is old enough to vouch for the entries it has.
  let dirSig: Buffer | null = null;
  const dir = indexFile ? lstatOrNull(privateDir) : undefined;
  if (dir?.isDirectory() && settled(dir)) {
    signature(dir);
    dirSig = Buffer.from(sigHex);
  }
  const indexOnly = index !== null && dirSig !== null && index.privateSig !== null && index.privateSig.equals(dirSig);
  const files = indexOnly ? null : findKeyFileNames(trustDir);
  const nCurrent = files?.current.length ?? 0;
  const count = files ? nCurrent + files.others.length : index!.count;

  // For writing a new index if anything changed: per entry, where its row was in the old index (-1: not there), or
  // its fresh row (only for files whose row may be stored); `complete` while every entry has a row.
  const oldAt = new Float64Array(index ? count : 0).fill(-1);
  const oldLen = new Int32Array(index ? count : 0);
  const fresh = new Map<number, { rel: string; sig: Buffer; json: string }>();
  let complete = true;

  const out = new RowWriter(sink);
  const hit = (i: number, r: IndexReader) => {
    out.bytes(r.window, r.jsonStart, r.jsonEnd);
    oldAt[i] = r.rowStart;
    oldLen[i] = r.rowEnd - r.rowStart;
  };
  /** A file the index cannot answer for: read it (sigHex holds its signature when st is set). */
  const read = (i: number, c: Candidate, st: Stats | undefined) => {
    const info = keyInfoOf(c, st);
    const json = JSON.stringify(info);
    out.text(json);
    // A failed read may be passing (EIO, EMFILE), and a young file may still change within its timestamp tick.
    if (indexFile && st && info.problem?.code !== 'UNREADABLE' && settled(st) && storable(json) && storable(c.rel)) {
      fresh.set(i, { rel: c.rel, sig: Buffer.from(sigHex), json });
    } else complete = false;
  };

  out.text('[');
  const cwd = options.chdir ? enter(privateDir) : null;
  try {
    if (indexOnly) {
      // Nothing was added, removed or renamed in private/: its entries are the index's rows.
      let i = 0;
      for (; index.next(); i++) {
        if (i > 0) out.text(',');
        const name = index.window.toString('latin1', index.relStart + CURRENT_PREFIX.length, index.relEnd);
        const st = lstatOrNull(cwd !== null ? name : `${privateDir}/${name}`);
        if (st) signature(st);
        if (st && index.sigIs(sigHex)) hit(i, index);
        else read(i, currentCandidate(privateDir, name), st);
      }
      if (i !== index.count) {
        index.close();
        removeQuietly(indexFile!);
        throw new ListingIndexDamaged(`the listing index ${indexFile} is damaged (it was removed; list again)`);
      }
    } else {
      for (let i = 0; i < count; i++) {
        if (i > 0) out.text(',');
        const current = i < nCurrent;
        const name = current ? files!.current[i]! : files!.others[i - nCurrent]!.rel;
        const st = lstatOrNull(current ? (cwd !== null ? name : `${privateDir}/${name}`) : files!.others[i - nCurrent]!.abs);
        if (st && indexFile) signature(st);
        if (st && index?.find(current ? CURRENT_PREFIX : '', name, sigHex)) hit(i, index);
        else read(i, current ? currentCandidate(privateDir, name) : files!.others[i - nCurrent]!, st);
      }
    }
  } finally {
    if (cwd !== null) process.chdir(cwd);
  }
  out.text(']');
  out.flush();

  try {
    // The index-only shortcut holds while private/ is as it was and every entry of it is a key file with a row.
    const privateSig = dirSig && complete && (indexOnly || files!.onlyKeyFiles) ? dirSig : null;
    const sameShortcut = privateSig === null ? index?.privateSig === null : index?.privateSig?.equals(privateSig) === true;
    if (indexFile && (!index || index.hits !== index.count || fresh.size > 0 || !sameShortcut)) {
      const old = index?.readAll() ?? Buffer.alloc(0);
      const rows: IndexRow[] = [];
      for (let i = 0; i < count; i++) {
        const f = fresh.get(i);
        if (index && oldAt[i]! >= 0) rows.push({ old, start: oldAt[i]!, end: oldAt[i]! + oldLen[i]! });
        else if (f) rows.push(f);
      }
      saveIndex(indexFile, trustDir, privateSig, rows);
    }
  } finally {
    index?.close();
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}
