import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seal } from './chacha20-poly1305';
import { serializeHeader, serializeHeaderWithoutMac, type Stanza } from './header';
import { AGE_MAX_WORK_FACTOR, AGE_WORK_FACTOR, ageDecrypt, ageDecryptBuffer, ageEncrypt, isAgeFile } from './index';
import { headerMac, payloadKey } from './key-schedule';
import { chunkNonce } from './payload-stream';
import { wrapFileKey } from './scrypt-stanza';

const PASS = 'a backup passphrase';
const FAST = { workFactor: 10 };
const CHUNK = 64 * 1024;
const SEALED_CHUNK = CHUNK + 16;

async function* slices(bytes: Uint8Array, sizeOf: (i: number) => number): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizeOf(i));
    yield bytes.slice(at, at + size);
    at += size;
  }
}

async function decryptAll(source: AsyncIterable<Uint8Array>, passphrase = PASS): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of ageDecrypt(source, passphrase)) parts.push(part);
  return Buffer.concat(parts);
}

const headerLength = (file: Buffer) => file.indexOf('\n', file.indexOf('\n---') + 1) + 1;

/** An age file whose chunks are sealed exactly as given, to make what a correct writer never would. */
async function craft(chunks: { plaintext: Buffer; last: boolean }[], stanzas?: (real: Stanza) => Stanza[]): Promise<Buffer> {
  const fileKey = randomBytes(16);
  const real = await wrapFileKey(fileKey, PASS, 10);
  const all = stanzas ? stanzas(real) : [real];
  const header = serializeHeader(all, headerMac(fileKey, serializeHeaderWithoutMac(all)));
  const nonce = randomBytes(16);
  const key = payloadKey(fileKey, nonce);
  return Buffer.concat([header, nonce, ...chunks.map((c, i) => seal(key, chunkNonce(i, c.last), c.plaintext))]);
}

const flipBit = (bytes: Buffer, at: number) => bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);

const rejection = async (bytes: Uint8Array, passphrase = PASS) => ageDecryptBuffer(bytes, passphrase).then(() => null, (e: unknown) => e as Error & { code: string });

describe('age with a passphrase', () => {
  it('exports the work factors age uses', () => {
    expect(AGE_WORK_FACTOR).toBe(18);
    expect(AGE_MAX_WORK_FACTOR).toBe(20);
  });

  it('writes an age v1 file with one scrypt stanza and the expected size', async () => {
    const file = await ageEncrypt(Buffer.alloc(CHUNK + 1, 7), PASS, FAST);
    const text = file.subarray(0, headerLength(file)).toString('latin1');
    expect(text).toMatch(/^age-encryption\.org\/v1\n-> scrypt [A-Za-z0-9+/]{22} 10\n[A-Za-z0-9+/]{43}\n--- [A-Za-z0-9+/]{43}\n$/);
    expect(file.length).toBe(text.length + 16 + CHUNK + 1 + 2 * 16);
    expect(isAgeFile(file)).toBe(true);
  });

  it('recognises the header line only', () => {
    expect(isAgeFile(Buffer.from('age-encryption.org/v1\n-> X25519 abc\n'))).toBe(true);
    expect(isAgeFile(new Uint8Array(Buffer.from('age-encryption.org/v1')))).toBe(false);
    expect(isAgeFile(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe(false);
    expect(isAgeFile(new Uint8Array(0))).toBe(false);
  });

  it.each([0, 1, 100, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 200_000])('round-trips %i bytes, whole and as the source trickles in', async (n) => {
    const plaintext = randomBytes(n);
    const file = await ageEncrypt(plaintext, PASS, FAST);
    expect(await ageDecryptBuffer(file, PASS)).toEqual(plaintext);
    expect(await decryptAll(slices(file, () => 1 + Math.floor(Math.random() * 5000)))).toEqual(plaintext);
    expect(await decryptAll(slices(file, (i) => (i % 2 ? SEALED_CHUNK : 16)))).toEqual(plaintext);
  });

  it.each([0, 1, CHUNK, CHUNK + 1])('decrypts %i bytes delivered one byte at a time', async (n) => {
    const plaintext = randomBytes(n);
    const file = await ageEncrypt(plaintext, PASS, FAST);
    expect(await decryptAll(slices(file, () => 1))).toEqual(plaintext);
  });

  it('encodes passphrases as UTF-8 and encrypts the same plaintext differently each time', async () => {
    const pass = 'pässwörd 🔑';
    const [a, b] = await Promise.all([ageEncrypt(Buffer.from('x'), pass, FAST), ageEncrypt(Buffer.from('x'), pass, FAST)]);
    expect(a.equals(b)).toBe(false);
    expect(await ageDecryptBuffer(a, pass)).toEqual(Buffer.from('x'));
  });

  it('streams: the first part comes out before the source has delivered much more than one chunk', async () => {
    const plaintext = randomBytes(5 * CHUNK);
    const file = await ageEncrypt(plaintext, PASS, FAST);
    let delivered = 0;
    async function* counting(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < file.length; at += 1000) {
        const piece = file.subarray(at, at + 1000);
        delivered += piece.length;
        yield piece;
      }
    }
    const first = await ageDecrypt(counting(), PASS).next();
    expect(first.value).toEqual(plaintext.subarray(0, CHUNK));
    expect(delivered).toBeLessThanOrEqual(headerLength(file) + 16 + SEALED_CHUNK + 1000);
  });

  it('lets the source close when the reader stops early', async () => {
    const file = await ageEncrypt(randomBytes(3 * CHUNK), PASS, FAST);
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield* slices(file, () => 4096);
      } finally {
        closed = true;
      }
    }
    for await (const part of ageDecrypt(source(), PASS)) {
      expect(part).toHaveLength(CHUNK);
      break;
    }
    expect(closed).toBe(true);
  });

  it('passes on a failure of the source itself', async () => {
    const file = await ageEncrypt(randomBytes(10), PASS, FAST);
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield file.subarray(0, 30);
      throw new Error('the drive was removed');
    }
    await expect(decryptAll(failing())).rejects.toThrow('the drive was removed');
  });

  describe('refusals', () => {
    it('a wrong passphrase', async () => {
      const e = await rejection(await ageEncrypt(Buffer.from('secret'), PASS, FAST), 'not it');
      expect(e).toMatchObject({ code: 'WRONG_PASSPHRASE', message: 'The passphrase does not open this backup' });
    });

    it('a work factor above the caller\'s maximum', async () => {
      const file = await ageEncrypt(Buffer.from('x'), PASS, { workFactor: 12 });
      await expect(ageDecryptBuffer(file, PASS, { maxWorkFactor: 11 })).rejects.toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/work factor 12/) });
      await expect(ageDecryptBuffer(file, PASS, { maxWorkFactor: 12 })).resolves.toEqual(Buffer.from('x'));
    });

    it('bad encryption options', async () => {
      for (const workFactor of [0, 21, 10.5, Number.NaN]) {
        await expect(ageEncrypt(Buffer.from('x'), PASS, { workFactor })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
      await expect(ageEncrypt(Buffer.from('x'), '', FAST)).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED' });
    });

    it('a file encrypted to an age key', async () => {
      const file = await craft([{ plaintext: Buffer.from('x'), last: true }], () => [{ type: 'X25519', args: ['TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc'], body: randomBytes(32) }]);
      expect(await rejection(file)).toMatchObject({ code: 'NOT_A_BACKUP', message: expect.stringMatching(/encrypted to an age key, not a passphrase/) });
    });

    it('a passphrase stanza next to another recipient', async () => {
      const file = await craft([{ plaintext: Buffer.from('x'), last: true }], (real) => [real, { type: 'X25519', args: ['abc'], body: randomBytes(32) }]);
      expect(await rejection(file)).toMatchObject({ code: 'BACKUP_DAMAGED' });
    });

    it('a header whose MAC does not match', async () => {
      const file = await ageEncrypt(Buffer.from('x'), PASS, FAST);
      const macAt = file.indexOf('\n--- ') + 6;
      file[macAt] = file[macAt] === 0x41 ? 0x42 : 0x41;
      expect(await rejection(file)).toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/header fails its integrity check/) });
    });

    it('an altered salt looks like a wrong passphrase: the two cannot be told apart', async () => {
      const file = await ageEncrypt(Buffer.from('x'), PASS, FAST);
      const saltAt = file.indexOf('scrypt ') + 7;
      file[saltAt] = file[saltAt] === 0x41 ? 0x42 : 0x41;
      expect(await rejection(file)).toMatchObject({ code: 'WRONG_PASSPHRASE' });
    });

    it('an altered full chunk, naming the part, without handing out anything from it', async () => {
      const plaintext = randomBytes(3 * CHUNK);
      for (const part of [1, 2, 3]) {
        const file = await ageEncrypt(plaintext, PASS, FAST);
        flipBit(file, headerLength(file) + 16 + (part - 1) * SEALED_CHUNK + 1000);
        const out: Buffer[] = [];
        const e = await (async () => {
          for await (const piece of ageDecrypt(slices(file, () => 10_000), PASS)) out.push(piece);
        })().then(() => null, (error: unknown) => error);
        expect(e).toMatchObject({ code: 'BACKUP_DAMAGED', message: `The backup is damaged: part ${part} of the encrypted data fails its integrity check: the file was altered` });
        expect(Buffer.concat(out)).toEqual(plaintext.subarray(0, (part - 1) * CHUNK));
      }
    });

    it('an altered payload nonce', async () => {
      const file = await ageEncrypt(randomBytes(2 * CHUNK), PASS, FAST);
      flipBit(file, headerLength(file) + 3);
      expect(await rejection(file)).toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/part 1 /) });
    });

    it('chunks in the wrong order', async () => {
      const file = await ageEncrypt(randomBytes(2 * CHUNK), PASS, FAST);
      const at = headerLength(file) + 16;
      const swapped = Buffer.concat([file.subarray(0, at), file.subarray(at + SEALED_CHUNK), file.subarray(at, at + SEALED_CHUNK)]);
      expect(await rejection(swapped)).toMatchObject({ code: 'BACKUP_DAMAGED' });
    });

    it('data after the final chunk', async () => {
      const file = await ageEncrypt(randomBytes(CHUNK), PASS, FAST);
      const e = await rejection(Buffer.concat([file, Buffer.from('more')]));
      expect(e).toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/extra data after its last part \(part 1\)/) });
      const twoFinals = await craft([{ plaintext: randomBytes(CHUNK), last: true }, { plaintext: randomBytes(10), last: true }]);
      expect(await rejection(twoFinals)).toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/extra data/) });
    });

    it('an empty final chunk after a full one, which age never writes', async () => {
      const file = await craft([{ plaintext: randomBytes(CHUNK), last: false }, { plaintext: Buffer.alloc(0), last: true }]);
      expect(await rejection(file)).toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/last part \(part 2\) is empty/) });
    });

    it('accepts a full-size final chunk, and a lone empty one', async () => {
      const full = randomBytes(CHUNK);
      expect(await ageDecryptBuffer(await craft([{ plaintext: full, last: true }]), PASS)).toEqual(full);
      expect(await ageDecryptBuffer(await craft([{ plaintext: Buffer.alloc(0), last: true }]), PASS)).toHaveLength(0);
    });

    it('a file that stops after a full chunk with no final one', async () => {
      const file = await craft([{ plaintext: randomBytes(CHUNK), last: false }]);
      expect(await rejection(file)).toMatchObject({ code: 'BACKUP_TRUNCATED', message: 'The backup ends before its last part: it stops after part 1 of the encrypted data' });
      const cut = await ageEncrypt(randomBytes(2 * CHUNK + 5), PASS, FAST);
      expect(await rejection(cut.subarray(0, headerLength(cut) + 16 + 2 * SEALED_CHUNK))).toMatchObject({ code: 'BACKUP_TRUNCATED', message: expect.stringMatching(/after part 2/) });
    });

    it('a file cut anywhere in its header or payload', async () => {
      const file = await ageEncrypt(randomBytes(CHUNK + 100), PASS, FAST);
      const payloadAt = headerLength(file) + 16;
      const cuts = [...Array.from({ length: payloadAt + 20 }, (_, i) => i + 1), payloadAt + SEALED_CHUNK - 1, payloadAt + SEALED_CHUNK, file.length - 40, file.length - 1];
      for (const cut of cuts) {
        const e = await rejection(file.subarray(0, cut));
        expect(e, `cut at ${cut}`).toMatchObject({ code: 'BACKUP_TRUNCATED', message: expect.stringMatching(/^The backup ends before its last part: /) });
      }
      expect(await rejection(file.subarray(0, 0))).toMatchObject({ code: 'NOT_A_BACKUP' });
    });
  });
});
