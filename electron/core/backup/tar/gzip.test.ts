import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipDeterministic, isGzip } from './gzip';

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

describe('isGzip', () => {
  it('looks at the two magic bytes', () => {
    expect(isGzip(gzipSync('x'))).toBe(true);
    expect(isGzip(Buffer.from('ustar'))).toBe(false);
    expect(isGzip(Buffer.from([0x1f]))).toBe(false);
  });
});
