import type { ByteSource } from '../byte-source';
import { open, seal } from './chacha20-poly1305';
import { AEAD_TAG_BYTES, CHUNK_CIPHERTEXT_BYTES, CHUNK_PLAINTEXT_BYTES } from './constants';
import { backupDamaged, backupTruncated } from './errors';

// age's STREAM: 64 KiB chunks, each sealed under nonce = 11-byte big-endian counter || last-chunk flag. The flag
// is what makes truncation at a chunk boundary detectable.

const NONCE_BYTES = 12;
const LAST_CHUNK_FLAG = 0x01;

export function chunkNonce(index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(NONCE_BYTES);
  // 48 bits of the 88-bit counter cover 2^48 chunks (16 EiB), far past any backup.
  nonce.writeUIntBE(index, 5, 6);
  if (last) nonce[NONCE_BYTES - 1] = LAST_CHUNK_FLAG;
  return nonce;
}

/** An empty plaintext still has one (empty, final) chunk. */
const chunkCountOf = (plaintextBytes: number): number => Math.max(1, Math.ceil(plaintextBytes / CHUNK_PLAINTEXT_BYTES));

export const encryptedPayloadBytes = (plaintextBytes: number): number => plaintextBytes + chunkCountOf(plaintextBytes) * AEAD_TAG_BYTES;

/** Seals the whole plaintext into `out` from `offset`; the final chunk may be full-size, as Go age writes it. */
export function encryptPayloadInto(key: Buffer, plaintext: Uint8Array, out: Buffer, offset: number): void {
  const chunks = chunkCountOf(plaintext.length);
  let at = offset;
  for (let index = 0; index < chunks; index++) {
    const piece = plaintext.subarray(index * CHUNK_PLAINTEXT_BYTES, (index + 1) * CHUNK_PLAINTEXT_BYTES);
    at += seal(key, chunkNonce(index, index === chunks - 1), piece, out, at).length;
  }
}

/** What a final-position chunk that fails as final means: cut short at a boundary, cut inside, or altered. */
function finalChunkFailure(key: Buffer, index: number, sealed: Buffer): Error {
  const part = index + 1;
  if (sealed.length < CHUNK_CIPHERTEXT_BYTES) {
    // Nothing tells a short final chunk that was cut from one that was altered. Vault backups are padded to whole
    // chunks (chunk-padding.ts), so for them a short end can only mean the file was cut short.
    return backupTruncated(`part ${part} of the encrypted data is incomplete (the file was cut short, or altered)`);
  }
  if (open(key, chunkNonce(index, false), sealed)) return backupTruncated(`it stops after part ${part} of the encrypted data`);
  return backupDamaged(`part ${part} of the encrypted data fails its integrity check: the file was altered`);
}

/** Yields each chunk's plaintext only once that chunk has authenticated. */
export async function* decryptPayload(source: ByteSource, key: Buffer): AsyncGenerator<Buffer> {
  for (let index = 0; ; index++) {
    const sealed = await source.read(CHUNK_CIPHERTEXT_BYTES);
    if (sealed.length === 0) {
      throw backupTruncated(index === 0 ? 'it has no encrypted data after its header' : `it stops after part ${index} of the encrypted data`);
    }
    // Reading one slice ahead tells whether this chunk is the last one, even when it is exactly full-size.
    if (await source.atEnd()) {
      const plaintext = open(key, chunkNonce(index, true), sealed);
      if (!plaintext) throw finalChunkFailure(key, index, sealed);
      if (plaintext.length === 0 && index > 0) throw backupDamaged(`its last part (part ${index + 1}) is empty, which age does not allow`);
      yield plaintext;
      return;
    }
    const plaintext = open(key, chunkNonce(index, false), sealed);
    if (!plaintext) {
      if (open(key, chunkNonce(index, true), sealed)) throw backupDamaged(`there is extra data after its last part (part ${index + 1})`);
      throw backupDamaged(`part ${index + 1} of the encrypted data fails its integrity check: the file was altered`);
    }
    yield plaintext;
  }
}
