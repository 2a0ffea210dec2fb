import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RepoServerCheck, ServerSettingView } from '../../../shared/dto/repos';
import { VaultError } from '../errors';
import { replaceFileAtomically } from '../fs/atomic-write';
import { readFileOrRefuse } from '../fs/read-regular-file';
import { statusOfServer } from '../tuf/remote-status';

/**
 * Checking a repository against its notary server (issue 3, points 2 and 5), with the server setting remembered per
 * trust dir: for one GUN, or for the whole trust dir (key `*`). Kept in `<dataDir>/settings/servers.json`, written
 * atomically. The CA file path is only ever one main chose through its open dialog.
 */

interface ServerSetting {
  server?: string;
  caFile?: string;
  /** Credentials may go to this server over plain http: the person said so (core/net/credential-transport.ts). */
  insecureHttp?: boolean;
}

type ServersFile = Record<string, Record<string, ServerSetting>>;

export type SettingScope = 'repo' | 'trustDir';

const WHOLE_DIR = '*';

const fileOf = (dataDir: string) => join(dataDir, 'settings', 'servers.json');

function readAll(dataDir: string): ServersFile {
  const path = fileOf(dataDir);
  try {
    const bytes = readFileOrRefuse(path, { what: 'the server settings', maxBytes: 4 * 1024 * 1024 });
    if (bytes === null) return {};
    const parsed = JSON.parse(bytes.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as ServersFile) : {};
  } catch {
    return {};
  }
}

function writeAll(dataDir: string, all: ServersFile): void {
  mkdirSync(join(dataDir, 'settings'), { recursive: true, mode: 0o700 });
  replaceFileAtomically(fileOf(dataDir), `${JSON.stringify(all, null, 2)}\n`);
}

/** The settings key of a trust dir: its absolute path, hashed (the file names no folder). */
const dirKey = (trustDir: string) => createHash('sha256').update(trustDir).digest('hex').slice(0, 32);

/** The setting for a GUN, else the trust dir's. */
export function serverSetting(dataDir: string, trustDir: string, gun: string): ServerSetting {
  const forDir = readAll(dataDir)[dirKey(trustDir)] ?? {};
  const own = forDir[gun] ?? {};
  const whole = forDir[WHOLE_DIR] ?? {};
  const insecureHttp = own.insecureHttp ?? whole.insecureHttp;
  return { server: own.server ?? whole.server, caFile: own.caFile ?? whole.caFile, ...(insecureHttp === true ? { insecureHttp } : {}) };
}

/** Remembers for the GUN, or (scope 'trustDir') for every repository of the trust dir, dropping the GUN's own value. */
export function updateServerSetting(dataDir: string, trustDir: string, gun: string, change: ServerSetting, scope: SettingScope = 'repo'): void {
  const all = readAll(dataDir);
  const key = dirKey(trustDir);
  const forDir = (all[key] ??= {});
  const entry = scope === 'trustDir' ? WHOLE_DIR : gun;
  forDir[entry] = { ...forDir[entry], ...change };
  if (scope === 'trustDir' && forDir[gun]) {
    const own = { ...forDir[gun] };
    for (const k of Object.keys(change) as (keyof ServerSetting)[]) delete own[k];
    forDir[gun] = own;
  }
  writeAll(dataDir, all);
}

export function settingView(setting: ServerSetting): ServerSettingView {
  return { server: setting.server ?? null, caFileName: setting.caFile ? basename(setting.caFile) : null, insecureHttp: setting.insecureHttp === true };
}

/** http or https only, no credentials in the URL, no query or fragment. */
export function checkServerUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new VaultError('INVALID_ARGUMENT', `not a server URL: ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new VaultError('INVALID_ARGUMENT', 'the server URL must start with http:// or https://');
  if (u.username || u.password) throw new VaultError('INVALID_ARGUMENT', 'the server URL must not carry a user or password');
  if (u.search || u.hash) throw new VaultError('INVALID_ARGUMENT', 'the server URL must not have a query or fragment');
  return url.replace(/\/+$/, '');
}

export interface CheckServerOptions {
  server?: string;
  token?: string;
  /** Marks the server insecure (true) or not (false), remembered with it; absent: as remembered. */
  insecureHttp?: boolean;
  /** Where a given server is remembered. */
  scope?: SettingScope;
  now: Date;
  timeoutMs?: number;
}

/** The root key IDs the server's root.json lists, as statusOfServer reports them for the root role. */
export function serverRootKeyIds(status: { roles: { role: string; keys: { id: string }[] }[] }): string[] {
  return status.roles.find((r) => r.role === 'root')?.keys.map((k) => k.id) ?? [];
}

/**
 * Fetches the repository from the server (the one given, remembered when it verifies as a URL, else the remembered
 * one) and verifies it against the cached root. Never changes the cache.
 */
export async function checkServer(dataDir: string, trustDir: string, gun: string, options: CheckServerOptions): Promise<RepoServerCheck> {
  const remembered = serverSetting(dataDir, trustDir, gun);
  const server = options.server !== undefined ? checkServerUrl(options.server) : remembered.server;
  if (!server) throw new VaultError('INVALID_ARGUMENT', 'no server is set for this repository: give its URL');
  const insecureHttp = options.insecureHttp ?? remembered.insecureHttp === true;
  if (options.server !== undefined || options.insecureHttp !== undefined) updateServerSetting(dataDir, trustDir, gun, { server, insecureHttp }, options.scope);
  const caFile = server.startsWith('https:') ? remembered.caFile : undefined;
  const status = await statusOfServer(trustDir, gun, {
    server,
    caFile,
    auth: options.token ? { bearer: options.token } : undefined,
    insecureHttp,
    now: options.now,
    timeoutMs: options.timeoutMs ?? 15_000,
  });
  return { ...status, server, caFileName: caFile ? basename(caFile) : null, serverRootKeyIds: serverRootKeyIds(status) };
}
