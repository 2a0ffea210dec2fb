import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { VaultError } from '../errors';
import { readRegularFile } from '../fs/read-regular-file';
import { DOCKER_HUB } from './reference';

/** Registry credentials; they stay in core and are never returned to the renderer (only `user` is shown). */
export interface RegistryCredentials {
  user: string;
  password: string;
  /** Where they came from, for "signed in as NAME (from ...)". */
  source: string;
}

const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_HELPER_OUTPUT = 64 * 1024;
const HELPER_TIMEOUT_MS = 20_000;

/** The keys docker uses in config.json for a registry: Docker Hub's is its v1 index URL. */
function configKeys(registry: string): string[] {
  if (registry === DOCKER_HUB) return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
  return [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
}

/** The folder docker reads config.json from: `$DOCKER_CONFIG`, else `~/.docker`. */
export const dockerConfigDir = (env: { DOCKER_CONFIG?: string; HOME?: string }, home: string): string => env.DOCKER_CONFIG || join(env.HOME || home, '.docker');

interface DockerConfig {
  auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown; identitytoken?: unknown }>;
  credsStore?: unknown;
  credHelpers?: Record<string, unknown>;
}

function readConfig(file: string): DockerConfig | null {
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if (read.kind === 'missing') return null;
  if (read.kind !== 'ok') throw new VaultError('INVALID_ARGUMENT', `${file} is not a regular file of at most ${MAX_CONFIG_BYTES} bytes (${read.kind}); docker's credentials were not read`);
  const bytes = read.bytes;
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as unknown;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not an object');
    return doc as DockerConfig;
  } catch (e) {
    throw new VaultError('INVALID_ARGUMENT', `${file} is not docker's config.json (${e instanceof Error ? e.message : String(e)})`);
  }
}

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The credentials docker would use for `registry`, from `<configDir>/config.json`: `credHelpers[registry]`, else
 * `credsStore`, each through `docker-credential-<name> get`; else `auths` (`auth` = base64 of user:password, or
 * `username`/`password`). Null when the config has none (anonymous access).
 */
export async function dockerCredentials(configDir: string, registry: string, helperEnv: { PATH?: string; HOME?: string }): Promise<RegistryCredentials | null> {
  const file = join(configDir, 'config.json');
  const config = readConfig(file);
  if (!config) return null;
  const keys = configKeys(registry);
  const helpers = typeof config.credHelpers === 'object' && config.credHelpers !== null ? config.credHelpers : {};
  const named = keys.map((k) => helpers[k]).find((h) => typeof h === 'string');
  const helper = typeof named === 'string' ? named : typeof config.credsStore === 'string' ? config.credsStore : undefined;
  if (helper !== undefined) {
    if (!HELPER_NAME.test(helper)) throw new VaultError('INVALID_ARGUMENT', `${file} names a credential helper ${JSON.stringify(helper)} that is not a plain name`);
    // docker asks the helper under the registry's own key: `host[:port]`, or Docker Hub's v1 URL.
    const found = await fromHelper(helper, keys[0]!, helperEnv);
    if (found) return found;
    // docker falls back to auths when the store has nothing for the registry.
  }
  const auths = typeof config.auths === 'object' && config.auths !== null ? config.auths : {};
  for (const k of keys) {
    const a = auths[k];
    if (!a || typeof a !== 'object') continue;
    if (typeof a.auth === 'string' && a.auth !== '') {
      const decoded = Buffer.from(a.auth, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i <= 0) throw new VaultError('INVALID_ARGUMENT', `${file}: the auth entry for ${k} is not base64 of user:password`);
      return { user: decoded.slice(0, i), password: decoded.slice(i + 1), source: `${file} (auths)` };
    }
    if (typeof a.username === 'string' && typeof a.password === 'string') return { user: a.username, password: a.password, source: `${file} (auths)` };
  }
  return null;
}

/**
 * `docker-credential-<name> get` with the server URL on stdin, as docker runs it, with a minimal environment (PATH
 * and HOME only: never the variables the vault's own options name). "credentials not found" is null.
 */
function fromHelper(name: string, server: string, env: { PATH?: string; HOME?: string }): Promise<RegistryCredentials | null> {
  const program = `docker-credential-${name}`;
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], { env: { PATH: env.PATH ?? '/usr/bin:/bin', ...(env.HOME ? { HOME: env.HOME } : {}) }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = Buffer.alloc(0);
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), HELPER_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => {
      if (out.length + d.length <= MAX_HELPER_OUTPUT) out = Buffer.concat([out, d]);
    });
    child.stderr.on('data', (d: Buffer) => (err = (err + String(d)).slice(-500)));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new VaultError('NOT_FOUND', `docker's configuration names the credential helper ${program}, which cannot be run (${(e as NodeJS.ErrnoException).code ?? e.message})`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const text = out.toString('utf8').trim();
      if (code !== 0) {
        if (/credentials not found/i.test(text + err)) return resolve(null);
        return reject(new VaultError('UNAUTHORIZED', `${program} get failed for ${server} (${signal ?? `exit ${code}`}): ${(err || text).trim().slice(0, 200)}`));
      }
      try {
        const doc = JSON.parse(text) as { Username?: unknown; Secret?: unknown };
        if (typeof doc.Username !== 'string' || typeof doc.Secret !== 'string') throw new Error('no Username and Secret');
        resolve({ user: doc.Username, password: doc.Secret, source: program });
      } catch (e) {
        reject(new VaultError('SERVER_MALFORMED', `${program} get answered something that is not {"Username","Secret"} (${e instanceof Error ? e.message : String(e)})`));
      }
    });
    child.stdin.end(`${server}\n`);
  });
}
