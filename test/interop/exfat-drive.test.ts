import { randomBytes } from 'node:crypto';
import { link, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { describeDrives } from '../../electron/core/drives/describe-drives';
import { nodeFileOps, readFileFromDrive, writeNewFileOnDrive, type FileOps } from '../../electron/core/drives/drive-file';
import { rawDrive } from '../support/raw-drives';
import { cleanupExfatMounts, exfatSupport, mountExfat, type ExfatMount } from '../support/exfat';

/** Backups written to a real exFAT file system (an image mounted through FUSE), the way USB sticks come formatted. */

const support = exfatSupport();
if (!support.available) console.warn(`exFAT drive tests skipped: ${support.reason}`);

const MiB = 1024 * 1024;
const title = support.available ? 'backup files on a real exFAT drive' : `backup files on a real exFAT drive (skipped: ${support.reason})`;

describe.skipIf(!support.available)(title, () => {
  const mounts: ExfatMount[] = [];
  const mount = async (sizeBytes: number, label: string) => {
    const m = await mountExfat({ sizeBytes, label });
    mounts.push(m);
    return m;
  };
  afterEach(async () => {
    for (const m of mounts.splice(0)) await m.unmount();
  });
  afterAll(() => cleanupExfatMounts());

  const readBack = async (path: string) => {
    const parts: Buffer[] = [];
    for await (const p of readFileFromDrive(path)) parts.push(p);
    return Buffer.concat(parts);
  };

  it('has no hard links (EPERM), so the file lands by check-then-rename, whole, and reads back identical', async () => {
    const drive = await mount(64 * MiB, 'KEYS-A');
    await writeFile(join(drive.mountPoint, 'probe'), 'x');
    await expect(link(join(drive.mountPoint, 'probe'), join(drive.mountPoint, 'probe2'))).rejects.toMatchObject({ code: 'EPERM' });

    const data = randomBytes(5 * MiB + 333);
    const linkAttempts: string[] = [];
    const ops: FileOps = { ...nodeFileOps, link: (a, b) => (linkAttempts.push(b), nodeFileOps.link(a, b)) };
    const progress: number[] = [];
    const { path } = await writeNewFileOnDrive(drive.mountPoint, 'trust-vault-backup.age', data, { ops, onProgress: (d) => progress.push(d) });

    expect(linkAttempts).toEqual([path]);
    expect(progress.at(-1)).toBe(data.length);
    expect((await readdir(drive.mountPoint)).sort()).toEqual(['probe', 'trust-vault-backup.age']);
    expect((await readBack(path)).equals(data)).toBe(true);
  });

  it('refuses a second write of the same name and leaves the first intact', async () => {
    const drive = await mount(64 * MiB, 'KEYS-B');
    const first = randomBytes(MiB);
    const { path } = await writeNewFileOnDrive(drive.mountPoint, 'backup.age', first);
    await expect(writeNewFileOnDrive(drive.mountPoint, 'backup.age', randomBytes(MiB))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await readdir(drive.mountPoint)).toEqual(['backup.age']);
    expect((await readFile(path)).equals(first)).toBe(true);
  });

  it('says DRIVE_FULL when the drive fills up mid-write, and leaves no file at all', async () => {
    const drive = await mount(4 * MiB, 'TINY');
    await expect(writeNewFileOnDrive(drive.mountPoint, 'backup.age', randomBytes(4 * MiB))).rejects.toMatchObject({ code: 'DRIVE_FULL' });
    expect(await readdir(drive.mountPoint)).toEqual([]);
  });

  it('says DRIVE_UNAVAILABLE when the drive is pulled mid-write, and after re-mounting nothing looks like a backup', async () => {
    const drive = await mount(64 * MiB, 'PULLED');
    // Real file system calls; the FUSE process is killed once the first chunk is on the drive.
    let killed = false;
    const ops: FileOps = {
      ...nodeFileOps,
      open: async (path, flags, mode) => {
        const h = await nodeFileOps.open(path, flags, mode);
        return {
          ...h,
          write: async (buf, off, len, pos) => {
            if (pos > 0 && !killed) {
              killed = true;
              await drive.kill();
            }
            return h.write(buf, off, len, pos);
          },
          read: (buf, off, len, pos) => h.read(buf, off, len, pos),
          stat: () => h.stat(),
          sync: () => h.sync(),
          close: () => h.close(),
        };
      },
    };
    const e = (await writeNewFileOnDrive(drive.mountPoint, 'backup.age', randomBytes(4 * MiB), { ops }).catch((x: unknown) => x)) as Error;
    expect(killed).toBe(true);
    expect(e).toMatchObject({ code: 'DRIVE_UNAVAILABLE' });
    expect(e.message).toMatch(/ENOTCONN/);

    await drive.remount();
    const left = await readdir(drive.mountPoint);
    expect(left).not.toContain('backup.age');
    // The unfinished temporary file cannot be removed from a dead mount; it may survive, but never as a backup name.
    for (const name of left) expect(name).toMatch(/^\.backup\.age\.partial-[0-9a-f]{12}$/);
    expect(e.message).toContain(left[0] ?? '');
  });

  it('describes the mount as exFAT without permissions, with sensible free space', async () => {
    const size = 32 * MiB;
    const drive = await mount(size, 'VAULTKEYS');
    const [info, ...rest] = await describeDrives([rawDrive({ device: drive.device, description: 'Test stick', size, mountpoints: [{ path: drive.mountPoint, label: 'VAULTKEYS' }] })]);
    expect(rest).toEqual([]);
    expect(info).toMatchObject({ label: 'VAULTKEYS', mountPoint: drive.mountPoint, filesystem: 'exfat', noPermissions: true, readOnly: false, problem: null });
    expect(info!.free).toBeGreaterThan(size / 2);
    expect(info!.free).toBeLessThanOrEqual(size);
  });
});
