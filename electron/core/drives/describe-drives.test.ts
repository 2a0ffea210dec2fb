import { rawDrive } from '../../../test/support/raw-drives';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { describeDrives, driveId, filesystemFromBootSector, mountFor, parseMountInfo, type DescribeDeps } from './describe-drives';

const MiB = 1024 * 1024;

const MOUNTINFO = [
  '22 1 252:1 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw',
  '40 22 8:17 / /media/alice/KEYS-A rw,nosuid,nodev,relatime shared:50 - vfat /dev/sdb1 rw,fmask=0022,dmask=0022',
  '41 22 8:33 / /media/alice/KEYS\\040B rw,nosuid,nodev shared:51 - fuseblk /dev/sdc1 rw,user_id=0,group_id=0,allow_other,blksize=4096',
  '42 22 8:49 / /media/alice/SDCARD ro,nosuid,nodev shared:52 - exfat /dev/mmcblk0p1 ro',
  '43 22 8:65 / /media/alice/NTFS rw,nosuid shared:53 - fuseblk.ntfs-3g /dev/sdd1 rw',
  '44 22 8:81 / /media/alice/TINY rw,nosuid shared:54 - vfat /dev/sde1 rw',
].join('\n');

const drive = rawDrive;


function deps(over: Partial<DescribeDeps> = {}): Partial<DescribeDeps> {
  return {
    readMountInfo: async () => MOUNTINFO,
    statfs: async (path) => ({ bavail: path.endsWith('TINY') ? 100 : 1000 * 256, bsize: 4096 }),
    isFolder: async () => true,
    canWrite: async () => true,
    probeFuseFilesystem: async (m) => (m.source === '/dev/sdc1' ? 'exfat' : null),
    ...over,
  };
}

describe('describeDrives', () => {
  it('keeps removable, real, non-system drives: USB and card flags count, zram and the system disk do not', async () => {
    const raw = [
      drive({ device: '/dev/zram0', isVirtual: true, isUSB: null, description: 'zram' }),
      drive({ device: '/dev/nvme0n1', isRemovable: false, isSystem: true, isUSB: false, mountpoints: [{ path: '/' }] }),
      drive({ device: '/dev/sdb', isRemovable: false, isUSB: true, mountpoints: [{ path: '/media/alice/KEYS-A', label: 'KEYS-A' }] }),
      drive({ device: '/dev/mmcblk0', isRemovable: false, isUSB: null, isCard: true, description: 'SD', mountpoints: [{ path: '/media/alice/SDCARD', label: null }] }),
    ];
    const infos = await describeDrives(raw, deps());
    expect(infos.map((i) => i.device)).toEqual(['/dev/sdb', '/dev/mmcblk0']);
  });

  it('describes a mounted FAT stick fully', async () => {
    const [info] = await describeDrives([drive({ mountpoints: [{ path: '/media/alice/KEYS-A', label: 'KEYS-A' }] })], deps());
    expect(info).toEqual({
      id: driveId('/dev/sdb', '/media/alice/KEYS-A'),
      label: 'KEYS-A',
      device: '/dev/sdb',
      description: 'SanDisk Ultra',
      size: 16e9,
      free: 1000 * 256 * 4096,
      mountPoint: '/media/alice/KEYS-A',
      filesystem: 'vfat',
      readOnly: false,
      noPermissions: true,
      problem: null,
    });
    expect(info!.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives one entry per mount point, sorted by label, and one NOT_MOUNTED entry for an unmounted stick', async () => {
    const infos = await describeDrives(
      [
        drive({ device: '/dev/sdc', description: 'Kingston', mountpoints: [{ path: '/media/alice/TINY', label: 'ZED' }, { path: '/media/alice/KEYS B', label: 'ALPHA' }] }),
        drive({ device: '/dev/sdf', description: 'Mystery stick' }),
      ],
      deps(),
    );
    expect(infos.map((i) => [i.label, i.problem?.code ?? null])).toEqual([
      ['ALPHA', null],
      ['Mystery stick', 'NOT_MOUNTED'],
      ['ZED', 'FULL'],
    ]);
    expect(infos[1]).toMatchObject({ mountPoint: null, free: null, filesystem: null });
    expect(infos[1]!.problem!.message).toContain('Mystery stick');
    expect(new Set(infos.map((i) => i.id)).size).toBe(3);
  });

  it('falls back to the device name for the label, and reads the escaped mount point and FUSE exFAT', async () => {
    const [info] = await describeDrives([drive({ device: '/dev/sdc', description: '', mountpoints: [{ path: '/media/alice/KEYS B' }] })], deps());
    expect(info).toMatchObject({ label: 'sdc', filesystem: 'exfat', noPermissions: true });
  });

  it('takes a FUSE subtype when the mount names one, and says fuseblk when the device cannot be probed', async () => {
    const ntfs = await describeDrives([drive({ mountpoints: [{ path: '/media/alice/NTFS' }] })], deps());
    expect(ntfs[0]).toMatchObject({ filesystem: 'ntfs', noPermissions: true });
    const unknown = await describeDrives([drive({ mountpoints: [{ path: '/media/alice/KEYS B' }] })], deps({ probeFuseFilesystem: async () => null }));
    expect(unknown[0]).toMatchObject({ filesystem: 'fuseblk', noPermissions: true });
  });

  it('finds read-only from the drive flag, the mount options, or a failing write check', async () => {
    const sd = await describeDrives([drive({ mountpoints: [{ path: '/media/alice/SDCARD', label: 'SDCARD' }] })], deps());
    expect(sd[0]).toMatchObject({ readOnly: true, filesystem: 'exfat', problem: { code: 'READ_ONLY' } });
    expect(sd[0]!.problem!.message).toContain('SDCARD');
    const flagged = await describeDrives([drive({ isReadOnly: true, mountpoints: [{ path: '/media/alice/KEYS-A' }] })], deps());
    expect(flagged[0]!.problem!.code).toBe('READ_ONLY');
    const denied = await describeDrives([drive({ mountpoints: [{ path: '/media/alice/KEYS-A' }] })], deps({ canWrite: async () => false }));
    expect(denied[0]).toMatchObject({ readOnly: true, problem: { code: 'READ_ONLY' } });
  });

  it('reports UNWRITABLE when the mount point is missing or its filesystem cannot be read', async () => {
    const missing = await describeDrives([drive({ mountpoints: [{ path: '/media/alice/GONE', label: 'GONE' }] })], deps({ isFolder: async () => false }));
    expect(missing[0]).toMatchObject({ free: null, problem: { code: 'UNWRITABLE' } });
    expect(missing[0]!.problem!.message).toContain('GONE');
    const dead = Object.assign(new Error('Transport endpoint is not connected'), { code: 'ENOTCONN' });
    const stale = await describeDrives([drive({ mountpoints: [{ path: '/media/alice/KEYS-A' }] })], deps({ statfs: () => Promise.reject(dead) }));
    expect(stale[0]!.problem).toMatchObject({ code: 'UNWRITABLE', message: expect.stringContaining('ENOTCONN') });
  });

  it('reports FULL below 1 MiB free', async () => {
    const full = await describeDrives([drive({ mountpoints: [{ path: '/media/alice/KEYS-A' }] })], deps({ statfs: async () => ({ bavail: 255, bsize: 4096 }) }));
    expect(full[0]).toMatchObject({ free: 255 * 4096, problem: { code: 'FULL' } });
    const enough = await describeDrives([drive({ mountpoints: [{ path: '/media/alice/KEYS-A' }] })], deps({ statfs: async () => ({ bavail: 256n, bsize: 4096n }) }));
    expect(enough[0]).toMatchObject({ free: MiB, problem: null });
  });

  const tmp = makeTempDir('tv-describe-');
  afterAll(() => tmp.cleanup());

  it('works on a real folder with the system dependencies', async () => {
    const [info] = await describeDrives([drive({ device: 'stand-in', mountpoints: [{ path: tmp.path, label: 'FOLDER' }] })]);
    expect(info!.label).toBe('FOLDER');
    expect(info!.free).toBeGreaterThan(0);
    expect(typeof info!.filesystem).toBe('string');
  });
});

describe('mount table helpers', () => {
  const mounts = parseMountInfo(MOUNTINFO);

  it('parses mountinfo lines, unescaping paths and keeping both option lists', () => {
    expect(mounts).toHaveLength(6);
    expect(mounts[2]).toMatchObject({ mountPoint: '/media/alice/KEYS B', fstype: 'fuseblk', source: '/dev/sdc1', majorMinor: '8:33' });
    expect(mounts[3]!.options).toContain('ro');
  });

  it('picks the longest mount point that holds a path, never a sibling with a common prefix', () => {
    expect(mountFor('/media/alice/KEYS-A/sub', mounts)?.source).toBe('/dev/sdb1');
    expect(mountFor('/media/alice/KEYS-AB', mounts)?.source).toBe('/dev/nvme0n1p2');
    expect(mountFor('relative', [])).toBeNull();
  });

  it('recognises exFAT, NTFS and FAT boot sectors', () => {
    const sector = (at: number, text: string) => {
      const b = Buffer.alloc(512);
      b.write(text, at, 'latin1');
      return b;
    };
    expect(filesystemFromBootSector(sector(3, 'EXFAT   '))).toBe('exfat');
    expect(filesystemFromBootSector(sector(3, 'NTFS    '))).toBe('ntfs');
    expect(filesystemFromBootSector(sector(82, 'FAT32   '))).toBe('vfat');
    expect(filesystemFromBootSector(sector(54, 'FAT16   '))).toBe('vfat');
    expect(filesystemFromBootSector(Buffer.alloc(512))).toBeNull();
  });
});
