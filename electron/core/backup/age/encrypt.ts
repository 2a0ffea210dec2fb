import { randomBytes } from 'node:crypto';
import { VaultError } from '../../errors';
import { encodeBase64NoPadding } from './base64';
import { seal } from './chacha20-poly1305';
import { AGE_MAX_WORK_FACTOR, AGE_WORK_FACTOR, CHUNK_PLAINTEXT_BYTES, FILE_KEY_BYTES, PAYLOAD_NONCE_BYTES } from './constants';
import { serializeHeaderWithoutMac } from './header';
import { headerMac, payloadKey } from './key-schedule';
import { chunkNonce, encryptPayloadInto, encryptedPayloadBytes } from './payload-stream';
import type { DerivedKeys } from './derived-keys';
import { wrapFileKey } from './scrypt-stanza';

export interface EncryptOptions {
  workFactor?: number;
  derivedKeys?: DerivedKeys;
}

/** The header with its MAC and the payload nonce (everything before the first chunk), and the payload key. */
async function startFile(passphrase: string, options: EncryptOptions): Promise<{ head: Buffer; key: Buffer }> {
  const workFactor = options.workFactor ?? AGE_WORK_FACTOR;
  // Capped at what decryption accepts, so the vault can always open what it wrote.
  if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > AGE_MAX_WORK_FACTOR) {
    throw new VaultError('INVALID_ARGUMENT', `The scrypt work factor must be a whole number from 1 to ${AGE_MAX_WORK_FACTOR}`);
  }
  // age itself refuses an empty passphrase (its CLI would generate one instead).
  if (passphrase.length === 0) throw new VaultError('PASSPHRASE_REQUIRED', 'A backup needs a passphrase');

  const fileKey = randomBytes(FILE_KEY_BYTES);
  try {
    const stanza = await wrapFileKey(fileKey, passphrase, workFactor, options.derivedKeys);
    const withoutMac = serializeHeaderWithoutMac([stanza]);
    const macLine = Buffer.from(` ${encodeBase64NoPadding(headerMac(fileKey, withoutMac))}\n`, 'latin1');
    const nonce = randomBytes(PAYLOAD_NONCE_BYTES);
    return { head: Buffer.concat([withoutMac, macLine, nonce]), key: payloadKey(fileKey, nonce) };
  } finally {
    fileKey.fill(0);
  }
}

export async function ageEncrypt(plaintext: Uint8Array, passphrase: string, options: EncryptOptions = {}): Promise<Buffer> {
  const { head, key } = await startFile(passphrase, options);
  // One allocation for the whole file: the bench compares us with the age CLI on large archives.
  const out = Buffer.allocUnsafe(head.length + encryptedPayloadBytes(plaintext.length));
  head.copy(out, 0);
  encryptPayloadInto(key, plaintext, out, head.length);
  key.fill(0);
  return out;
}

/**
 * The same file as ageEncrypt, written as the plaintext arrives: one 64 KiB chunk is held back until the next byte
 * shows whether it is the last one (the last chunk carries age's final flag, and may be full-size, as Go age writes
 * it). Memory stays at a chunk or two however large the plaintext. scrypt runs before the first byte is asked for.
 */
export async function* ageEncryptStream(plaintext: AsyncIterable<Uint8Array>, passphrase: string, options: EncryptOptions = {}): AsyncGenerator<Buffer> {
  const { head, key } = await startFile(passphrase, options);
  try {
    yield head;
    const chunk = Buffer.allocUnsafe(CHUNK_PLAINTEXT_BYTES);
    let filled = 0;
    let index = 0;
    for await (const slice of plaintext) {
      const piece = Buffer.isBuffer(slice) ? slice : Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength);
      for (let at = 0; at < piece.length; ) {
        if (filled === CHUNK_PLAINTEXT_BYTES) {
          yield seal(key, chunkNonce(index++, false), chunk);
          filled = 0;
        }
        const n = piece.copy(chunk, filled, at, Math.min(piece.length, at + CHUNK_PLAINTEXT_BYTES - filled));
        filled += n;
        at += n;
      }
    }
    yield seal(key, chunkNonce(index, true), chunk.subarray(0, filled));
    chunk.fill(0);
  } finally {
    key.fill(0);
  }
}
