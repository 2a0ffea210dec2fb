import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../../shared/error-codes';
import { VaultError } from '../../errors';
import {
  blockDeviceEntry,
  charDeviceEntry,
  chunked,
  dirEntry,
  endOfArchive,
  fifoEntry,
  fileEntry,
  gnuLongNameEntry,
  hardlinkEntry,
  hugeDeclaredEntry,
  manyFiles,
  once,
  paxEntry,
  paxRecords,
  rawEntry,
  rawHeader,
  symlinkEntry,
  tarOf,
} from '../../../../test/support/hostile-tar';
import { readTar, type ReadTarOptions, type TarEntry } from './tar-reader';

async function readAll(tar: Uint8Array, options?: ReadTarOptions, chunkSize?: number): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const e of readTar(chunkSize ? chunked(tar, chunkSize).source : once(tar), options)) out.push(e);
  return out;
}

async function expectError(tar: Uint8Array, code: ErrorCode, message: RegExp, options?: ReadTarOptions): Promise<void> {
  const error = await readAll(tar, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VaultError);
  expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
}

const summary = (entries: TarEntry[]) => entries.map((e) => [e.path, e.type, e.mode.toString(8), e.size, e.data?.toString() ?? null]);

describe('readTar: what it reads', () => {
  const basic = tarOf(dirEntry('./'), dirEntry('./private/'), fileEntry('./private/a.key', 'AAA', { mtime: 1_600_000_000 }), fileEntry('private/b.key', ''));

  it('yields files and folders with normalised paths, skipping the archive root "./"', async () => {
    const entries = await readAll(basic);
    expect(summary(entries)).toEqual([
      ['private', 'dir', '700', 0, null],
      ['private/a.key', 'file', '600', 3, 'AAA'],
      ['private/b.key', 'file', '600', 0, ''],
    ]);
    expect(entries[1]!.mtime.toISOString()).toBe('2020-09-13T12:26:40.000Z');
  });

  it('gives the same entries whatever the chunk sizes', async () => {
    const expected = summary(await readAll(basic));
    for (const size of [1, 7, 511, 513, 100_000]) expect(summary(await readAll(basic, {}, size))).toEqual(expected);
  });

  it('takes plain Uint8Array chunks, not only Buffers', async () => {
    const source = (async function* () {
      for (let i = 0; i < basic.length; i += 1000) yield new Uint8Array(basic.subarray(i, i + 1000));
    })();
    const entries: TarEntry[] = [];
    for await (const e of readTar(source)) entries.push(e);
    expect(summary(entries)).toEqual(summary(await readAll(basic)));
  });

  it('skips unkept data without keeping it and stays aligned for the next entry', async () => {
    const tar = tarOf(fileEntry('big', Buffer.alloc(5000, 1)), fileEntry('small', 'xy'));
    const entries = await readAll(tar, { keepData: (path) => path !== 'big' });
    expect(summary(entries)).toEqual([
      ['big', 'file', '600', 5000, null],
      ['small', 'file', '600', 2, 'xy'],
    ]);
  });

  it('reads old-style files (typeflag NUL, folders by trailing "/") and contiguous files', async () => {
    const tar = tarOf(rawEntry({ name: 'old/', type: '\0', magic: 'v7', mode: 0o755 }), rawEntry({ name: 'old/f', type: '\0', magic: 'v7' }, Buffer.from('v7')), rawEntry({ name: 'c', type: '7' }, Buffer.from('c')));
    expect(summary(await readAll(tar))).toEqual([
      ['old', 'dir', '755', 0, null],
      ['old/f', 'file', '644', 2, 'v7'],
      ['c', 'file', '644', 1, 'c'],
    ]);
  });

  it('joins the ustar prefix, applies GNU long names and pax path/size, ignores global pax headers', async () => {
    const long = `home/user/.docker/trust/private/${'a'.repeat(64)}.key`;
    const tar = tarOf(
      paxEntry({ path: 'ignored/global', comment: 'hello' }, 'g'),
      rawEntry({ name: 'b.key', prefix: 'deep/prefix' }, Buffer.from('p')),
      gnuLongNameEntry(`gnu/${long}`),
      rawEntry({ name: 'truncated-name', magic: 'gnu', prefix: 'not-a-prefix' }, Buffer.from('g')),
      paxEntry({ path: `pax/${long}`, mtime: '1700000000.123', atime: '1', 'SCHILY.xattr.x': 'y' }),
      fileEntry('truncated-too', 'x'),
      // pax size wins over the header's (GNU tar writes it for files over 8 GiB).
      paxEntry({ size: '4' }),
      rawEntry({ name: 'sized', size: 0 }, Buffer.from('four')),
    );
    expect(summary(await readAll(tar)).map((s) => [s[0], s[4]])).toEqual([
      ['deep/prefix/b.key', 'p'],
      [`gnu/${long}`, 'g'],
      [`pax/${long}`, 'x'],
      ['sized', 'four'],
    ]);
  });

  it('accepts zero padding after the end (GNU tar pads to 10240-byte records)', async () => {
    const tar = Buffer.concat([tarOf(fileEntry('a', 'x')), Buffer.alloc(10240 - 2048)]);
    expect(await readAll(tar)).toHaveLength(1);
  });

  it('stops the source when the consumer stops early', async () => {
    let closed = false;
    const tar = tarOf(fileEntry('a'), fileEntry('b'), fileEntry('c'));
    const source = (async function* () {
      try {
        for (let i = 0; i < tar.length; i += 512) yield tar.subarray(i, i + 512);
      } finally {
        closed = true;
      }
    })();
    for await (const e of readTar(source)) if (e.path === 'a') break;
    expect(closed).toBe(true);
  });

  it('passes the source’s own errors through', async () => {
    const source = (async function* () {
      yield fileEntry('a', 'x');
      throw new Error('disk on fire');
    })();
    await expect(async () => {
      for await (const _ of readTar(source));
    }).rejects.toThrow('disk on fire');
  });
});

describe('readTar: refusals', () => {
  it.each([
    ['a symlink', symlinkEntry('private/evil.key', '/etc/shadow'), /"private\/evil.key" is a symbolic link/],
    ['a hard link', hardlinkEntry('private/h', 'private/a.key'), /is a hard link/],
    ['a character device', charDeviceEntry('dev'), /is a character device/],
    ['a block device', blockDeviceEntry('dev'), /is a block device/],
    ['a FIFO', fifoEntry('fifo'), /is a FIFO/],
    ['a GNU sparse file', rawEntry({ name: 's', type: 'S', magic: 'gnu' }), /is a GNU sparse file/],
    ['a GNU volume label', rawEntry({ name: 'v', type: 'V', magic: 'gnu' }), /GNU volume label/],
    ['a GNU multi-volume piece', rawEntry({ name: 'm', type: 'M', magic: 'gnu' }), /multi-volume/],
    ['a GNU long link name', rawEntry({ name: '././@LongLink', type: 'K', magic: 'gnu' }, Buffer.from('x\0')), /GNU long link name/],
    ['an unknown type', rawEntry({ name: 'z', type: 'Z' }), /unsupported type 'Z'/],
    ['a pax sparse file', Buffer.concat([paxEntry({ 'GNU.sparse.major': '1', 'GNU.sparse.minor': '0' }), fileEntry('GNUSparseFile.0/s')]), /sparse/],
    ['an absolute path', fileEntry('/etc/passwd'), /"\/etc\/passwd" has an absolute path/],
    ['a Windows drive path', fileEntry('C:/x'), /Windows drive/],
    ['a UNC path', fileEntry('//server/share/x'), /absolute/],
    ['a ".." component', fileEntry('private/../../x'), /"private\/..\/..\/x" has a ".." component/],
    ['a ".." in a GNU long name', Buffer.concat([gnuLongNameEntry(`${'a/'.repeat(60)}../../x`), fileEntry('a')]), /".." component/],
    ['a ".." in a pax path', Buffer.concat([paxEntry({ path: '../x' }), fileEntry('x')]), /"..\/x" has a ".."/],
    ['a backslash', fileEntry('private\\x'), /backslash/],
    ['a NUL in a pax path', Buffer.concat([paxEntry({ path: 'a\0b' }), fileEntry('a')]), /"a\\x00b" has a NUL/],
    ['an empty name', fileEntry(''), /empty path/],
    ['a file named "."', fileEntry('./'), /empty path/],
    ['a path that is not UTF-8', fileEntry(Buffer.from([0x61, 0xff])), /not valid UTF-8/],
    ['a duplicate file', Buffer.concat([fileEntry('a.key'), fileEntry('./a.key')]), /"\.\/a.key" appears more than once/],
    ['a duplicate folder', Buffer.concat([dirEntry('d/'), dirEntry('d')]), /appears more than once/],
    ['a folder and a file of the same path', Buffer.concat([dirEntry('d/'), fileEntry('d')]), /appears more than once/],
    ['a folder with data', rawEntry({ name: 'd/', type: '5' }, Buffer.from('data')), /folder that declares 4 bytes/],
    ['an oversized pax header', Buffer.concat([paxEntry({ comment: 'x'.repeat(70_000) }), fileEntry('a')]), /extended header of \d+ bytes/],
    ['an oversized GNU long name', Buffer.concat([gnuLongNameEntry('x'.repeat(70_000)), fileEntry('a')]), /extended header of \d+ bytes/],
    ['too many extended headers in a row', Buffer.concat([...Array.from({ length: 9 }, () => paxEntry({ comment: 'c' })), fileEntry('a')]), /more than 8 extended headers/],
  ])('refuses %s', async (_what, entry, message) => {
    await expectError(tarOf(entry), 'ARCHIVE_REFUSED', message);
  });

  it('escapes control characters in the entry name it reports', async () => {
    await expectError(tarOf(symlinkEntry('evil\n\x1b[2Jname', 'x')), 'ARCHIVE_REFUSED', /"evil\\x0a\\x1b\[2Jname" is a symbolic link/);
  });

  it('refuses more than maxEntries entries, folders included', async () => {
    expect(await readAll(manyFiles(10), { limits: { maxEntries: 10 } })).toHaveLength(10);
    await expectError(manyFiles(11), 'ARCHIVE_REFUSED', /"f10" takes the archive past 10 entries/, { limits: { maxEntries: 10 } });
    await expectError(tarOf(dirEntry('d'), fileEntry('d/a')), 'ARCHIVE_REFUSED', /past 1 entries/, { limits: { maxEntries: 1 } });
  });

  it('refuses from the header, before reading any data, when the sum of sizes passes maxUnpackedBytes', async () => {
    // The data is not there at all: refusing (not "truncated") proves the header alone decided.
    const lying = hugeDeclaredEntry('private/huge.key', 2 ** 40);
    await expectError(lying, 'ARCHIVE_REFUSED', /"private\/huge.key" would take the archive past 268435456 bytes unpacked/);
    const sum = tarOf(fileEntry('a', Buffer.alloc(600)), fileEntry('b', Buffer.alloc(600)));
    await expectError(sum, 'ARCHIVE_REFUSED', /"b" would take the archive past 1000 bytes/, { limits: { maxUnpackedBytes: 1000 }, keepData: () => false });
  });

  it('refuses a kept entry larger than maxKeptEntryBytes, but skips it if not kept', async () => {
    const tar = tarOf(fileEntry('private/a.key', Buffer.alloc(2000)));
    await expectError(tar, 'ARCHIVE_REFUSED', /"private\/a.key" is 2000 bytes, more than the 1000/, { limits: { maxKeptEntryBytes: 1000 } });
    expect(await readAll(tar, { limits: { maxKeptEntryBytes: 1000 }, keepData: () => false })).toHaveLength(1);
  });
});

describe('readTar: damage and truncation', () => {
  it.each([
    ['a bad checksum', rawEntry({ name: 'a.key', checksumDelta: 1 }), /"a.key" at byte 0 has a header whose checksum does not match/],
    ['an invalid size field', rawEntry({ name: 'a', rawSize: Buffer.from('0000000001x\0') }), /invalid size field/],
    ['a negative base-256 size', rawEntry({ name: 'a', rawSize: Buffer.alloc(12, 0xff) }), /invalid size field/],
    ['an invalid mode field', rawEntry({ name: 'a', rawMode: Buffer.from('rwxr-xr-') }), /invalid mode field/],
    ['a malformed pax record', Buffer.concat([paxEntry(Buffer.from('99 path=x\n')), fileEntry('a')]), /pax header .* is malformed/],
    ['an invalid pax size', Buffer.concat([paxEntry(paxRecords({ size: '-5' })), fileEntry('a')]), /invalid size "-5"/],
    ['a pax header with no entry after it', paxEntry({ path: 'x' }), /extended header that describes no entry/],
  ])('reports %s as damaged', async (_what, entry, message) => {
    await expectError(tarOf(entry), 'BACKUP_DAMAGED', message);
  });

  it('reports garbage after the end-of-archive marker, and endless zero padding', async () => {
    await expectError(Buffer.concat([tarOf(fileEntry('a')), Buffer.from('garbage')]), 'BACKUP_DAMAGED', /data after its end-of-archive marker/);
    await expectError(Buffer.concat([tarOf(fileEntry('a')), Buffer.alloc(2 * 1024 * 1024)]), 'BACKUP_DAMAGED', /bytes of padding after its end/);
  });

  it('reports a lone zero block followed by more entries', async () => {
    await expectError(Buffer.concat([fileEntry('a'), Buffer.alloc(512), tarOf(fileEntry('b'))]), 'BACKUP_DAMAGED', /lone zero block at byte 512/);
  });

  it('reports an archive that is not tar at all as damaged', async () => {
    await expectError(Buffer.alloc(2048, 'not a tar file '), 'BACKUP_DAMAGED', /checksum/);
  });

  it.each([
    ['empty input', Buffer.alloc(0), /ends at byte 0 without its end-of-archive marker/],
    ['a cut header', fileEntry('a', 'x').subarray(0, 300), /ends inside the header at byte 0/],
    ['cut data', fileEntry('a.key', 'x'.repeat(100)).subarray(0, 600), /ends inside the data of "a.key"/],
    ['cut padding', fileEntry('a.key', 'x'.repeat(100)).subarray(0, 1000), /ends inside the data of "a.key"/],
    ['cut unkept data', fileEntry('a.key', 'x'.repeat(100)).subarray(0, 600), /ends inside the data of "a.key"/],
    ['no end-of-archive marker', fileEntry('a', 'x'), /without its end-of-archive marker/],
    ['half an end-of-archive marker', Buffer.concat([fileEntry('a', 'x'), Buffer.alloc(512)]), /inside its end-of-archive marker/],
    ['a cut pax header', paxEntry({ path: 'x'.repeat(600) }).subarray(0, 800), /ends inside the data/],
  ])('reports %s as truncated', async (what, tar, message) => {
    await expectError(tar, 'BACKUP_TRUNCATED', message, what === 'cut unkept data' ? { keepData: () => false } : undefined);
  });

  it('has nothing to trip over in the end marker helper', () => {
    expect(endOfArchive()).toHaveLength(1024);
    expect(rawHeader({ name: 'x' })).toHaveLength(512);
  });
});

describe('readTar: limits', () => {
  it('keeps the default for a limit given as undefined', async () => {
    await expectError(hugeDeclaredEntry('x', 2 ** 30), 'ARCHIVE_REFUSED', /past 268435456 bytes/, { limits: { maxUnpackedBytes: undefined } });
  });
});
