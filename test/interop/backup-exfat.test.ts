import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BackupCreated, DriveInfo } from '../../shared/dto/backups';
import { openBackup } from '../../electron/core/backup/open-backup';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import { cleanupExfatMounts, exfatSupport, mountExfat, type ExfatMount } from '../support/exfat';
import { mountedStick } from '../support/raw-drives';
import { scriptedCore } from '../support/scripted-core';
import { makeTempDir } from '../support/temp-dir';

const support = exfatSupport();
const MiB = 1024 * 1024;
const title = support.available ? 'backups to real exFAT drives' : `backups to real exFAT drives (skipped: ${support.reason})`;

const stick = (device: string, mount: ExfatMount, label: string) => mountedStick(device, mount.mountPoint, label, { size: 64 * MiB });

/** The backup service end to end on exFAT file systems mounted through FUSE, as USB sticks come formatted. */
describe.skipIf(!support.available)(title, () => {
  const tmp = makeTempDir('tv-backup-exfat-');
  const core = scriptedCore(tmp.path);
  const trust = join(tmp.path, 'trust');
  const mounts: ExfatMount[] = [];
  let trustDirId = '';

  beforeAll(async () => {
    generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'key passphrase' });
    generateKey(trust, { role: 'targets', gun: 'example.com/app', algorithm: 'ecdsa', passphrase: 'key passphrase' });
    // Two pinned roots of incompressible text make the backup about 1.4 MB (gzip takes base64 back to about its random bytes): enough to overflow a nearly full stick.
    for (const gun of ['example.com/app', 'example.com/big']) {
      mkdirSync(join(trust, 'tuf', gun, 'metadata'), { recursive: true });
      writeFileSync(join(trust, 'tuf', gun, 'metadata', 'root.json'), JSON.stringify({ padding: randomBytes(700_000).toString('base64') }));
    }
    core.folders.push(trust);
    trustDirId = (await core.call<{ id: string }>('trustDirs.add'))!.id;
  });
  afterEach(async () => {
    for (const m of mounts.splice(0)) await m.unmount();
    core.drives.splice(0);
  });
  afterAll(async () => {
    await cleanupExfatMounts();
    tmp.cleanup();
  });

  const mount = async (label: string, sizeBytes = 32 * MiB) => {
    const m = await mountExfat({ sizeBytes, label });
    mounts.push(m);
    return m;
  };
  const create = async (driveIds: string[]) =>
    core.call<BackupCreated>('backups.create', { trustDirId, passphrase: 'backup passphrase', destinations: driveIds.map((driveId) => ({ kind: 'drive', driveId })), jobId: 'exfat' });

  it('writes to two exFAT sticks, reads each back verified, and says the encryption is the only protection', async () => {
    const a = await mount('KEYS-A');
    const b = await mount('KEYS-B');
    core.drives.push(stick(a.device, a, 'KEYS-A'), stick(b.device, b, 'KEYS-B'));
    const drives = await core.call<DriveInfo[]>('drives.list');
    expect(drives.map((d) => [d.label, d.filesystem, d.noPermissions, d.problem])).toEqual([
      ['KEYS-A', 'exfat', true, null],
      ['KEYS-B', 'exfat', true, null],
    ]);
    const created = await create(drives.map((d) => d.id));
    expect(created.copies.map((c) => [c.destination, c.error, c.verify?.ok, c.noPermissions])).toEqual([
      ['KEYS-A', null, true, true],
      ['KEYS-B', null, true, true],
    ]);
    expect(created.pinnedRoots).toEqual(['example.com/app', 'example.com/big']);
    for (const m of [a, b]) expect(readdirSync(m.mountPoint)).toEqual([expect.stringMatching(/^trust-vault-backup-.*\.tar\.gz\.age$/)]);
    // The pinned roots (large ones too) are in the backup whole.
    const opened = await openBackup(created.copies[0]!.file!, 'backup passphrase');
    for (const gun of created.pinnedRoots) expect(opened.roots.get(gun)!.data).toEqual(readFileSync(join(trust, 'tuf', gun, 'metadata', 'root.json')));
  });

  it('a stick that fills up mid-write fails alone and keeps nothing that looks like a backup', async () => {
    const good = await mount('KEYS-A');
    const small = await mount('TINY', 8 * MiB);
    // Leave a little more than the 1 MiB the drive list asks for, less than the backup needs.
    const free = () => {
      const s = statfsSync(small.mountPoint);
      return s.bavail * s.bsize;
    };
    writeFileSync(join(small.mountPoint, 'holiday-photos.bin'), randomBytes(free() - Math.round(1.15 * MiB)));
    core.drives.push(stick(good.device, good, 'KEYS-A'), stick(small.device, small, 'TINY'));
    const drives = await core.call<DriveInfo[]>('drives.list');
    expect(drives.find((d) => d.label === 'TINY')!.problem).toBeNull();
    const created = await create([drives.find((d) => d.label === 'KEYS-A')!.id, drives.find((d) => d.label === 'TINY')!.id]);
    expect(created.copies[0]).toMatchObject({ destination: 'KEYS-A', error: null, verify: { ok: true } });
    expect(created.copies[1]).toMatchObject({ destination: 'TINY', file: null, error: { code: 'DRIVE_FULL' } });
    expect(readdirSync(small.mountPoint)).toEqual(['holiday-photos.bin']);
  });
});
