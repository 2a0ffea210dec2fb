import type { RawDrive } from '../../electron/core/drives/drive-source';

/** Device data as drivelist reports a USB stick, for tests that inject drives; override what the test is about. */
export function rawDrive(over: Partial<RawDrive> = {}): RawDrive {
  return {
    device: '/dev/sdb',
    description: 'SanDisk Ultra',
    size: 16e9,
    mountpoints: [],
    isReadOnly: false,
    isRemovable: true,
    isSystem: false,
    isVirtual: false,
    isUSB: true,
    isCard: null,
    ...over,
  };
}

/** A USB stick mounted at `path` (a temporary folder or a real exFAT mount) under volume label `label`. */
export const mountedStick = (device: string, path: string, label: string, over: Partial<RawDrive> = {}): RawDrive =>
  rawDrive({ device, description: `${label} stick`, mountpoints: [{ path, label }], ...over });
