import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../../shared/error-codes';
import { chunked, fileEntry, hugeDeclaredEntry, manyFiles, once, tarOf, zeroBomb } from '../../../../test/support/hostile-tar';
import { VaultError } from '../../errors';
import { gzipDeterministic } from './gzip';
import { readTarGz } from './tar-gz-reader';
import type { ReadTarOptions, TarEntry } from './tar-reader';
import { packTar } from './tar-writer';

async function readAll(source: AsyncIterable<Uint8Array>, options?: ReadTarOptions): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const e of readTarGz(source, options)) out.push(e);
  return out;
}

async function expectError(source: AsyncIterable<Uint8Array>, code: ErrorCode, message: RegExp, options?: ReadTarOptions): Promise<void> {
  const error = await readAll(source, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VaultError);
  expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
}

// Anything that escapes as an unhandled rejection or stream error fails these tests, not just the run.
const escaped: unknown[] = [];
const onEscape = (e: unknown) => escaped.push(e);
beforeEach(() => {
  escaped.length = 0;
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
});
afterEach(async () => {
  await sleep(20);
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
  expect(escaped).toEqual([]);
});

const backup = gzipDeterministic(
  packTar(
    [
      { path: 'private', type: 'dir', mode: 0o700 },
      { path: `private/${'c'.repeat(64)}.key`, type: 'file', mode: 0o600, data: Buffer.from('-----BEGIN ENCRYPTED PRIVATE KEY-----\n') },
    ],
    { mtime: new Date(0) },
  ),
);

/**
 * Zero members (about 1 KiB compressed, 1 MiB inflated) a bomb test may pull: the stream plumbing reads ahead a
 * few 16 KiB buffers of compressed input, which is fine; inflating all 300 is not.
 */
const MOST_PULLED = 50;

describe('readTarGz', () => {
  it('reads a backup we wrote, in chunks of any size', async () => {
    for (const size of [1, 3, 100, 1 << 20]) {
      const entries = await readAll(chunked(backup, size).source);
      expect(entries.map((e) => [e.path, e.type, e.data?.toString() ?? null])).toEqual([
        ['private', 'dir', null],
        [`private/${'c'.repeat(64)}.key`, 'file', '-----BEGIN ENCRYPTED PRIVATE KEY-----\n'],
      ]);
    }
  });

  it('takes plain Uint8Array chunks, not only Buffers', async () => {
    const entries = await readAll((async function* () {
      yield new Uint8Array(backup.subarray(0, 1));
      yield new Uint8Array(backup.subarray(1));
    })());
    expect(entries).toHaveLength(2);
  });

  it('says NOT_A_BACKUP for input that is not gzip', async () => {
    await expectError(once(Buffer.alloc(0)), 'NOT_A_BACKUP', /empty/);
    await expectError(once(tarOf(fileEntry('a'))), 'NOT_A_BACKUP', /not a gzip/);
    await expectError(once(Buffer.from('age-encryption.org/v1\n')), 'NOT_A_BACKUP', /not a gzip/);
  });

  it('says BACKUP_TRUNCATED when the gzip stream is cut', async () => {
    await expectError(once(backup.subarray(0, backup.length - 4)), 'BACKUP_TRUNCATED', /cut off/);
    await expectError(once(backup.subarray(0, 30)), 'BACKUP_TRUNCATED', /cut off/);
    await expectError(once(backup.subarray(0, 1)), 'BACKUP_TRUNCATED', /first byte/);
  });

  it('says BACKUP_TRUNCATED when a complete gzip stream holds a cut tar', async () => {
    await expectError(once(gzipSync(fileEntry('a.key', 'x'.repeat(1000)).subarray(0, 700))), 'BACKUP_TRUNCATED', /inside the data of "a.key"/);
  });

  it('says BACKUP_DAMAGED for corrupt deflate data and a wrong CRC', async () => {
    const corrupt = Buffer.from(backup);
    corrupt.fill(0xff, 12, 40);
    await expectError(once(corrupt), 'BACKUP_DAMAGED', /compressed data is damaged/);
    const badCrc = Buffer.from(backup);
    badCrc[badCrc.length - 8]! ^= 0xff;
    await expectError(once(badCrc), 'BACKUP_DAMAGED', /compressed data is damaged/);
  });

  it('refuses a 300 MiB entry from its header without inflating the zeros behind it', async () => {
    const bomb = zeroBomb(hugeDeclaredEntry('private/bomb.key', 300 * 1024 * 1024), 300);
    await expectError(bomb.source, 'ARCHIVE_REFUSED', /"private\/bomb.key" would take the archive past/);
    expect(bomb.pulled()).toBeLessThan(MOST_PULLED);
  });

  it('stops inflating when the sum of sizes trips a lower limit, even for data it would skip', async () => {
    const head = Buffer.concat([fileEntry('small', 'x'), hugeDeclaredEntry('big', 64 * 1024 * 1024)]);
    const bomb = zeroBomb(head, 64);
    await expectError(bomb.source, 'ARCHIVE_REFUSED', /"big" would take the archive past 1048576 bytes/, { limits: { maxUnpackedBytes: 1 << 20 }, keepData: () => false });
    expect(bomb.pulled()).toBeLessThan(MOST_PULLED);
  });

  it('stops at endless zeros after the end-of-archive marker', async () => {
    const again = zeroBomb(tarOf(fileEntry('a', 'x')), 300);
    await expectError(again.source, 'BACKUP_DAMAGED', /padding after its end/);
    expect(again.pulled()).toBeLessThan(MOST_PULLED);
  });

  it('stops reading when the entry limit trips', async () => {
    const gz = gzipSync(manyFiles(5000));
    const source = chunked(gz, 256);
    await expectError(source.source, 'ARCHIVE_REFUSED', /past 10 entries/, { limits: { maxEntries: 10 } });
    expect(source.pulled()).toBeLessThan(gz.length / 2);
  });

  it('closes the source when the consumer breaks out early or throws', async () => {
    for (const how of ['break', 'throw'] as const) {
      let closed = false;
      const source = (async function* () {
        try {
          yield* chunked(gzipSync(manyFiles(2000)), 64).source;
        } finally {
          closed = true;
        }
      })();
      try {
        for await (const e of readTarGz(source)) {
          if (e.path !== 'f3') continue;
          if (how === 'break') break;
          throw new Error('consumer gave up');
        }
      } catch (e) {
        expect((e as Error).message).toBe('consumer gave up');
      }
      expect(closed).toBe(true);
    }
  });

  it('passes the source’s own errors through', async () => {
    const source = (async function* () {
      yield backup.subarray(0, 20);
      throw new VaultError('IO_ERROR', 'the drive went away');
    })();
    await expectError(source, 'IO_ERROR', /drive went away/);
  });
});
