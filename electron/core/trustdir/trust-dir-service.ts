import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { TrustDirInfo } from '../../../shared/dto/app';
import { VaultError } from '../errors';
import type { HostEnvironment } from '../ports';
import { defaultTrustDirs } from './defaults';
import { readTrustDirSettings, writeTrustDirSettings } from './settings';
import { trustDirIdOf } from './trust-dir-id';

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The trust dirs the vault knows: the defaults that exist or are likely, plus folders the user added, with one
 * selected. The selection and the added folders persist in <dataDir>/settings.json.
 */
export class TrustDirService {
  constructor(
    private readonly dataDir: string,
    private readonly env: HostEnvironment,
  ) {}

  list(): TrustDirInfo[] {
    const s = readTrustDirSettings(this.dataDir);
    const entries: Omit<TrustDirInfo, 'selected'>[] = [];
    const seen = new Set<string>();
    for (const c of defaultTrustDirs(this.env)) {
      if (s.hidden.includes(c.path) || seen.has(c.path)) continue;
      seen.add(c.path);
      entries.push({ id: trustDirIdOf(c.path), path: c.path, label: c.label, origin: c.origin, exists: isDir(c.path) });
    }
    for (const p of s.custom) {
      if (seen.has(p)) continue;
      seen.add(p);
      entries.push({ id: trustDirIdOf(p), path: p, label: p, origin: 'custom', exists: isDir(p) });
    }
    // The remembered choice wins; otherwise the first folder that exists; otherwise the first default.
    const selectedPath =
      (s.selected && entries.some((e) => e.path === s.selected) ? s.selected : undefined) ??
      entries.find((e) => e.exists)?.path ??
      entries[0]?.path;
    return entries.map((e) => ({ ...e, selected: e.path === selectedPath }));
  }

  /** Adds a folder (chosen in a main-side dialog) and selects it. */
  add(path: string): TrustDirInfo[] {
    if (!isAbsolute(path)) throw new VaultError('INVALID_ARGUMENT', `Not an absolute path: ${path}`);
    const abs = resolve(path);
    if (!isDir(abs)) throw new VaultError('TRUST_DIR_UNAVAILABLE', `${abs} is not a folder`);
    const s = readTrustDirSettings(this.dataDir);
    if (!s.custom.includes(abs) && !defaultTrustDirs(this.env).some((d) => d.path === abs)) s.custom.push(abs);
    s.hidden = s.hidden.filter((h) => h !== abs);
    s.selected = abs;
    writeTrustDirSettings(this.dataDir, s);
    return this.list();
  }

  select(id: string): TrustDirInfo[] {
    const path = this.resolve(id);
    const s = readTrustDirSettings(this.dataDir);
    s.selected = path;
    writeTrustDirSettings(this.dataDir, s);
    return this.list();
  }

  /** Forgets a folder; never deletes anything on disk. */
  forget(id: string): TrustDirInfo[] {
    const path = this.resolve(id);
    const s = readTrustDirSettings(this.dataDir);
    s.custom = s.custom.filter((p) => p !== path);
    if (defaultTrustDirs(this.env).some((d) => d.path === path) && !s.hidden.includes(path)) s.hidden.push(path);
    if (s.selected === path) s.selected = null;
    writeTrustDirSettings(this.dataDir, s);
    return this.list();
  }

  /** The path behind an opaque ID; only folders in the list can be named. */
  resolve(id: string): string {
    const found = this.list().find((e) => e.id === id);
    if (!found) throw new VaultError('NOT_FOUND', 'That trust folder is not known to the vault');
    return found.path;
  }
}
