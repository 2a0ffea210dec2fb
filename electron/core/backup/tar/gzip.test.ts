import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { gzipDeterministic, gzipStream, isGzip } from './gzip';

describe('gzipDeterministic', () => {
  const data = Buffer.from('some tar bytes '.repeat(100));

  it('writes a fixed header: no name, mtime 0, OS 255', () => {
    const gz = gzipDeterministic(data);
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  });

  it('gives the same bytes for the same input and inflates back with stock zlib', () => {
    expect(gzipDeterministic(data).equals(gzipDeterministic(data))).toBe(true);
    expect(gunzipSync(gzipDeterministic(data)).equals(data)).toBe(true);
    expect(gunzipSync(gzipDeterministic(new Uint8Array(0)))).toHaveLength(0);
  });
});

async function* slices(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}
const drain = async (stream: AsyncIterable<Buffer>) => {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p);
  return Buffer.concat(parts);
};

describe('gzipStream', () => {
  it('gives the bytes of gzipDeterministic however the input is sliced', async () => {
    const big = Buffer.concat([randomBytes(100_000), Buffer.from('repeated text '.repeat(20_000))]);
    for (const size of [1000, 4096, 65536, big.length]) expect((await drain(gzipStream(slices(big, size)))).equals(gzipDeterministic(big))).toBe(true);
    expect((await drain(gzipStream(slices(Buffer.alloc(0), 1)))).equals(gzipDeterministic(new Uint8Array(0)))).toBe(true);
  });

  it('ends with the error of its source, not a gzip of half the input', async () => {
    const failing = async function* () {
      yield Buffer.alloc(200_000, 1);
      throw new Error('the key file vanished');
    };
    await expect(drain(gzipStream(failing()))).rejects.toThrow('the key file vanished');
  });
});

describe('isGzip', () => {
  it('looks at the two magic bytes', () => {
    expect(isGzip(gzipSync('x'))).toBe(true);
    expect(isGzip(Buffer.from('ustar'))).toBe(false);
    expect(isGzip(Buffer.from([0x1f]))).toBe(false);
  });
});
