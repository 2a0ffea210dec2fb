import { describe, expect, it } from 'vitest';
import { fromWire, isOp, isResponse, toWire } from './protocol';

describe('wire format', () => {
  it('turns Buffers into plain Uint8Arrays (structured clone keeps those) and back, deeply', () => {
    const value = { a: Buffer.from('abc'), list: [Buffer.from([1]), 'x', 2, null], nested: { b: Buffer.alloc(0) } };
    const wire = toWire(value) as { a: Uint8Array; list: unknown[] };
    expect(Buffer.isBuffer(wire.a)).toBe(false);
    expect(wire.a).toBeInstanceOf(Uint8Array);
    const back = fromWire(structuredClone(wire)) as typeof value;
    expect(Buffer.isBuffer(back.a)).toBe(true);
    expect(back.a.toString()).toBe('abc');
    expect(back.list).toEqual([Buffer.from([1]), 'x', 2, null]);
    expect(Buffer.isBuffer(back.nested.b)).toBe(true);
  });

  it('copies only the bytes of a Buffer that is a view into a larger pool', () => {
    const pool = Buffer.from('0123456789');
    const wire = toWire(pool.subarray(2, 5)) as Uint8Array;
    expect(wire.buffer.byteLength).toBe(3);
    expect(Buffer.from(wire).toString()).toBe('234');
  });

  it('recognises operations and responses', () => {
    expect(isOp('probe')).toBe(true);
    expect(isOp('C_Finalize')).toBe(false);
    expect(isResponse({ id: 1, ok: true, value: null })).toBe(true);
    expect(isResponse({ id: '1', ok: true })).toBe(false);
    expect(isResponse(null)).toBe(false);
  });
});
