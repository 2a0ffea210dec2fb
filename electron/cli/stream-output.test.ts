import { describe, expect, it } from 'vitest';
import { StreamedList, mapped, writeJson, writeLines } from './stream-output';

const collect = (write: (out: (t: string) => void) => void) => {
  const parts: string[] = [];
  write((t) => parts.push(t));
  return parts;
};

/** Streamed output is the same document as before (the CLI's --json shape stays as documented), only in pieces. */
describe('stream-output', () => {
  const rows = Array.from({ length: 2500 }, (_, i) => ({ id: `k${i}`, role: i % 2 ? 'targets' : null, gun: undefined, n: i }));

  it('writeJson writes exactly JSON.stringify of the document, lists included, a batch at a time', () => {
    const doc = (list: unknown, inner: unknown) => ({ a: 1, skipped: undefined, f: () => 1, keys: list, nested: { ok: true, differences: inner, x: [1, 'two', null] }, tail: 'é"\n' });
    const parts = collect((out) => writeJson(out, doc(new StreamedList(mapped(rows, (r) => ({ ...r, extra: r.n * 2 }))), new StreamedList(['a', 'b']))));
    expect(parts.join('')).toBe(JSON.stringify(doc(rows.map((r) => ({ ...r, extra: r.n * 2 })), ['a', 'b'])));
    expect(parts.length).toBeGreaterThan(2);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(parts.join('').length * 0.7);
  });

  it('writeJson of empty lists, of a list at the top and of plain values', () => {
    const one = (v: unknown) => collect((out) => writeJson(out, v)).join('');
    expect(one({ keys: new StreamedList([]), roots: [] })).toBe('{"keys":[],"roots":[]}');
    expect(one(new StreamedList([1, undefined, 'x']))).toBe('[1,null,"x"]');
    expect(one({ a: [1, { b: 2 }], c: null })).toBe(JSON.stringify({ a: [1, { b: 2 }], c: null }));
    expect(one('plain')).toBe('"plain"');
  });

  it('writeLines writes every line once, in order, in batches', () => {
    const parts = collect((out) => writeLines(out, rows, (r) => `${r.id}\n`));
    expect(parts.join('')).toBe(rows.map((r) => `${r.id}\n`).join(''));
    expect(parts).toHaveLength(3);
    expect(collect((out) => writeLines(out, [], () => 'x'))).toEqual([]);
  });
});
