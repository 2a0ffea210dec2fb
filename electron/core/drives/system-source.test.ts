import { rawDrive } from '../../../test/support/raw-drives';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import type { RawDrive } from './drive-source';
import { INJECT_DRIVES_ENV, systemDriveSource } from './system-source';

const tmp = makeTempDir('tv-drives-src-');
afterAll(() => tmp.cleanup());

const stick: RawDrive = rawDrive({ device: '/dev/sdz', description: 'Test stick', size: 1000, mountpoints: [{ path: '/media/test', label: 'TEST' }] });

describe('systemDriveSource with injected drives', () => {
  it('answers the file named by the variable and re-reads it on every call', async () => {
    const file = join(tmp.path, 'drives.json');
    writeFileSync(file, JSON.stringify([stick]));
    const source = systemDriveSource({ [INJECT_DRIVES_ENV]: file });
    expect(await source.list()).toEqual([stick]);
    writeFileSync(file, '[]');
    expect(await source.list()).toEqual([]);
  });

  it('fills left-out flags as a removable stand-in drive', async () => {
    const file = join(tmp.path, 'minimal.json');
    writeFileSync(file, JSON.stringify([{ device: 'folder-a', mountpoints: [{ path: tmp.path }] }]));
    const [d] = await systemDriveSource({ [INJECT_DRIVES_ENV]: file }).list();
    expect(d).toMatchObject({ device: 'folder-a', isRemovable: true, isVirtual: false, isSystem: false, isUSB: null, description: '' });
  });

  it('names the file when it is malformed', async () => {
    const file = join(tmp.path, 'bad.json');
    writeFileSync(file, '{ not json');
    await expect(systemDriveSource({ [INJECT_DRIVES_ENV]: file }).list()).rejects.toThrow(file);
    writeFileSync(file, JSON.stringify([{ device: 'x' }]));
    await expect(systemDriveSource({ [INJECT_DRIVES_ENV]: file }).list()).rejects.toThrow(/mountpoints/);
    writeFileSync(file, JSON.stringify({ device: 'x' }));
    await expect(systemDriveSource({ [INJECT_DRIVES_ENV]: file }).list()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('systemDriveSource on the machine', () => {
  const lsblkText = readFileSync(join(__dirname, '../../../test/fixtures/lsblk/usb-stick-vfat-mounted.json'), 'utf8');

  it('uses drivelist when it works', async () => {
    const source = systemDriveSource({}, { listWithDrivelist: async () => [stick], runLsblk: async () => lsblkText });
    expect(await source.list()).toEqual([stick]);
  });

  it('falls back to lsblk on Linux when drivelist fails', async () => {
    const source = systemDriveSource({}, { listWithDrivelist: () => Promise.reject(new Error('no addon')), runLsblk: async () => lsblkText, platform: 'linux' });
    expect((await source.list()).map((d) => d.device)).toEqual(['/dev/nvme0n1', '/dev/sdb']);
  });

  it('reports both failures when lsblk fails too, and only drivelist elsewhere', async () => {
    const deps = { listWithDrivelist: () => Promise.reject(new Error('no addon')), runLsblk: () => Promise.reject(new Error('lsblk: not found')) };
    await expect(systemDriveSource({}, { ...deps, platform: 'linux' }).list()).rejects.toThrow(/lsblk: not found.*no addon/);
    await expect(systemDriveSource({}, { ...deps, platform: 'darwin' }).list()).rejects.toMatchObject({ code: 'IO_ERROR', message: expect.stringMatching(/no addon/) });
  });

  it('says the drivelist addon is missing (not built at install) and what to do, where there is no lsblk to fall back on', async () => {
    const missing = Object.assign(new Error("Cannot find module 'drivelist'\nRequire stack:\n- /app/main.js"), { code: 'MODULE_NOT_FOUND' });
    const source = systemDriveSource({}, { listWithDrivelist: () => Promise.reject(missing), runLsblk: () => Promise.reject(new Error('unused')), platform: 'win32' });
    const error = await source.list().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DRIVE_UNAVAILABLE', message: expect.stringContaining('drivelist native addon') });
    expect((error as Error).message).toContain('npm rebuild drivelist');
    expect((error as Error).message).not.toContain('Require stack');
  });

  it.skipIf(process.platform !== 'linux' || !existsSync('/usr/bin/lsblk'))('runs the real lsblk when drivelist fails', async () => {
    const drives = await systemDriveSource({}, { listWithDrivelist: () => Promise.reject(new Error('no addon')) }).list();
    expect(drives.length).toBeGreaterThan(0);
    for (const d of drives) expect(d.device).toMatch(/^\/dev\//);
  });

  it('lists real drives with the installed addon or lsblk (nothing is assumed about which)', async () => {
    const drives = await systemDriveSource({}).list();
    for (const d of drives) expect(typeof d.device).toBe('string');
  });
});
