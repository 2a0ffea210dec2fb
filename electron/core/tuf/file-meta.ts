import { createHash } from 'node:crypto';

/** A `meta` entry of snapshot or timestamp: the length and checksums a file must have. */
export interface FileMeta {
  length: number;
  hashes: Record<string, string>;
}

export type MetaMismatch = { code: 'LENGTH_MISMATCH' | 'HASH_MISMATCH' | 'MALFORMED'; message: string } | null;

/** Reads `meta[name]`, or null when absent or misshapen. */
export function metaEntry(meta: unknown, name: string): FileMeta | null {
  const m = (meta as Record<string, unknown> | null)?.[name] as { length?: unknown; hashes?: unknown } | undefined;
  if (!m || !Number.isSafeInteger(m.length) || typeof m.hashes !== 'object' || m.hashes === null) return null;
  return { length: m.length as number, hashes: m.hashes as Record<string, string> };
}

/**
 * Compares a file's exact bytes with its meta entry: the length, sha256 (required, as notary requires it) and
 * sha512 when listed. Hashes are standard base64, as Go marshals []byte.
 */
export function checkFileMeta(name: string, bytes: Buffer, meta: FileMeta): MetaMismatch {
  if (bytes.length !== meta.length) return { code: 'LENGTH_MISMATCH', message: `${name} is ${bytes.length} bytes, listed as ${meta.length}` };
  if (typeof meta.hashes.sha256 !== 'string') return { code: 'MALFORMED', message: `no sha256 listed for ${name}` };
  for (const alg of ['sha256', 'sha512'] as const) {
    const want = meta.hashes[alg];
    if (want === undefined) continue;
    const got = createHash(alg).update(bytes).digest('base64');
    if (got !== want) return { code: 'HASH_MISMATCH', message: `${name}: ${alg} is ${got}, listed as ${want}` };
  }
  return null;
}
