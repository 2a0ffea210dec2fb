import { execFile } from 'node:child_process';
import { VaultError } from '../errors';
import { readFileOrRefuse } from '../fs/read-regular-file';
import { minimalChildEnv } from '../process/child-env';
import type { DriveSource, RawDrive } from './drive-source';
import { LSBLK_ARGS, parseLsblkJson } from './lsblk-source';

/**
 * The machine's own drives.
 *
 * Test hook: when the environment variable TRUST_VAULT_INJECT_DRIVES names a JSON file, the drives are that file's
 * contents (an array of RawDrive objects) instead of the machine's. The file is re-read on every call, so a test can
 * plug and unplug drives by rewriting it; a file that is not such an array is an error that names the file. The CLI
 * and the e2e harness use this to point the app at folders that stand in for USB drives.
 *
 * Otherwise: drivelist (the native addon Etcher uses), loaded only when first needed. If it cannot load or fails, on
 * Linux lsblk is asked directly; elsewhere the drivelist error is reported.
 */

export const INJECT_DRIVES_ENV = 'TRUST_VAULT_INJECT_DRIVES';

const LSBLK_TIMEOUT_MS = 10_000;

export interface SystemSourceDeps {
  listWithDrivelist(): Promise<RawDrive[]>;
  runLsblk(): Promise<string>;
  platform: NodeJS.Platform;
}

const defaultDeps: SystemSourceDeps = { listWithDrivelist, runLsblk, platform: process.platform };

export function systemDriveSource(env: NodeJS.ProcessEnv = process.env, deps: Partial<SystemSourceDeps> = {}): DriveSource {
  const injectedFile = env[INJECT_DRIVES_ENV];
  if (injectedFile) return { list: () => readInjectedDrives(injectedFile) };
  const d = { ...defaultDeps, ...deps };
  return {
    list: async () => {
      try {
        return await d.listWithDrivelist();
      } catch (drivelistError) {
        if (d.platform !== 'linux') throw driveListError(drivelistError);
        try {
          return parseLsblkJson(await d.runLsblk());
        } catch (lsblkError) {
          throw driveListError(lsblkError, drivelistError);
        }
      }
    },
  };
}

async function readInjectedDrives(file: string): Promise<RawDrive[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileOrRefuse(file, { what: 'the injected drives file', maxBytes: 1024 * 1024, followLinks: true })?.toString('utf8') ?? '');
  } catch (e) {
    throw new VaultError('INVALID_ARGUMENT', `${INJECT_DRIVES_ENV} names ${file}, which could not be read as JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new VaultError('INVALID_ARGUMENT', `${INJECT_DRIVES_ENV} names ${file}, which must hold a JSON array of drives`);
  return parsed.map((entry, i) => checkRawDrive(entry, `${file} entry ${i}`));
}

/** Checks the fields the vault reads, so a typo in a test's file fails here and not deep inside describeDrives. */
function checkRawDrive(entry: unknown, where: string): RawDrive {
  const bad = (what: string) => new VaultError('INVALID_ARGUMENT', `${INJECT_DRIVES_ENV}: ${where}: ${what}`);
  if (typeof entry !== 'object' || entry === null) throw bad('is not an object');
  const e = entry as Record<string, unknown>;
  if (typeof e.device !== 'string' || e.device === '') throw bad('"device" must be a non-empty string');
  if (!Array.isArray(e.mountpoints)) throw bad('"mountpoints" must be an array of { path, label? }');
  const mountpoints = e.mountpoints.map((m: unknown) => {
    const mp = m as { path?: unknown; label?: unknown } | null;
    if (typeof mp?.path !== 'string') throw bad('every mount point needs a string "path"');
    return { path: mp.path, label: typeof mp.label === 'string' ? mp.label : null };
  });
  const bool = (k: string, fallback: boolean) => (e[k] === undefined ? fallback : e[k] === true);
  const maybeBool = (k: string) => (typeof e[k] === 'boolean' ? (e[k] as boolean) : null);
  return {
    device: e.device,
    description: typeof e.description === 'string' ? e.description : '',
    size: typeof e.size === 'number' ? e.size : null,
    mountpoints,
    isReadOnly: bool('isReadOnly', false),
    // An injected drive is a stand-in for a USB stick unless the test says otherwise.
    isRemovable: bool('isRemovable', true),
    isSystem: bool('isSystem', false),
    isVirtual: bool('isVirtual', false),
    isUSB: maybeBool('isUSB'),
    isCard: maybeBool('isCard'),
  };
}

async function listWithDrivelist(): Promise<RawDrive[]> {
  // A native addon, external to the bundle, loaded here so that a build without it still starts and falls back.
  // The CJS bundle has require (which also loads from inside an asar archive); vitest's ESM modules have import().
  const drivelist: typeof import('drivelist') =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    typeof require === 'function' ? require('drivelist') : await import('drivelist');
  const drives = await drivelist.list();
  return drives.map((d) => ({
    device: d.device,
    description: d.description,
    size: d.size,
    mountpoints: d.mountpoints.map((m) => ({ path: m.path, label: m.label })),
    isReadOnly: d.isReadOnly,
    isRemovable: d.isRemovable,
    isSystem: d.isSystem,
    isVirtual: d.isVirtual === true,
    isUSB: d.isUSB,
    isCard: d.isCard,
  }));
}

function runLsblk(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('lsblk', LSBLK_ARGS, { timeout: LSBLK_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024, env: minimalChildEnv(process.env) }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });
}

/** The addon missing altogether (not built at install: no compiler), as opposed to failing while listing. */
const addonMissing = (x: unknown) => x instanceof Error && /Cannot find module 'drivelist'|\.node\b|was compiled against|MODULE_NOT_FOUND/.test(x.message);

function driveListError(e: unknown, earlier?: unknown): VaultError {
  const reason = (x: unknown) => (x instanceof Error ? x.message.split('\n')[0] : String(x));
  const missing = [e, earlier].find(addonMissing);
  if (missing && (earlier === undefined || e === missing)) {
    return new VaultError(
      'DRIVE_UNAVAILABLE',
      `USB drive detection needs the drivelist native addon, which is not installed or could not load (${reason(missing)}). ` +
        'Install a C++ compiler and Python, then run npm rebuild drivelist; until then back up to a folder instead.',
    );
  }
  const first = earlier === undefined ? '' : ` (drivelist: ${reason(earlier)})`;
  return new VaultError('IO_ERROR', `Could not list the drives: ${reason(e)}${first}`);
}
