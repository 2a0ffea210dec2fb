import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The device (and mount point) a path lives on, from /proc/self/mountinfo: the mount whose point is the longest
 * prefix of the path. For messages only ("no space left on /dev/sdb1"); null where it cannot be told.
 */
export function deviceOf(path: string): { device: string; mountPoint: string } | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return null;
  }
  const abs = resolve(path);
  let best: { device: string; mountPoint: string } | null = null;
  for (const line of text.split('\n')) {
    // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
    const parts = line.split(' ');
    const dash = parts.indexOf('-');
    if (parts.length < 5 || dash < 0) continue;
    const mountPoint = unescape(parts[4]!);
    const inside = abs === mountPoint || abs.startsWith(mountPoint.endsWith('/') ? mountPoint : `${mountPoint}/`);
    if (!inside || (best && best.mountPoint.length > mountPoint.length)) continue;
    const source = unescape(parts[dash + 2] ?? '');
    best = { device: source && source !== 'none' ? source : `${parts[dash + 1] ?? 'a'} file system`, mountPoint };
  }
  return best;
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** "no space left on /dev/sdb1 (mounted at /media/ana/KEYS)", for an ENOSPC while writing `path`. */
export function noSpaceOn(path: string): string {
  const d = deviceOf(path);
  return d ? `no space left on ${d.device} (mounted at ${d.mountPoint})` : 'no space left on the device';
}
