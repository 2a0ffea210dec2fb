import { join } from 'node:path';
import { knownServerFor } from '../../../../shared/lookup/known-servers';
import { registryOfGun } from '../../../../shared/lookup/image-name';
import { readJsonObject, writeJsonObject } from './json-settings';
import { serverSetting } from '../server-check';

/**
 * The notary server remembered per registry (issue 15): adding `registry.example.com/a` with a server remembers it
 * for `registry.example.com/b` too. Kept in `<dataDir>/settings/registry-servers.json`. A repository's own setting
 * (server-check.ts, per trust dir and GUN) comes first. Known defaults are only ever suggested, never used.
 */

interface RegistryServer {
  server: string;
  caFile?: string;
}

const fileOf = (dataDir: string) => join(dataDir, 'settings', 'registry-servers.json');

export function rememberRegistryServer(dataDir: string, registry: string, server: string, caFile?: string): void {
  const all = readJsonObject<Record<string, RegistryServer>>(fileOf(dataDir));
  all[registry] = { server, ...(caFile ? { caFile } : {}) };
  writeJsonObject(fileOf(dataDir), all);
}

export function registryServer(dataDir: string, registry: string): RegistryServer | null {
  const s = readJsonObject<Record<string, RegistryServer>>(fileOf(dataDir))[registry];
  return s && typeof s.server === 'string' ? s : null;
}

/** The server for a GUN: its own setting, else its registry's; null (with a known suggestion, if any) when none is set. */
export function serverForGun(
  dataDir: string,
  trustDir: string,
  gun: string,
): { server: string; caFile?: string } | { server: null; registry: string; suggestion: { url: string; label: string; endsOn: string | null } | null } {
  const own = serverSetting(dataDir, trustDir, gun);
  if (own.server) return { server: own.server, ...(own.caFile ? { caFile: own.caFile } : {}) };
  const registry = registryOfGun(gun);
  const reg = registryServer(dataDir, registry);
  if (reg) return reg;
  const known = knownServerFor(registry);
  return { server: null, registry, suggestion: known ? { url: known.url, label: known.label, endsOn: known.endsOn } : null };
}
