import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK_PLAINTEXT_BYTES } from './constants';
import { AgeFileWriter, DerivedKeys, ageDecryptBuffer } from './index';

async function* slices(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield new Uint8Array(data.subarray(at, at + size));
}
const drain = async (stream: AsyncIterable<Buffer>) => {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p);
  return parts;
};

/** A backup is encrypted as it is written: the stream must be the very file encrypt() makes, chunk for chunk. */
describe('AgeFileWriter.encryptStream', () => {
  const C = CHUNK_PLAINTEXT_BYTES;

  it.each([0, 1, C - 1, C, C + 1, 2 * C, 3 * C + 5])('%i bytes: same size as encrypt(), and they decrypt back', async (n) => {
    const derivedKeys = new DerivedKeys();
    const writer = await AgeFileWriter.start('stream passphrase', { workFactor: 10, derivedKeys });
    const plaintext = randomBytes(n);
    for (const size of [1000, C, 100_000]) {
      const parts = await drain(writer.encryptStream(slices(plaintext, size)));
      const file = Buffer.concat(parts);
      expect(file.length).toBe(writer.encrypt(plaintext).length);
      // Never a whole file in one piece: the header, then one sealed chunk at a time.
      expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(C + 16 + 200);
      expect(await ageDecryptBuffer(file, 'stream passphrase', { derivedKeys })).toEqual(plaintext);
    }
    writer.wipe();
  });

  it('uses a fresh payload nonce for each file, so no two files share a key stream', async () => {
    const writer = await AgeFileWriter.start('stream passphrase', { workFactor: 10 });
    const [a, b] = [writer.encrypt(Buffer.alloc(100)), Buffer.concat(await drain(writer.encryptStream(slices(Buffer.alloc(100), 10))))];
    const headerEnd = a.indexOf('\n', a.indexOf('---')) + 1;
    expect(a.subarray(0, headerEnd)).toEqual(b.subarray(0, headerEnd));
    expect(a.subarray(headerEnd, headerEnd + 16)).not.toEqual(b.subarray(headerEnd, headerEnd + 16));
    expect(a.subarray(headerEnd + 16)).not.toEqual(b.subarray(headerEnd + 16));
  });
});
