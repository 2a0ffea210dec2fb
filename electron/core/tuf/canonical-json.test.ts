import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson (notary flavour)', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: false } })).toBe('{"a":{"c":false,"d":[3,{"y":true,"z":null}]},"b":1}');
  });

  it('sorts keys bytewise in UTF-8, not by UTF-16 code units', () => {
    // U+FF61 is EF BD A1 in UTF-8, U+1F600 is F0 9F 98 80: UTF-8 puts the emoji last, UTF-16 (D83D) first.
    expect(canonicalJson({ '\u{1F600}': 1, '\uFF61': 2, B: 3, a: 4 })).toBe('{"B":3,"a":4,"\uFF61":2,"\u{1F600}":1}');
  });

  it('escapes only " and \\, everything else raw', () => {
    const s = 'q"b\\ <>& \n\t\u0001 \u2028 é';
    expect(canonicalJson(s)).toBe(`"q\\"b\\\\ <>& \n\t\u0001 \u2028 é"`);
    expect(canonicalJson({ 'k"': 'v' })).toBe('{"k\\"":"v"}');
  });

  it('writes integers only', () => {
    expect(canonicalJson([0, -0, -5, 2 ** 53 - 1, 12345678901234567890n])).toBe('[0,0,-5,9007199254740991,12345678901234567890]');
    expect(() => canonicalJson({ a: 1.5 })).toThrow(/\$\.a: 1\.5 is not a safe integer/);
    expect(() => canonicalJson([NaN])).toThrow(/not a safe integer/);
    expect(() => canonicalJson(2 ** 53)).toThrow(/not a safe integer/);
  });

  it('leaves out undefined properties and refuses what JSON cannot say', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson([undefined])).toThrow(/undefined cannot be encoded/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/plain objects/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson('\uD800x')).toThrow(/lone surrogate/);
    expect(canonicalJson(Object.assign(Object.create(null), { x: 'y' }))).toBe('{"x":"y"}');
  });

  it('encodes the public key of a key ID computation like notary', () => {
    expect(canonicalJson({ keytype: 'ecdsa', keyval: { public: 'QUJD', private: null } })).toBe('{"keytype":"ecdsa","keyval":{"private":null,"public":"QUJD"}}');
  });
});
