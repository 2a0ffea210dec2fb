import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { AGE_CHUNK_BYTES, padGzipToChunks, paddingMember } from './chunk-padding';

describe('padGzipToChunks', () => {
  const tmp = makeTempDir('tv-pad-');
  afterAll(() => tmp.cleanup());

  it.each([1, 100, AGE_CHUNK_BYTES - 30, AGE_CHUNK_BYTES * 2 + 7])('pads %i bytes of content to whole chunks that still gunzip to the same bytes', (n) => {
    const content = Buffer.alloc(n, 7);
    content.fill(3, 0, Math.min(n, 50));
    const gz = gzipSync(content, { level: 0 });
    const padded = padGzipToChunks(gz);
    expect(padded.length % AGE_CHUNK_BYTES).toBe(0);
    expect(gunzipSync(padded)).toEqual(content);
  });

  it('is read by GNU gzip without complaint', () => {
    const file = join(tmp.path, 'x.gz');
    writeFileSync(file, padGzipToChunks(gzipSync(Buffer.from('hello'))));
    expect(execFileSync('gzip', ['-dc', file], { encoding: 'utf8' })).toBe('hello');
  });

  it('refuses what is not a plain gzip of ours', () => {
    expect(() => padGzipToChunks(Buffer.from('not gzip at all'))).toThrow(/not a gzip/);
    const withName = gzipSync(Buffer.from('x'));
    withName[3] = 0x08;
    expect(() => padGzipToChunks(withName)).toThrow(/optional fields/);
  });
});

describe('paddingMember', () => {
  const tmp = makeTempDir('tv-pad-member-');
  afterAll(() => tmp.cleanup());

  it.each([1, 100, AGE_CHUNK_BYTES - 21, AGE_CHUNK_BYTES - 20, AGE_CHUNK_BYTES - 1, AGE_CHUNK_BYTES, AGE_CHUNK_BYTES * 2 + 7])(
    'after %i bytes of gzip, ends the file on a whole chunk and adds nothing to what it inflates to',
    (n) => {
      const content = Buffer.alloc(n, 7);
      const gz = Buffer.concat([gzipSync(content, { level: 0 })]);
      const padded = Buffer.concat([gz, paddingMember(gz.length)]);
      expect(padded.length % AGE_CHUNK_BYTES).toBe(0);
      expect(gunzipSync(padded)).toEqual(content);
    },
  );

  it('is read by GNU gzip as one more, empty, member', () => {
    const file = join(tmp.path, 'x.gz');
    const gz = gzipSync(Buffer.from('hello'));
    writeFileSync(file, Buffer.concat([gz, paddingMember(gz.length)]));
    expect(execFileSync('gzip', ['-dc', file], { encoding: 'utf8' })).toBe('hello');
    expect(execFileSync('gzip', ['-t', file], { encoding: 'utf8' })).toBe('');
  });
});
