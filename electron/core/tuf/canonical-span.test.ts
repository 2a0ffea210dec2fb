import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { canonicalSignedSpan } from './canonical-span';

const span = (text: string) => canonicalSignedSpan(Buffer.from(text, 'utf8'))?.toString('utf8') ?? null;

/** The property that makes the fast path safe: whenever a span is returned, it is canonicalJson of the parsed signed. */
function agrees(text: string): boolean {
  const s = span(text);
  if (s === null) return true;
  let want: string | null;
  try {
    want = canonicalJson((JSON.parse(text) as { signed: unknown }).signed);
  } catch {
    want = null;
  }
  return s === want;
}

describe('canonicalSignedSpan', () => {
  it('finds canonical signed bytes in either member order', () => {
    const signed = '{"_type":"Targets","expires":"2030-01-01T00:00:00Z","n":-12,"t":{"a":[true,false,null,0,{},"q\\"b\\\\"],"b":[]},"version":3}';
    expect(span(`{"signed":${signed},"signatures":[{"keyid":"k","method":"ecdsa","sig":"AA=="}]}`)).toBe(signed);
    expect(span(`{"signatures":[{"keyid":"k"}],"signed":${signed}}`)).toBe(signed);
    expect(span(` {\n "signatures" : [ ] ,\n "signed" : ${signed} }\n`)).toBe(signed);
    expect(canonicalJson(JSON.parse(signed))).toBe(signed);
  });

  it('writes members in key order when only the order differs, at every depth', () => {
    const text = '{"signed":{"z":[{"y":1,"x":[{"b":"\\\\","a":null}]},{}],"a":{"d":true,"c":-5},"m":"s\\"q"},"signatures":[]}';
    const want = canonicalJson((JSON.parse(text) as { signed: unknown }).signed);
    expect(span(text)).toBe(want);
    expect(want).toBe('{"a":{"c":-5,"d":true},"m":"s\\"q","z":[{"x":[{"a":null,"b":"\\\\"}],"y":1},{}]}');
  });

  it.each([
    ['whitespace inside signed', '{"signed":{"a": 1},"signatures":[]}'],
    ['newline inside signed', '{"signed":{"a":1\n},"signatures":[]}'],
    ['\\u escape', '{"signed":{"a":"\\u0041"},"signatures":[]}'],
    ['\\/ escape', '{"signed":{"a":"\\/"},"signatures":[]}'],
    ['\\n escape', '{"signed":{"a":"x\\ny"},"signatures":[]}'],
    ['escaped key', '{"signed":{"\\u0061":1},"signatures":[]}'],
    ['duplicate keys', '{"signed":{"a":1,"a":2},"signatures":[]}'],
    ['nested duplicate keys', '{"signed":{"x":{"a":1,"a":1}},"signatures":[]}'],
    ['duplicate keys out of order', '{"signed":{"b":{"a":1,"c":2,"a":3}},"signatures":[]}'],
    ['duplicate keys in an unsorted parent', '{"signed":{"z":1,"y":[{"k":1,"j":2,"k":3}]},"signatures":[]}'],
    ['unsorted keys around a float', '{"signed":{"b":1,"a":2.5},"signatures":[]}'],
    ['float', '{"signed":{"a":1.5},"signatures":[]}'],
    ['float with zero fraction', '{"signed":{"a":1.0},"signatures":[]}'],
    ['exponent', '{"signed":{"a":1e3},"signatures":[]}'],
    ['minus zero', '{"signed":{"a":-0},"signatures":[]}'],
    ['16-digit integer', '{"signed":{"a":1234567890123456},"signatures":[]}'],
    ['unsafe integer', '{"signed":{"a":9007199254740993},"signatures":[]}'],
    ['non-ASCII', '{"signed":{"a":"é"},"signatures":[]}'],
    ['non-ASCII key', '{"signed":{"é":1},"signatures":[]}'],
    ['two signed members', '{"signed":{"a":1},"signed":{"a":2},"signatures":[]}'],
    ['signed named with an escape', '{"signed":{"a":1},"sign\\u0065d":{"a":2},"signatures":[]}'],
    ['signed not an object', '{"signed":[1],"signatures":[]}'],
    ['no signed', '{"signatures":[]}'],
    ['not an object', '[{"signed":{}}]'],
    ['trailing garbage', '{"signed":{"a":1},"signatures":[]}x'],
  ])('falls back on %s', (_why, text) => {
    expect(span(text)).toBeNull();
    expect(agrees(text)).toBe(true);
  });

  it('accepts only what canonicalJson would write, over many mutations', () => {
    const base = '{"signed":{"_type":"Targets","a":[1,-2,"x\\"y",{"k":null,"j":0}],"b":{"c":"d","e":true,"f":{"h":1,"g":2}},"version":10,"b2":[]},"signatures":[]}';
    const alphabet = ' \n\t{}[],:"\\/.-0159eEuaAbé\u2028';
    let seed = 1;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let accepted = 0;
    for (let n = 0; n < 20000; n++) {
      let text = base;
      for (let m = 0, edits = 1 + rand(3); m < edits; m++) {
        const at = 11 + rand(text.length - 30);
        const ch = alphabet[rand(alphabet.length)]!;
        const op = rand(3);
        text = op === 0 ? text.slice(0, at) + ch + text.slice(at) : op === 1 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + ch + text.slice(at + 1);
      }
      try {
        JSON.parse(text);
      } catch {
        continue;
      }
      if (span(text) !== null) accepted++;
      expect(agrees(text), text).toBe(true);
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('agrees with canonicalJson on random objects with unsorted and repeated keys', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const keys = ['a', 'b', 'ab', 'B', '_', 'a"', 'z\\', '10', '9', '__proto__', '\u0061'];
    const scalars = ['1', '-1', '0', '-0', '1.5', '1e2', '"x"', '"\\"', '"\\/"', 'true', 'false', 'null', '123456789012345', '1234567890123456'];
    const value = (depth: number): string => {
      const r = rand(depth > 3 ? 1 : 4);
      if (r === 0) return scalars[rand(scalars.length)]!;
      if (r === 1) return `[${Array.from({ length: rand(4) }, () => value(depth + 1)).join(',')}]`;
      return `{${Array.from({ length: rand(5) }, () => `"${keys[rand(keys.length)]}":${value(depth + 1)}`).join(',')}}`;
    };
    let accepted = 0;
    let reordered = 0;
    for (let n = 0; n < 5000; n++) {
      const signed = `{${Array.from({ length: 1 + rand(5) }, () => `"${keys[rand(keys.length)]}":${value(1)}`).join(',')}}`;
      const text = `{"signed":${signed},"signatures":[]}`;
      try {
        JSON.parse(text);
      } catch {
        continue;
      }
      const got = span(text);
      if (got !== null) {
        accepted++;
        if (got !== signed) reordered++;
      }
      expect(agrees(text), text).toBe(true);
    }
    expect(accepted).toBeGreaterThan(100);
    expect(reordered).toBeGreaterThan(100);
  });
});
