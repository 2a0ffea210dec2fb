import { describe, expect, it } from 'vitest';
import { encodePaxRecords, parsePaxRecords } from './pax';

describe('pax records', () => {
  it('counts the length digits themselves, across digit-count boundaries', () => {
    // " path=" + value + "\n" is 7 + n bytes; these values make the total land on 9/10 and 99/100/101.
    for (const n of [0, 1, 2, 3, 88, 89, 90, 91, 92, 993, 994, 995]) {
      const value = 'v'.repeat(n);
      const encoded = encodePaxRecords([['path', value]]);
      expect(Number(encoded.toString().split(' ')[0])).toBe(encoded.length);
      expect(parsePaxRecords(encoded).get('path')).toBe(value);
    }
  });

  it('round-trips several records with UTF-8, "=" and newlines in values', () => {
    const records = parsePaxRecords(encodePaxRecords([['path', 'a/é=b\nc'], ['size', '12'], ['mtime', '1.5']]));
    expect(Object.fromEntries(records)).toEqual({ path: 'a/é=b\nc', size: '12', mtime: '1.5' });
  });

  it.each([
    ['no length', '  path=x\n'],
    ['a length past the end', '99 path=x\n'],
    ['a length that does not end at a newline', '9 path=xy\n'],
    ['no key', '7 =abc\n'],
    ['no "="', '9 pathxy\n'],
    ['NUL padding after the records', '9 path=x\n\0\0\0'],
    ['a non-numeric length', 'ab path=x\n'],
  ])('rejects %s', (_what, text) => {
    expect(() => parsePaxRecords(Buffer.from(text, 'latin1'))).toThrow();
  });

  it('rejects values that are not UTF-8', () => {
    expect(() => parsePaxRecords(Buffer.concat([Buffer.from('9 path='), Buffer.from([0xff]), Buffer.from('\n')]))).toThrow(/UTF-8/);
  });
});
