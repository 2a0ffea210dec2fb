import { afterAll, describe, expect, it } from 'vitest';
import type { DriveInfo } from '../../../shared/dto/backups';
import { makeTempDir } from '../../../test/support/temp-dir';
import { injectedDriveSource } from '../../core/drives/drive-source';
import { drivesList, formatDrives, humanBytes } from './drives';

const tmp = makeTempDir('tv-cli-drives-');
afterAll(() => tmp.cleanup());

const info = (over: Partial<DriveInfo>): DriveInfo => ({
  id: '0123456789abcdef',
  label: 'KEYS-A',
  device: '/dev/sdb',
  description: 'SanDisk',
  size: 16_000_000_000,
  free: 15_500_000_000,
  mountPoint: '/media/alice/KEYS-A',
  filesystem: 'exfat',
  readOnly: false,
  noPermissions: true,
  problem: null,
  ...over,
});

describe('drives list', () => {
  it('describes the drives the source gives', async () => {
    const source = injectedDriveSource([
      { device: 'stand-in', description: 'Folder', size: null, mountpoints: [{ path: tmp.path, label: 'FOLDER' }], isReadOnly: false, isRemovable: true, isSystem: false, isVirtual: false, isUSB: null, isCard: null },
      { device: '/dev/zram0', description: '', size: null, mountpoints: [], isReadOnly: false, isRemovable: true, isSystem: false, isVirtual: true, isUSB: null, isCard: null },
    ]);
    const drives = await drivesList(source);
    expect(drives.map((d) => [d.label, d.mountPoint])).toEqual([['FOLDER', tmp.path]]);
  });

  it('prints one line per drive with sizes in human units and the problem', () => {
    const text = formatDrives([
      info({}),
      info({ label: 'SPARE', mountPoint: null, filesystem: null, free: null, size: null, noPermissions: false, problem: { code: 'NOT_MOUNTED', message: 'SPARE is not mounted' } }),
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^LABEL\s+MOUNTED AT\s+FILESYSTEM\s+SIZE\s+FREE\s+STATUS$/);
    expect(lines[1]).toMatch(/^KEYS-A\s+\/media\/alice\/KEYS-A\s+exfat\s+16\.0 GB\s+15\.5 GB\s+ok \(no file permissions/);
    expect(lines[2]).toMatch(/^SPARE\s+-\s+-\s+-\s+-\s+NOT_MOUNTED: SPARE is not mounted$/);
    expect(formatDrives([])).toBe('No removable drives found.\n');
  });

  it('writes byte counts in decimal units', () => {
    expect([humanBytes(0), humanBytes(999), humanBytes(1000), humanBytes(4_194_304), humanBytes(null)]).toEqual(['0 B', '999 B', '1.0 kB', '4.2 MB', '-']);
  });
});
