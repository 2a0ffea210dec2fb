import type { DriveInfo } from '../../../shared/dto/backups';
import { describeDrives } from '../../core/drives/describe-drives';
import type { DriveSource } from '../../core/drives/drive-source';

/**
 * `drives list [--json]`: the removable drives a backup could go to. The drives come from the system, or from the
 * file TRUST_VAULT_INJECT_DRIVES names (see electron/core/drives/system-source.ts).
 */
export async function drivesList(source: DriveSource): Promise<DriveInfo[]> {
  return describeDrives(await source.list());
}

/** One line per drive under a header: label, mount point, filesystem, size, free, and what stops a backup. */
export function formatDrives(drives: DriveInfo[]): string {
  if (drives.length === 0) return 'No removable drives found.\n';
  const head = ['LABEL', 'MOUNTED AT', 'FILESYSTEM', 'SIZE', 'FREE', 'STATUS'];
  const rows = drives.map((d) => [
    d.label,
    d.mountPoint ?? '-',
    d.filesystem ?? '-',
    humanBytes(d.size),
    humanBytes(d.free),
    d.problem ? `${d.problem.code}: ${d.problem.message}` : d.noPermissions ? 'ok (no file permissions: only the encryption protects a backup)' : 'ok',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd();
  return `${[head, ...rows].map(line).join('\n')}\n`;
}

/** Decimal units, as drives are sold: a "16 GB" stick shows as 16.0 GB, not 14.9 GiB. */
export function humanBytes(bytes: number | null): string {
  if (bytes === null) return '-';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
