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

/**
 * An age file's header, made once (scrypt runs here, its second and its 256 MiB before anything else is held), and
 * then any number of payloads under it, each with a fresh payload nonce, so a second attempt at writing a file
 * never reuses a key stream. wipe() forgets the file key.
 */
export class AgeFileWriter {
  readonly #header: Buffer;
  readonly #fileKey: Buffer;

  private constructor(header: Buffer, fileKey: Buffer) {
    this.#header = header;
    this.#fileKey = fileKey;
  }

  static async start(passphrase: string, options: EncryptOptions = {}): Promise<AgeFileWriter> {
    const workFactor = options.workFactor ?? AGE_WORK_FACTOR;
    // Capped at what decryption accepts, so the vault can always open what it wrote.
    if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > AGE_MAX_WORK_FACTOR) {
      throw new VaultError('INVALID_ARGUMENT', `The scrypt work factor must be a whole number from 1 to ${AGE_MAX_WORK_FACTOR}`);
    }
    // age itself refuses an empty passphrase (its CLI would generate one instead).
    if (passphrase.length === 0) throw new VaultError('PASSPHRASE_REQUIRED', 'A backup needs a passphrase');
    const fileKey = randomBytes(FILE_KEY_BYTES);
    const stanza = await wrapFileKey(fileKey, passphrase, workFactor, options.derivedKeys);
    const withoutMac = serializeHeaderWithoutMac([stanza]);
    const macLine = Buffer.from(` ${encodeBase64NoPadding(headerMac(fileKey, withoutMac))}\n`, 'latin1');
    return new AgeFileWriter(Buffer.concat([withoutMac, macLine]), fileKey);
  }

  /** Everything before the first chunk (header, MAC, a fresh payload nonce), and the payload key for that nonce. */
  #begin(): { head: Buffer; key: Buffer } {
    const nonce = randomBytes(PAYLOAD_NONCE_BYTES);
    return { head: Buffer.concat([this.#header, nonce]), key: payloadKey(this.#fileKey, nonce) };
  }

  encrypt(plaintext: Uint8Array): Buffer {
    const { head, key } = this.#begin();
    // One allocation for the whole file: the bench compares us with the age CLI on large archives.
    const out = Buffer.allocUnsafe(head.length + encryptedPayloadBytes(plaintext.length));
    head.copy(out, 0);
    encryptPayloadInto(key, plaintext, out, head.length);
    key.fill(0);
    return out;
  }

  /**
   * The same file as encrypt(), written as the plaintext arrives: one 64 KiB chunk is held back until the next byte
   * shows whether it is the last one (the last chunk carries age's final flag, and may be full-size, as Go age
   * writes it). Memory stays at a chunk or two however large the plaintext.
   */
  async *encryptStream(plaintext: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
    const { head, key } = this.#begin();
    const chunk = Buffer.allocUnsafe(CHUNK_PLAINTEXT_BYTES);
    try {
      yield head;
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
    } finally {
      chunk.fill(0);
      key.fill(0);
    }
  }

  wipe(): void {
    this.#fileKey.fill(0);
  }
}

export async function ageEncrypt(plaintext: Uint8Array, passphrase: string, options: EncryptOptions = {}): Promise<Buffer> {
  const writer = await AgeFileWriter.start(passphrase, options);
  try {
    return writer.encrypt(plaintext);
  } finally {
    writer.wipe();
  }
}

/** ageEncrypt as a stream (see AgeFileWriter.encryptStream); scrypt runs when the first byte is asked for. */
export async function* ageEncryptStream(plaintext: AsyncIterable<Uint8Array>, passphrase: string, options: EncryptOptions = {}): AsyncGenerator<Buffer> {
  const writer = await AgeFileWriter.start(passphrase, options);
  try {
    yield* writer.encryptStream(plaintext);
  } finally {
    writer.wipe();
  }
}
