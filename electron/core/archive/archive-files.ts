import { createHash } from 'node:crypto';
import { closeSync, constants as fsc, fstatSync, openSync, readSync } from 'node:fs';
import type { ArchiveManifest } from '../../../shared/dto/archive';
import { canonicalJson } from '../tuf/canonical-json';

/** Small helpers the archive writer and reader share: names, hashes, the manifest's self-digest, capped reads. */

export const MANIFEST = 'archive.json';
export const INVENTORY_JSON = 'inventory.json';
export const INVENTORY_CSV = 'inventory.csv';
/** No archive file comes near this (metadata files are capped at 16 MiB; inventories of 100,000 tags are far less). */
export const MAX_ARCHIVE_FILE_BYTES = 64 * 1024 * 1024;

export const sha256Hex = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

export const metadataPath = (gun: string, role: string) => `tuf/${gun}/metadata/${role}.json`;
export const rootChainPath = (gun: string, version: number) => `tuf/${gun}/root-chain/${version}.root.json`;

export function manifestDigest(m: Omit<ArchiveManifest, 'digest'> & { digest?: string }): string {
  const { digest: _ignored, ...rest } = m;
  return sha256Hex(canonicalJson(rest));
}

/** Reads a regular file (never following a link, never blocking on a FIFO), capped. Throws with a plain reason. */
export function readRegularFile(path: string): Buffer {
  const fd = openSync(path, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_ARCHIVE_FILE_BYTES) throw new Error(`${st.size} bytes, more than the ${MAX_ARCHIVE_FILE_BYTES}-byte limit`);
    const buf = Buffer.alloc(st.size);
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
