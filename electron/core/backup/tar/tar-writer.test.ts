import { describe, expect, it } from 'vitest';
import { once } from '../../../../test/support/hostile-tar';
import { VaultError } from '../../errors';
import { readTar, type TarEntry } from './tar-reader';
import { packTar, splitUstarName, type TarInput } from './tar-writer';

const mtime = new Date('2024-05-06T07:08:09.999Z');
const key = (c: string) => `private/${c.repeat(64)}.key`;

async function readBack(tar: Buffer): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const e of readTar(once(tar))) out.push(e);
  return out;
}

describe('packTar', () => {
  const entries: TarInput[] = [
    { path: 'private', type: 'dir', mode: 0o700 },
    { path: key('a'), type: 'file', mode: 0o600, data: Buffer.from('key a') },
    { path: 'private/empty.key', type: 'file', mode: 0o600 },
  ];

  it('gives the same bytes for the same input', () => {
    expect(packTar(entries, { mtime }).equals(packTar(entries, { mtime }))).toBe(true);
  });

  it('writes ustar headers with uid/gid 0, no owner names, whole seconds, and two zero blocks at the end', () => {
    const tar = packTar(entries, { mtime });
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(-1024).every((b) => b === 0)).toBe(true);
    const first = tar.subarray(0, 512);
    expect(first.toString('latin1', 0, 9)).toBe('private/\0');
    expect(first.toString('latin1', 100, 108)).toBe('0000700\0');
    expect(first.toString('latin1', 108, 124)).toBe('0000000\x000000000\0');
    expect(first.toString('latin1', 136, 148)).toBe(`${Math.floor(mtime.getTime() / 1000).toString(8)}\0`);
    expect(first.toString('latin1', 156, 157)).toBe('5');
    expect(first.toString('latin1', 257, 265)).toBe('ustar\x0000');
    expect(first.subarray(265, 329).every((b) => b === 0)).toBe(true);
  });

  it('reads back exactly what it wrote', async () => {
    const back = await readBack(packTar(entries, { mtime }));
    expect(back.map((e) => ({ path: e.path, type: e.type, mode: e.mode, data: e.data && e.data.toString() }))).toEqual([
      { path: 'private', type: 'dir', mode: 0o700, data: null },
      { path: key('a'), type: 'file', mode: 0o600, data: 'key a' },
      { path: 'private/empty.key', type: 'file', mode: 0o600, data: '' },
    ]);
    expect(back[0]!.mtime.toISOString()).toBe('2024-05-06T07:08:09.000Z');
  });

  it('splits a long path over ustar prefix and name, and uses pax only when that cannot work', async () => {
    const viaPrefix = `home/${'u'.repeat(40)}/.docker/trust/${key('b')}`;
    const tooLong = `${'d'.repeat(150)}/${'e'.repeat(150)}.key`;
    const unicode = 'private/ключ.key';
    const tar = packTar(
      [
        { path: viaPrefix, type: 'file', mode: 0o600, data: Buffer.from('1') },
        { path: tooLong, type: 'file', mode: 0o600, data: Buffer.from('2') },
        { path: unicode, type: 'file', mode: 0o600, data: Buffer.from('3') },
        { path: `${'f'.repeat(120)}`, type: 'dir', mode: 0o700 },
      ],
      { mtime },
    );
    const types = [];
    for (let at = 0; at < tar.length - 1024; ) {
      const size = parseInt(tar.toString('latin1', at + 124, at + 135), 8);
      types.push(tar.toString('latin1', at + 156, at + 157));
      at += 512 + Math.ceil(size / 512) * 512;
    }
    expect(types).toEqual(['0', 'x', '0', 'x', '0', 'x', '5']);
    expect((await readBack(tar)).map((e) => [e.path, e.type])).toEqual([
      [viaPrefix, 'file'],
      [tooLong, 'file'],
      [unicode, 'file'],
      ['f'.repeat(120), 'dir'],
    ]);
  });

  it('finds a ustar split only where both parts fit', () => {
    expect(splitUstarName('a/b')).toEqual({ name: 'a/b', prefix: '' });
    expect(splitUstarName(`${'p'.repeat(155)}/${'n'.repeat(100)}`)).toEqual({ prefix: 'p'.repeat(155), name: 'n'.repeat(100) });
    expect(splitUstarName(`${'p'.repeat(156)}/${'n'.repeat(10)}`)).toBeNull();
    expect(splitUstarName(`${'p'.repeat(10)}/${'n'.repeat(101)}`)).toBeNull();
    expect(splitUstarName(`${'n'.repeat(101)}/`)).toBeNull();
  });

  it.each([
    ['an absolute path', { path: '/x', type: 'file', mode: 0o600 }],
    ['a ".." path', { path: 'a/../b', type: 'file', mode: 0o600 }],
    ['a non-normal path', { path: './a', type: 'file', mode: 0o600 }],
    ['a trailing slash', { path: 'a/', type: 'dir', mode: 0o700 }],
    ['a bad mode', { path: 'a', type: 'file', mode: 0o10000 }],
    ['a folder with data', { path: 'a', type: 'dir', mode: 0o700, data: Buffer.from('x') }],
  ] as Array<[string, TarInput]>)('refuses %s', (_what, entry) => {
    expect(() => packTar([entry], { mtime })).toThrow(VaultError);
  });

  it('refuses an mtime ustar cannot hold', () => {
    expect(() => packTar(entries, { mtime: new Date(-1000) })).toThrow(VaultError);
    expect(() => packTar(entries, { mtime: new Date(NaN) })).toThrow(VaultError);
  });

  it('refuses the same path twice', () => {
    expect(() => packTar([entries[0]!, entries[0]!], { mtime })).toThrow(/listed twice/);
  });
});
