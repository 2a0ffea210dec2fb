import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ByteSource } from '../byte-source';
import { chunkNonce, decryptPayload, encryptPayloadInto, encryptedPayloadBytes } from './payload-stream';

const CHUNK = 64 * 1024;

async function* oneSlice(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

describe('age STREAM payload', () => {
  it('numbers chunks with an 11-byte big-endian counter and flags the last one', () => {
    expect(chunkNonce(0, false).toString('hex')).toBe('000000000000000000000000');
    expect(chunkNonce(1, true).toString('hex')).toBe('000000000000000000000101');
    expect(chunkNonce(0x010203, false).toString('hex')).toBe('000000000000000001020300');
  });

  it('adds one 16-byte tag per 64 KiB chunk, and one chunk for nothing', () => {
    expect(encryptedPayloadBytes(0)).toBe(16);
    expect(encryptedPayloadBytes(1)).toBe(17);
    expect(encryptedPayloadBytes(CHUNK)).toBe(CHUNK + 16);
    expect(encryptedPayloadBytes(CHUNK + 1)).toBe(CHUNK + 1 + 32);
  });

  it('yields one plaintext part per chunk', async () => {
    const key = randomBytes(32);
    const plaintext = randomBytes(2 * CHUNK + 5);
    const sealed = Buffer.alloc(encryptedPayloadBytes(plaintext.length));
    encryptPayloadInto(key, plaintext, sealed, 0);
    const parts: Buffer[] = [];
    for await (const part of decryptPayload(new ByteSource(oneSlice(sealed)), key)) parts.push(part);
    expect(parts.map((p) => p.length)).toEqual([CHUNK, CHUNK, 5]);
    expect(Buffer.concat(parts)).toEqual(plaintext);
  });

  it('says nothing decrypts under another key', async () => {
    const sealed = Buffer.alloc(encryptedPayloadBytes(CHUNK * 2));
    encryptPayloadInto(randomBytes(32), randomBytes(CHUNK * 2), sealed, 0);
    await expect(decryptPayload(new ByteSource(oneSlice(sealed)), randomBytes(32)).next()).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });
  });
});
