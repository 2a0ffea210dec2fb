import { canonicalSignedSpan } from './canonical-span';
import { closeSync, fstatSync, openSync, readSync, constants as fsc } from 'node:fs';

/** No notary metadata file comes near this; a bigger one is refused before it is read into memory. */
export const MAX_METADATA_BYTES = 16 * 1024 * 1024;

export interface SignedFile {
  /** The exact bytes on disk: lengths and hashes are over these, never over a re-serialisation. */
  bytes: Buffer;
  signed: Record<string, unknown>;
  signatures: { keyid: string; method: string; sig: string }[];
  /**
   * The bytes of `signed` within `bytes` when they are exactly canonicalJson(signed) (see canonical-span.ts), so
   * signatures can be checked over them without re-encoding; null (or absent) means re-encode.
   */
  canonicalSigned?: Buffer | null;
}

export type LoadResult = { ok: true; file: SignedFile } | { ok: false; missing: boolean; reason: string };

/** Reads and shape-checks one metadata file. Never throws: a bad file is a reason, not a crash. Opens read-only. */
export function loadSignedFile(path: string): LoadResult {
  let bytes: Buffer;
  try {
    bytes = readLimited(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, missing: true, reason: 'file not found' };
    return { ok: false, missing: false, reason: e instanceof Error ? e.message : String(e) };
  }
  return parseSignedFile(bytes);
}

/** Shape-checks metadata already in memory (e.g. fetched from a server). Never throws. */
export function parseSignedFile(bytes: Buffer): LoadResult {
  if (bytes.length > MAX_METADATA_BYTES) return bad(`${bytes.length} bytes, more than the ${MAX_METADATA_BYTES}-byte limit`);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return { ok: false, missing: false, reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const d = doc as { signed?: unknown; signatures?: unknown } | null;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return bad('not a JSON object');
  if (typeof d.signed !== 'object' || d.signed === null || Array.isArray(d.signed)) return bad('"signed" is not an object');
  if (!Array.isArray(d.signatures)) return bad('"signatures" is not a list');
  for (const s of d.signatures as unknown[]) {
    const x = s as Record<string, unknown> | null;
    if (typeof x !== 'object' || x === null || typeof x.keyid !== 'string' || typeof x.method !== 'string' || typeof x.sig !== 'string')
      return bad('a signature lacks keyid, method or sig');
  }
  const signed = d.signed as Record<string, unknown>;
  return { ok: true, file: { bytes, signed, signatures: d.signatures as SignedFile['signatures'], canonicalSigned: canonicalSignedSpan(bytes) } };
}

const bad = (reason: string): LoadResult => ({ ok: false, missing: false, reason });

function readLimited(path: string): Buffer {
  // O_NOFOLLOW: a symlink planted in the cache must not make us read some other file.
  const fd = openSync(path, fsc.O_RDONLY | fsc.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_METADATA_BYTES) throw new Error(`${st.size} bytes, more than the ${MAX_METADATA_BYTES}-byte limit`);
    const buf = Buffer.allocUnsafe(st.size); // only the n bytes read are used
    let n = 0;
    while (n < buf.length) {
      const r = readSync(fd, buf, n, buf.length - n, n);
      if (r === 0) break;
      n += r;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
