import { posix } from 'node:path';
import type { RawDrive, RawMountpoint } from './drive-source';

/**
 * Turns `lsblk --bytes --json --paths -o NAME,LABEL,SIZE,RO,RM,HOTPLUG,TRAN,TYPE,MOUNTPOINT,FSTYPE,MODEL,VENDOR`
 * into drivelist's shape. Used when the drivelist addon cannot load or fails. Pure, so it is tested on recorded
 * output. lsblk before util-linux 2.33 printed flags and sizes as strings ("0"/"1", "1234"), later ones as JSON
 * booleans and numbers: both are read.
 */

export const LSBLK_ARGS = ['--bytes', '--json', '--paths', '-o', 'NAME,LABEL,SIZE,RO,RM,HOTPLUG,TRAN,TYPE,MOUNTPOINT,FSTYPE,MODEL,VENDOR'];

interface LsblkDevice {
  name?: unknown;
  label?: unknown;
  size?: unknown;
  ro?: unknown;
  rm?: unknown;
  hotplug?: unknown;
  tran?: unknown;
  type?: unknown;
  mountpoint?: unknown;
  mountpoints?: unknown;
  model?: unknown;
  vendor?: unknown;
  children?: unknown;
}

/** Mount points that make a disk the system's own, even if it says it is hot-pluggable. */
const SYSTEM_MOUNTS = new Set(['/', '/boot', '/boot/efi', '/efi', '/usr', '/var', '/home']);

export function parseLsblkJson(text: string): RawDrive[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`lsblk printed something that is not JSON: ${(e as Error).message}`);
  }
  const devices = (parsed as { blockdevices?: unknown } | null)?.blockdevices;
  if (!Array.isArray(devices)) throw new Error('lsblk JSON has no "blockdevices" array');
  return (devices as LsblkDevice[]).filter(isListedDisk).map(toRawDrive);
}

/** Like drivelist: optical drives and RAM disks are never backup targets, so they are not listed at all. */
function isListedDisk(d: LsblkDevice): boolean {
  const name = str(d.name);
  if (!name) return false;
  return !/^\/dev\/(sr|ram)\d/.test(absoluteDevice(name)) && str(d.type) !== 'rom';
}

function toRawDrive(d: LsblkDevice): RawDrive {
  const device = absoluteDevice(str(d.name)!);
  const tran = str(d.tran)?.toLowerCase() ?? null;
  // zram, loop and device-mapper devices live only in memory or on another disk: drivelist calls them virtual.
  const isVirtual = /^\/dev\/(zram|loop|nbd|dm-)/.test(device) || str(d.type) === 'loop';
  const isRemovable = flag(d.rm) || flag(d.hotplug);
  const mountpoints = collectMountpoints(d);
  const isSystem = mountpoints.some((m) => SYSTEM_MOUNTS.has(m.path)) || (!isRemovable && !isVirtual);
  const isCard = device.startsWith('/dev/mmcblk') || tran === 'mmc' ? true : null;
  return {
    device,
    description: [str(d.label), str(d.vendor), str(d.model)].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim(),
    size: Number(d.size) || null,
    mountpoints,
    isReadOnly: flag(d.ro),
    isRemovable,
    isSystem,
    isVirtual,
    isUSB: tran === null ? null : tran === 'usb',
    isCard,
  };
}

/** The disk's own mount (a partitionless stick) and every partition's, depth first (partitions can hold LUKS etc.). */
function collectMountpoints(d: LsblkDevice): RawMountpoint[] {
  const found: RawMountpoint[] = [];
  const visit = (node: LsblkDevice) => {
    const paths = Array.isArray(node.mountpoints) ? node.mountpoints.map(str) : [str(node.mountpoint)];
    for (const path of paths) {
      if (path && path.startsWith('/') && !found.some((m) => m.path === path)) found.push({ path, label: str(node.label) });
    }
    if (Array.isArray(node.children)) (node.children as LsblkDevice[]).forEach(visit);
  };
  visit(d);
  return found;
}

function absoluteDevice(name: string): string {
  return posix.isAbsolute(name) ? name : posix.join('/dev', name);
}

function str(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

function flag(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true';
}
