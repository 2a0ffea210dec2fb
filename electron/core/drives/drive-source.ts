/**
 * Where the list of block devices comes from: drivelist (as Etcher uses), Linux lsblk/findmnt JSON, or device data
 * a test injects. Every source answers the same shape, drivelist's, reduced to what the vault reads.
 */

export interface RawMountpoint {
  path: string;
  label?: string | null;
}

export interface RawDrive {
  device: string;
  description: string;
  size: number | null;
  mountpoints: RawMountpoint[];
  isReadOnly: boolean;
  isRemovable: boolean;
  isSystem: boolean;
  isVirtual: boolean;
  isUSB: boolean | null;
  isCard: boolean | null;
}

export interface DriveSource {
  list(): Promise<RawDrive[]>;
}

/** Device data given by a test (or read from a file it names): the list can change between calls. */
export function injectedDriveSource(drives: RawDrive[] | (() => RawDrive[])): DriveSource {
  return { list: async () => (typeof drives === 'function' ? drives() : drives) };
}
