import { basename, dirname, sep } from 'node:path';
import type { DriveInfo } from '../../../shared/dto/backups';

/** The label the ledger keeps for where a file lies: the drive holding it (longest mount point), else its folder's name. */
export function locationOf(file: string, drives: DriveInfo[]): string {
  const holder = drives
    .filter((d) => d.mountPoint !== null && file.startsWith(d.mountPoint.endsWith(sep) ? d.mountPoint : d.mountPoint + sep))
    .sort((a, b) => b.mountPoint!.length - a.mountPoint!.length)[0];
  return holder?.label ?? (basename(dirname(file)) || dirname(file));
}
