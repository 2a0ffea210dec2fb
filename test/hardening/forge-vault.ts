import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Rewrites a vault file's public header as an attacker with write access to the data folder can: the header is
 * changed, and the unkeyed SHA-256 trailer recomputed so the file still parses. The ciphertext and its tag are kept,
 * so the file no longer authenticates under the real key, which is the point: only an unlock can tell.
 */
export function forgeVaultHeader(path: string, edit: (header: Record<string, unknown>) => void): void {
  const bytes = readFileSync(path);
  const headerLength = bytes.readUInt32BE(8);
  const header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8')) as Record<string, unknown>;
  edit(header);
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const rest = bytes.subarray(12 + headerLength, bytes.length - 32);
  const body = Buffer.concat([bytes.subarray(0, 8), length, headerBytes, rest]);
  writeFileSync(path, Buffer.concat([body, createHash('sha256').update(body).digest()]));
}

export const sha256Hex = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
