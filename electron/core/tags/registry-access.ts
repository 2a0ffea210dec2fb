import { homedir } from 'node:os';
import { VaultError } from '../errors';
import { RegistryClient } from '../registry/client';
import { dockerConfigDir, dockerCredentials, type RegistryCredentials } from '../registry/docker-config';

/** How to reach registries: TLS, which are insecure, and whose credentials to use. Never leaves core. */
export interface RegistryAccess {
  caFile?: string;
  insecure?: readonly string[];
  /** Given credentials (from --registry-*-env or main's prompt) win over docker's configuration. */
  credentials?: { user: string; password: string } | undefined;
  /** Where docker's config.json is read from (`$DOCKER_CONFIG` or `~/.docker`); none: not read. */
  dockerConfigDir?: string | undefined;
  /** PATH and HOME for docker-credential helpers; nothing else is passed to them. */
  helperEnv?: { PATH?: string; HOME?: string };
  timeoutMs?: number;
}

/** The docker config folder for an environment, as docker finds it. */
export const dockerConfigFor = (env: NodeJS.ProcessEnv): string => dockerConfigDir({ DOCKER_CONFIG: env.DOCKER_CONFIG, HOME: env.HOME }, homedir());

/** A client for `registry` with the credentials docker would use (or the given ones). */
export async function registryClient(registry: string, a: RegistryAccess): Promise<RegistryClient> {
  let credentials: RegistryCredentials | null = null;
  if (a.credentials) {
    if (a.credentials.user === '') throw new VaultError('INVALID_ARGUMENT', 'the registry user name is empty');
    credentials = { ...a.credentials, source: 'given' };
  } else if (a.dockerConfigDir) credentials = await dockerCredentials(a.dockerConfigDir, registry, a.helperEnv ?? {});
  return new RegistryClient(registry, { ...(a.caFile ? { caFile: a.caFile } : {}), insecure: a.insecure ?? [], credentials, ...(a.timeoutMs ? { timeoutMs: a.timeoutMs } : {}) });
}
