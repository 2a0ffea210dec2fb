import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFileAtomically } from '../fs/atomic-write';
import { ensureSecureDir } from '../fs/secure-dir';
import { knownModulePaths } from './pkcs11/module-paths';
import { readFileOrRefuse } from '../fs/read-regular-file';

/** PKCS#11 modules: the usual paths of ykcs11, OpenSC and SoftHSM2 that exist here, then those the user added. */

export interface ModuleEntry {
  path: string;
  kind: 'ykcs11' | 'opensc' | 'softhsm2' | 'custom';
}

const settingsPath = (dataDir: string) => join(dataDir, 'tokens.json');

export function addedModules(dataDir: string): string[] {
  try {
    const bytes = readFileOrRefuse(settingsPath(dataDir), { what: 'the token settings', maxBytes: 1024 * 1024 });
    if (bytes === null) return [];
    const parsed = JSON.parse(bytes.toString('utf8')) as { modules?: unknown };
    return Array.isArray(parsed.modules) ? parsed.modules.filter((m): m is string => typeof m === 'string' && m.length < 4096) : [];
  } catch {
    return [];
  }
}

export function addModule(dataDir: string, path: string): void {
  const modules = addedModules(dataDir);
  if (modules.includes(path)) return;
  ensureSecureDir(dataDir);
  replaceFileAtomically(settingsPath(dataDir), `${JSON.stringify({ modules: [...modules, path] }, null, 2)}\n`);
}

/**
 * Known modules present on this machine (one per kind: the first path found), plus every added one whether present
 * or not (a missing added module is shown as not found). `TRUST_VAULT_PKCS11_MODULES` (paths separated by the
 * platform's delimiter) replaces the known list: tests and unusual installs use it.
 */
export function moduleEntries(dataDir: string, env: NodeJS.ProcessEnv = process.env): ModuleEntry[] {
  const out: ModuleEntry[] = [];
  const override = env.TRUST_VAULT_PKCS11_MODULES;
  if (override !== undefined) {
    for (const path of override.split(process.platform === 'win32' ? ';' : ':').filter(Boolean)) out.push({ path, kind: 'custom' });
  } else {
    const seen = new Set<string>();
    for (const m of knownModulePaths()) {
      if (seen.has(m.kind) || !existsSync(m.path)) continue;
      seen.add(m.kind);
      out.push(m);
    }
  }
  for (const path of addedModules(dataDir)) if (!out.some((m) => m.path === path)) out.push({ path, kind: 'custom' });
  return out;
}
