import { describe, expect, it } from 'vitest';
import { decodeBase64Strict, encodeBase64NoPadding } from './base64';

describe('age base64', () => {
  it('encodes without padding and decodes back', () => {
    for (const n of [0, 1, 2, 3, 16, 32, 47, 48]) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37) & 0xff));
      const text = encodeBase64NoPadding(bytes);
      expect(text).not.toContain('=');
      expect(decodeBase64Strict(text)).toEqual(bytes);
    }
  });

  it.each([
    ['padding', 'AA=='],
    ['non-zero trailing bits', 'AB'],
    ['an impossible length', 'AAAAA'],
    ['a newline', 'AAAA\nAA'],
    ['a carriage return', 'AAAA\r'],
    ['a space', 'AA AA'],
    ['url-safe characters', 'A-_A'],
  ])('refuses %s', (_why, text) => {
    expect(decodeBase64Strict(text)).toBeNull();
  });
});
