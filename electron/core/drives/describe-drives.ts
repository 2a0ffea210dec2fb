import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, readFile, stat, statfs } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DriveInfo, DriveProblem } from '../../../shared/dto/backups';
import type { RawDrive } from './drive-source';

/**
 * Turns the raw device list into the drives a backup can go to: removable, real (not zram/loop), not the system
 * disk; one entry per mounted filesystem, since a stick with two partitions is two places to write.
 */

/** Less free space than this cannot hold even a small encrypted backup. */
export const MIN_FREE_BYTES = 1024 * 1024;

/** Filesystems without Unix permissions: anyone who gets the drive can read the file, so only encryption protects it. */
const NO_PERMISSION_FILESYSTEMS = /^(vfat|msdos|fat|fat12|fat16|fat32|exfat|ntfs|ntfs3|ntfs-3g|fuseblk)$/;

export interface MountEntry {
  /** "major:minor" of the device holding the filesystem. */
  majorMinor: string;
  mountPoint: string;
  fstype: string;
  source: string;
  /** Per-mount and per-superblock options together (either can say "ro"). */
  options: string[];
}

export interface DescribeDeps {
  statfs(path: string): Promise<{ bavail: number | bigint; bsize: number | bigint }>;
  readMountInfo(): Promise<string>;
  isFolder(path: string): Promise<boolean>;
  canWrite(path: string): Promise<boolean>;
  /** What filesystem a FUSE block mount really is; null when it cannot tell. */
  probeFuseFilesystem(mount: MountEntry): Promise<string | null>;
}

export const systemDescribeDeps: DescribeDeps = {
  statfs: (path) => statfs(path),
  readMountInfo: () => readFile('/proc/self/mountinfo', 'utf8').catch(() => ''),
  isFolder: async (path) => (await stat(path)).isDirectory(),
  canWrite: (path) => access(path, constants.W_OK).then(
    () => true,
    () => false,
  ),
  probeFuseFilesystem,
};

export async function describeDrives(raw: RawDrive[], deps: Partial<DescribeDeps> = {}): Promise<DriveInfo[]> {
  const d = { ...systemDescribeDeps, ...deps };
  const mounts = parseMountInfo(await d.readMountInfo());
  const infos: DriveInfo[] = [];
  for (const drive of raw.filter(isBackupCandidate)) {
    if (drive.mountpoints.length === 0) infos.push(notMounted(drive));
    for (const mp of drive.mountpoints) infos.push(await describeMount(drive, mp.path, mp.label ?? null, mounts, d));
  }
  return infos.sort((a, b) => a.label.localeCompare(b.label) || (a.mountPoint ?? '').localeCompare(b.mountPoint ?? ''));
}

/** drivelist calls zram "removable" too, hence the virtual check; isUSB/isCard catch sticks whose RM flag is 0. */
export function isBackupCandidate(d: RawDrive): boolean {
  return (d.isRemovable || d.isUSB === true || d.isCard === true) && !d.isVirtual && !d.isSystem;
}

export function driveId(device: string, mountPoint: string | null): string {
  return createHash('sha256').update(`${device}\0${mountPoint ?? ''}`).digest('hex').slice(0, 16);
}

function notMounted(drive: RawDrive): DriveInfo {
  const label = drive.description || basename(drive.device);
  return {
    ...common(drive, null, label),
    free: null,
    filesystem: null,
    readOnly: drive.isReadOnly,
    noPermissions: false,
    problem: problem('NOT_MOUNTED', `${label} is plugged in but not mounted: open it in your file manager (or mount it) first.`),
  };
}

async function describeMount(drive: RawDrive, mountPoint: string, mountLabel: string | null, mounts: MountEntry[], d: DescribeDeps): Promise<DriveInfo> {
  const label = mountLabel || drive.description || basename(drive.device);
  const mount = mountFor(mountPoint, mounts);
  const filesystem = await filesystemOf(mount, d);
  const base = { ...common(drive, mountPoint, label), filesystem, noPermissions: filesystem !== null && NO_PERMISSION_FILESYSTEMS.test(filesystem) };

  const isFolder = await d.isFolder(mountPoint).catch(() => false);
  if (!isFolder) {
    return { ...base, free: null, readOnly: drive.isReadOnly, problem: problem('UNWRITABLE', `${label}: ${mountPoint} is not there or is not a folder; the drive may have been removed.`) };
  }
  let free: number;
  try {
    const s = await d.statfs(mountPoint);
    free = Number(s.bavail) * Number(s.bsize);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? String(e);
    return { ...base, free: null, readOnly: drive.isReadOnly, problem: problem('UNWRITABLE', `${label} at ${mountPoint} cannot be read (${why}); the drive may have been removed.`) };
  }
  const readOnly = drive.isReadOnly || (mount?.options.includes('ro') ?? false) || !(await d.canWrite(mountPoint));
  let p: DriveInfo['problem'] = null;
  if (readOnly) p = problem('READ_ONLY', `${label} is read-only: check its write-protect switch, or that you may write to ${mountPoint}.`);
  else if (free < MIN_FREE_BYTES) p = problem('FULL', `${label} is full: free some space on it to write a backup.`);
  return { ...base, free, readOnly, problem: p };
}

function common(drive: RawDrive, mountPoint: string | null, label: string) {
  return { id: driveId(drive.device, mountPoint), label, device: drive.device, description: drive.description, size: drive.size, mountPoint };
}

function problem(code: DriveProblem, message: string): DriveInfo['problem'] {
  return { code, message };
}

/** /proc/self/mountinfo, one mount a line: "id parent maj:min root mountpoint options [optional...] - fstype source superoptions". */
export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (fields.length < 10 || dash < 0) continue;
    entries.push({
      majorMinor: fields[2]!,
      mountPoint: unescapeMountField(fields[4]!),
      fstype: fields[dash + 1]!,
      source: unescapeMountField(fields[dash + 2]!),
      options: [...fields[5]!.split(','), ...(fields[dash + 3] ?? '').split(',')],
    });
  }
  return entries;
}

/** The kernel writes space, tab, newline and backslash in paths as octal escapes (\040 and so on). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The mount that holds a path: the longest mount point that is the path or a parent of it; the later of equals. */
export function mountFor(path: string, mounts: MountEntry[]): MountEntry | null {
  const within = (mp: string) => path === mp || mp === '/' || path.startsWith(mp.endsWith('/') ? mp : `${mp}/`);
  let best: MountEntry | null = null;
  for (const m of mounts) if (within(m.mountPoint) && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m;
  return best;
}

/**
 * exFAT and NTFS mounted through FUSE show only as "fuseblk" (exfat-fuse sets no subtype), so the real type comes
 * from a "fuseblk.<subtype>" name when there is one, else from probing the device.
 */
async function filesystemOf(mount: MountEntry | null, d: DescribeDeps): Promise<string | null> {
  if (!mount) return null;
  const fuse = /^fuse(blk)?(\.(.+))?$/.exec(mount.fstype);
  if (!fuse) return mount.fstype;
  if (fuse[3]) return normaliseFuseSubtype(fuse[3]);
  if (!fuse[1]) return mount.fstype; // plain FUSE (sshfs, gvfs...) has no device to probe
  return (await d.probeFuseFilesystem(mount).catch(() => null)) ?? mount.fstype;
}

function normaliseFuseSubtype(subtype: string): string {
  if (/^exfat/.test(subtype)) return 'exfat';
  if (/^ntfs/.test(subtype)) return 'ntfs';
  return subtype;
}

/**
 * udev's database says what blkid found (readable by everyone on desktops); root, or a user in the disk group,
 * can read the device's boot sector instead, which is what a machine without udev (a container, a CI runner) needs.
 */
async function probeFuseFilesystem(mount: MountEntry): Promise<string | null> {
  const udev = await readFile(`/run/udev/data/b${mount.majorMinor}`, 'utf8').catch(() => '');
  const fromUdev = /^E:ID_FS_TYPE=(.+)$/m.exec(udev)?.[1];
  if (fromUdev) return fromUdev;
  if (!mount.source.startsWith('/dev/')) return null;
  const handle = await open(mount.source, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const sector = Buffer.alloc(512);
    await handle.read(sector, 0, 512, 0);
    return filesystemFromBootSector(sector);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The OEM name at byte 3 names exFAT and NTFS; FAT writes its type at byte 54 (FAT12/16) or 82 (FAT32). */
export function filesystemFromBootSector(sector: Buffer): string | null {
  const at = (offset: number, length: number) => sector.subarray(offset, offset + length).toString('latin1');
  if (at(3, 8) === 'EXFAT   ') return 'exfat';
  if (at(3, 8) === 'NTFS    ') return 'ntfs';
  if (at(82, 5) === 'FAT32' || at(54, 3) === 'FAT') return 'vfat';
  return null;
}
