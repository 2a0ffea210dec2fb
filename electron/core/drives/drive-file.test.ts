import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { VaultError } from '../errors';
import { DRIVE_CHUNK_BYTES, nodeFileOps, readFileFromDrive, writeNewFileOnDrive, type DriveFileHandle, type FileOps } from './drive-file';

const tmp = makeTempDir('tv-drive-file-');
afterAll(() => tmp.cleanup());
let n = 0;
const freshDir = () => {
  const dir = join(tmp.path, `d${n++}`);
  mkdirSync(dir);
  return dir;
};
const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

interface Faults {
  /** The first open (the temp file) fails with this code. */
  openCode?: string;
  /** Writes fail with `code` once this many bytes have been written. */
  writeFailsAfter?: { bytes: number; code: string };
  /** Runs before each write: lets a test look at the folder mid-write, or make the final name appear. */
  beforeWrite?: (writtenSoFar: number) => void;
  linkCode?: string;
  unlinkCode?: string;
  dirSyncCode?: string;
  readFailsAfter?: { bytes: number; code: string };
}

/** Real file system calls with drive-like failures switched in. */
function faultyOps(f: Faults, seen: { opened: string[] } = { opened: [] }): FileOps {
  let opens = 0;
  const wrap = (h: DriveFileHandle, isDir: boolean): DriveFileHandle => {
    let written = 0;
    let read = 0;
    return {
      async write(buf, off, len, pos) {
        f.beforeWrite?.(written);
        if (f.writeFailsAfter && written + len > f.writeFailsAfter.bytes) throw errno(f.writeFailsAfter.code);
        const r = await h.write(buf, off, len, pos);
        written += r.bytesWritten;
        return r;
      },
      async read(buf, off, len, pos) {
        if (f.readFailsAfter && read >= f.readFailsAfter.bytes) throw errno(f.readFailsAfter.code);
        const r = await h.read(buf, off, len, pos);
        read += r.bytesRead;
        return r;
      },
      stat: () => h.stat(),
      sync: () => (isDir && f.dirSyncCode ? Promise.reject(errno(f.dirSyncCode)) : h.sync()),
      close: () => h.close(),
    };
  };
  return {
    async open(path, flags, mode) {
      seen.opened.push(path);
      if (opens++ === 0 && f.openCode) throw errno(f.openCode);
      return wrap(await nodeFileOps.open(path, flags, mode), flags === 'r' && statSync(path).isDirectory());
    },
    link: (a, b) => (f.linkCode ? Promise.reject(errno(f.linkCode)) : nodeFileOps.link(a, b)),
    rename: (a, b) => nodeFileOps.rename(a, b),
    unlink: (p) => (f.unlinkCode ? Promise.reject(errno(f.unlinkCode)) : nodeFileOps.unlink(p)),
    lstat: (p) => nodeFileOps.lstat(p),
  };
}

describe('writeNewFileOnDrive', () => {
  it('writes in chunks with progress, under a temporary name, then places the whole file', async () => {
    const dir = freshDir();
    const data = randomBytes(2 * DRIVE_CHUNK_BYTES + 12345);
    const seen = { opened: [] as string[] };
    const midWrite: string[][] = [];
    const progress: [number, number][] = [];
    const ops = faultyOps({ beforeWrite: () => midWrite.push(readdirSync(dir)) }, seen);
    const { path } = await writeNewFileOnDrive(dir, 'vault-backup.age', data, { ops, onProgress: (d, t) => progress.push([d, t]) });

    expect(path).toBe(join(dir, 'vault-backup.age'));
    expect(readFileSync(path).equals(data)).toBe(true);
    expect(readdirSync(dir)).toEqual(['vault-backup.age']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(seen.opened[0]).toMatch(/\/\.vault-backup\.age\.partial-[0-9a-f]{12}$/);
    for (const names of midWrite) expect(names).not.toContain('vault-backup.age');
    expect(progress[0]).toEqual([0, data.length]);
    expect(progress.at(-1)).toEqual([data.length, data.length]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0] - progress[i - 1]![0]).toBeLessThanOrEqual(DRIVE_CHUNK_BYTES);
  });

  it('refuses a name that exists and leaves that file alone', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'b.age'), 'first');
    await expect(writeNewFileOnDrive(dir, 'b.age', Buffer.from('second'))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(readFileSync(join(dir, 'b.age'), 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['b.age']);
  });

  it('refuses when the name appears while writing, with and without hard links', async () => {
    for (const linkCode of [undefined, 'EPERM', 'ENOTSUP', 'ENOSYS']) {
      const dir = freshDir();
      const ops = faultyOps({ linkCode, beforeWrite: () => writeFileSync(join(dir, 'c.age'), 'other') });
      await expect(writeNewFileOnDrive(dir, 'c.age', Buffer.from('mine'), { ops })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      expect(readFileSync(join(dir, 'c.age'), 'utf8')).toBe('other');
      expect(readdirSync(dir)).toEqual(['c.age']);
    }
  });

  it('renames into place where the file system has no hard links (exFAT says EPERM)', async () => {
    const dir = freshDir();
    const { path } = await writeNewFileOnDrive(dir, 'd.age', Buffer.from('data'), { ops: faultyOps({ linkCode: 'EPERM' }) });
    expect(readFileSync(path, 'utf8')).toBe('data');
    expect(readdirSync(dir)).toEqual(['d.age']);
  });

  it('says DRIVE_FULL when the drive fills up, and leaves nothing', async () => {
    for (const code of ['ENOSPC', 'EDQUOT']) {
      const dir = freshDir();
      const ops = faultyOps({ writeFailsAfter: { bytes: DRIVE_CHUNK_BYTES, code } });
      await expect(writeNewFileOnDrive(dir, 'e.age', randomBytes(3 * DRIVE_CHUNK_BYTES), { ops })).rejects.toMatchObject({ code: 'DRIVE_FULL' });
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('writes a stream as it comes, and leaves nothing when the stream itself fails half-way', async () => {
    const dir = freshDir();
    const parts = [randomBytes(1000), randomBytes(DRIVE_CHUNK_BYTES + 5), randomBytes(3)];
    const whole = async function* () {
      yield* parts;
    };
    const done = await writeNewFileOnDrive(dir, 'streamed.age', whole());
    expect(done.bytes).toBe(1000 + DRIVE_CHUNK_BYTES + 8);
    expect(readFileSync(done.path)).toEqual(Buffer.concat(parts));
    const failing = async function* () {
      yield parts[1]!;
      throw new VaultError('IO_ERROR', 'a key file changed while the backup was being written');
    };
    await expect(writeNewFileOnDrive(dir, 'half.age', failing())).rejects.toMatchObject({ code: 'IO_ERROR', message: expect.stringMatching(/changed while/) });
    expect(readdirSync(dir)).toEqual(['streamed.age']);
  });

  it('says DRIVE_UNAVAILABLE when the drive goes away mid-write, and leaves nothing', async () => {
    for (const code of ['EIO', 'ENOTCONN', 'ENXIO', 'ENODEV', 'ESTALE', 'ENOENT']) {
      const dir = freshDir();
      const ops = faultyOps({ writeFailsAfter: { bytes: DRIVE_CHUNK_BYTES, code } });
      const e = await writeNewFileOnDrive(dir, 'f.age', randomBytes(2 * DRIVE_CHUNK_BYTES), { ops }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'DRIVE_UNAVAILABLE', message: expect.stringContaining('nothing that looks like a backup was left') });
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('says DRIVE_UNAVAILABLE when the folder is not there (a stick unmounted before writing)', async () => {
    const dir = join(freshDir(), 'gone');
    await expect(writeNewFileOnDrive(dir, 'x.age', Buffer.from('x'))).rejects.toMatchObject({ code: 'DRIVE_UNAVAILABLE', message: expect.stringContaining(dir) });
  });

  it('says DRIVE_READ_ONLY when the first open is refused, but a refusal later is a plain I/O error', async () => {
    for (const openCode of ['EROFS', 'EACCES', 'EPERM']) {
      const dir = freshDir();
      await expect(writeNewFileOnDrive(dir, 'g.age', Buffer.from('x'), { ops: faultyOps({ openCode }) })).rejects.toMatchObject({ code: 'DRIVE_READ_ONLY' });
      expect(readdirSync(dir)).toEqual([]);
    }
    const dir = freshDir();
    const ops = faultyOps({ writeFailsAfter: { bytes: 0, code: 'EACCES' } });
    await expect(writeNewFileOnDrive(dir, 'g.age', Buffer.from('x'), { ops })).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names a temporary file it could not remove, which never carries the final name', async () => {
    const dir = freshDir();
    const ops = faultyOps({ writeFailsAfter: { bytes: 0, code: 'EIO' }, unlinkCode: 'ENOTCONN' });
    const e = (await writeNewFileOnDrive(dir, 'h.age', Buffer.from('x'), { ops }).catch((x: unknown) => x)) as Error;
    expect(e).toMatchObject({ code: 'DRIVE_UNAVAILABLE' });
    const left = readdirSync(dir);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.h\.age\.partial-/);
    expect(e.message).toContain(left[0]);
  });

  it('ignores a folder that refuses fsync', async () => {
    const dir = freshDir();
    await writeNewFileOnDrive(dir, 'i.age', Buffer.from('x'), { ops: faultyOps({ dirSyncCode: 'EINVAL' }) });
    expect(readdirSync(dir)).toEqual(['i.age']);
  });

  it('writes an empty file, and rejects names that are not plain file names', async () => {
    const dir = freshDir();
    await writeNewFileOnDrive(dir, 'empty.age', new Uint8Array(0));
    expect(readFileSync(join(dir, 'empty.age'))).toHaveLength(0);
    for (const bad of ['', '.', '..', 'a/b', '../x']) await expect(writeNewFileOnDrive(dir, bad, Buffer.from('x'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('readFileFromDrive', () => {
  const collect = async (gen: AsyncGenerator<Buffer>) => {
    const parts: Buffer[] = [];
    for await (const p of gen) parts.push(p);
    return parts;
  };

  it('reads the file by path in chunks with progress', async () => {
    const dir = freshDir();
    const data = randomBytes(100_000);
    writeFileSync(join(dir, 'r.age'), data);
    const progress: [number, number][] = [];
    const parts = await collect(readFileFromDrive(join(dir, 'r.age'), { chunkBytes: 32 * 1024, onProgress: (d, t) => progress.push([d, t]) }));
    expect(parts.map((p) => p.length)).toEqual([32768, 32768, 32768, 1696]);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    expect(progress.at(-1)).toEqual([100_000, 100_000]);
  });

  it('maps a missing file to NOT_FOUND and a drive going away mid-read to DRIVE_UNAVAILABLE', async () => {
    const dir = freshDir();
    await expect(collect(readFileFromDrive(join(dir, 'missing.age')))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    writeFileSync(join(dir, 's.age'), randomBytes(10_000));
    const ops = faultyOps({ readFailsAfter: { bytes: 4096, code: 'EIO' } });
    await expect(collect(readFileFromDrive(join(dir, 's.age'), { chunkBytes: 4096, ops }))).rejects.toMatchObject({ code: 'DRIVE_UNAVAILABLE' });
  });
});
