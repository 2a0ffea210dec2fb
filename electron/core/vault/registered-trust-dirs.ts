import { resolve } from 'node:path';
import type { HostEnvironment } from '../ports';
import { defaultTrustDirs } from '../trustdir/defaults';
import { readTrustDirSettings } from '../trustdir/settings';
import { trustDirIdOf } from '../trustdir/trust-dir-id';

/**
 * The trust dirs a locked vault may touch (issue 12, point 2): the default folders, the ones the user added in the
 * app, and the one the current command or screen works on. A locked vault's header only names a trust dir by its
 * opaque ID; the path comes from this list, so a forged header can point at no folder outside it.
 */
export function registeredTrustDirs(dataDir: string, env: HostEnvironment | null, current: readonly string[] = []): string[] {
  const settings = readTrustDirSettings(dataDir);
  const all = [...current, ...(settings.selected ? [settings.selected] : []), ...settings.custom, ...(env ? defaultTrustDirs(env).map((c) => c.path) : [])];
  return [...new Set(all.map((p) => resolve(p)))];
}

/** The registered trust dir an index entry's trustDirId names; null when none does. */
export function trustDirById(dirs: readonly string[], trustDirId: string): string | null {
  return dirs.find((d) => trustDirIdOf(d) === trustDirId) ?? null;
}
