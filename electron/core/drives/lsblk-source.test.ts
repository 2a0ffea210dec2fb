import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLsblkJson } from './lsblk-source';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/lsblk', name), 'utf8');

describe('parseLsblkJson', () => {
  it('reads a mounted USB stick and marks the NVMe system disk as system', () => {
    const [nvme, usb] = parseLsblkJson(fixture('usb-stick-vfat-mounted.json'));
    expect(nvme).toMatchObject({ device: '/dev/nvme0n1', isSystem: true, isRemovable: false, isUSB: false });
    expect(usb).toEqual({
      device: '/dev/sdb',
      description: 'SanDisk Ultra Fit',
      size: 15733161984,
      mountpoints: [{ path: '/media/alice/KEYS-A', label: 'KEYS-A' }],
      isReadOnly: false,
      isRemovable: true,
      isSystem: false,
      isVirtual: false,
      isUSB: true,
      isCard: null,
    });
  });

  it('gives every mounted partition of one stick as a mount point of that drive', () => {
    const [usb] = parseLsblkJson(fixture('usb-stick-two-partitions.json'));
    expect(usb!.mountpoints).toEqual([
      { path: '/run/media/bob/BACKUP-1', label: 'BACKUP-1' },
      { path: '/run/media/bob/BACKUP-2', label: 'BACKUP-2' },
    ]);
    expect(usb!.description).toBe('Kingston DataTraveler 3.0');
  });

  it('reads old lsblk string flags, lists an unmounted stick with no mount points, and leaves out optical drives', () => {
    const drives = parseLsblkJson(fixture('usb-stick-unmounted-old-lsblk.json'));
    expect(drives.map((d) => d.device)).toEqual(['/dev/sda', '/dev/sdd']);
    expect(drives[0]).toMatchObject({ isSystem: true, size: 250059350016 });
    expect(drives[1]).toMatchObject({ isRemovable: true, isUSB: true, isSystem: false, mountpoints: [], size: 8004304896 });
  });

  it('reads a read-only SD card as a card, and zram swap as virtual with no mount point', () => {
    const [sd, zram] = parseLsblkJson(fixture('sd-card-read-only.json'));
    expect(sd).toMatchObject({ isReadOnly: true, isCard: true, isRemovable: true, isUSB: null, mountpoints: [{ path: '/media/alice/SDCARD', label: 'SDCARD' }] });
    expect(zram).toMatchObject({ isVirtual: true, mountpoints: [] });
  });

  it("reads this machine's real output: nothing removable", () => {
    const drives = parseLsblkJson(fixture('this-machine.json'));
    expect(drives.length).toBeGreaterThan(0);
    for (const d of drives) expect(d.isRemovable || d.isUSB === true || d.isCard === true).toBe(false);
    expect(drives.find((d) => d.mountpoints.some((m) => m.path === '/'))?.isSystem).toBe(true);
  });

  it('resolves bare device names and says clearly when the text is not lsblk JSON', () => {
    expect(parseLsblkJson('{"blockdevices":[{"name":"sde","rm":true}]}')[0]!.device).toBe('/dev/sde');
    expect(() => parseLsblkJson('lsblk: unknown column')).toThrow(/not JSON/);
    expect(() => parseLsblkJson('{"devices":[]}')).toThrow(/blockdevices/);
  });
});
