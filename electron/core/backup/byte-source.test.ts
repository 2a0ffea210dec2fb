import { describe, expect, it } from 'vitest';
import { ByteSource } from './byte-source';

async function* slices(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield new Uint8Array(bytes.subarray(at, at + size));
}

describe('ByteSource', () => {
  const text = Buffer.from('first line\nsecond\nrest without newline');

  it.each([1, 3, 7, 1000])('reads lines and byte counts across %i-byte slices', async (size) => {
    const source = new ByteSource(slices(text, size));
    expect(await source.readLine(100)).toEqual({ kind: 'line', bytes: Buffer.from('first line') });
    expect(await source.read(3)).toEqual(Buffer.from('sec'));
    expect(await source.readLine(100)).toEqual({ kind: 'line', bytes: Buffer.from('ond') });
    expect(await source.atEnd()).toBe(false);
    expect(await source.read(100)).toEqual(Buffer.from('rest without newline'));
    expect(await source.atEnd()).toBe(true);
    expect(await source.read(5)).toHaveLength(0);
  });

  it('reports a line that never ends, and one longer than allowed', async () => {
    expect(await new ByteSource(slices(Buffer.from('no newline'), 2)).readLine(100)).toEqual({ kind: 'ended' });
    expect(await new ByteSource(slices(Buffer.from('far too long\n'), 2)).readLine(5)).toEqual({ kind: 'too-long' });
  });

  it('skips empty slices', async () => {
    async function* withEmpties(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(0);
      yield Buffer.from('ab');
      yield new Uint8Array(0);
      yield Buffer.from('c');
    }
    const source = new ByteSource(withEmpties());
    expect(await source.read(3)).toEqual(Buffer.from('abc'));
    expect(await source.atEnd()).toBe(true);
  });

  it('lets the source clean up when closed early', async () => {
    let cleanedUp = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield Buffer.from('x');
      } finally {
        cleanedUp = true;
      }
    }
    const source = new ByteSource(endless());
    await source.read(2);
    await source.close();
    expect(cleanedUp).toBe(true);
  });
});

describe('ByteSource for the tar reader', () => {
  it('skips and keeps count of the position across slices, and stops at the end', async () => {
    const source = new ByteSource(slices(Buffer.from('0123456789'), 3));
    expect(await source.skip(4)).toBe(4);
    expect((await source.read(3)).toString()).toBe('456');
    expect(source.position).toBe(7);
    expect(await source.skip(10)).toBe(3);
    expect(source.position).toBe(10);
    expect(await source.read(1)).toHaveLength(0);
  });

  it('closes quietly when the source fails to close, and only once', async () => {
    let closed = 0;
    const failing: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => ({ done: false, value: new Uint8Array(4) }),
        return: async () => {
          closed++;
          throw new Error('already broken');
        },
      }),
    };
    const source = new ByteSource(failing);
    await source.read(2);
    await source.close();
    await source.close();
    expect(closed).toBe(1);
  });
});
