import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, decodeHeader, headerChecksums, parseNumber, sealChecksum, writeOctal } from './tar-header';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('tar numeric fields', () => {
  it('reads octal with leading spaces and space/NUL terminators', () => {
    expect(parseNumber(bytes('0000644\0'), false)).toBe(0o644);
    expect(parseNumber(bytes('  644 \0\0'), false)).toBe(0o644);
    expect(parseNumber(bytes('00000000012\0'), false)).toBe(10);
  });

  it('rejects non-octal digits and text after the number', () => {
    expect(parseNumber(bytes('0000648\0'), false)).toBeNull();
    expect(parseNumber(bytes('0000644x'), false)).toBeNull();
    expect(parseNumber(bytes('06 44\0\0\0'), false)).toBeNull();
  });

  it('reads an empty field as 0 only where allowed', () => {
    expect(parseNumber(new Uint8Array(8), true)).toBe(0);
    expect(parseNumber(new Uint8Array(8), false)).toBeNull();
  });

  it('reads GNU base-256, positive and negative, and refuses values beyond a safe integer', () => {
    const positive = new Uint8Array(12);
    positive[0] = 0x80;
    positive[11] = 0x01;
    positive[10] = 0x02;
    expect(parseNumber(positive, false)).toBe(0x201);
    const minusOne = new Uint8Array(12).fill(0xff);
    expect(parseNumber(minusOne, true)).toBe(-1);
    const huge = new Uint8Array(12).fill(0x7f);
    huge[0] = 0x80;
    expect(parseNumber(huge, false)).toBeNull();
  });

  it('refuses to write a number that does not fit', () => {
    const block = new Uint8Array(BLOCK_SIZE);
    expect(() => writeOctal(block, 'mode', 0o77777777)).toThrow(RangeError);
    expect(() => writeOctal(block, 'size', -1)).toThrow(RangeError);
    writeOctal(block, 'size', 0o77777777777);
  });
});

describe('tar header checksum', () => {
  const header = () => {
    const block = Buffer.alloc(BLOCK_SIZE);
    block.write('name\u00e9', 0, 'latin1');
    writeOctal(block, 'mode', 0o600);
    writeOctal(block, 'size', 3);
    writeOctal(block, 'mtime', 0);
    block.write('0', 156);
    block.write('ustar\x0000', 257, 'latin1');
    return block;
  };

  it('accepts the unsigned sum we write', () => {
    const block = header();
    sealChecksum(block);
    expect(decodeHeader(block)).toMatchObject({ ok: true, header: { size: 3, mode: 0o600 } });
  });

  it('accepts the signed sum old tars wrote', () => {
    const block = header();
    const { signed } = headerChecksums(block);
    block.write(`${signed.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    expect(decodeHeader(block).ok).toBe(true);
  });

  it('reports a mismatch and an unreadable checksum', () => {
    const block = header();
    sealChecksum(block);
    block[0] = 0x41;
    expect(decodeHeader(block)).toMatchObject({ ok: false, problem: expect.stringContaining('checksum does not match') });
    block.write('zzzzzz\0 ', 148, 'latin1');
    expect(decodeHeader(block)).toMatchObject({ ok: false, problem: expect.stringContaining('unreadable header checksum') });
  });

  it('joins the ustar prefix only for POSIX magic', () => {
    const block = header();
    block.write('some/dir', 345, 'latin1');
    sealChecksum(block);
    expect(decodeHeader(block)).toMatchObject({ ok: true, header: { name: 'some/dir/name\ufffd', nameIsUtf8: false } });
    block.write('ustar  \0', 257, 'latin1');
    sealChecksum(block);
    expect(decodeHeader(block)).toMatchObject({ ok: true, header: { name: 'name\ufffd' } });
  });
});
