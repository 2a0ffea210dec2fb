import { join } from 'node:path';
import type { TrustDirOrigin } from '../../../shared/dto/app';
import type { HostEnvironment } from '../ports';

export interface TrustDirCandidate {
  path: string;
  origin: TrustDirOrigin;
  label: string;
}

/**
 * The folders where notary, docker and iEchor keep keys, in the order the vault prefers them. $DOCKER_CONFIG moves
 * docker's folder, so both it and the default ~/.docker/trust are offered when it is set.
 */
export function defaultTrustDirs(env: HostEnvironment): TrustDirCandidate[] {
  const out: TrustDirCandidate[] = [];
  if (env.dockerConfig) out.push({ path: join(env.dockerConfig, 'trust'), origin: 'docker', label: 'Docker ($DOCKER_CONFIG)' });
  out.push({ path: join(env.home, '.docker', 'trust'), origin: 'docker', label: 'Docker' });
  out.push({ path: join(env.home, '.notary'), origin: 'notary', label: 'Notary' });
  out.push({ path: join(env.home, '.iechor', 'trust'), origin: 'iechor', label: 'iEchor' });
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.path) && seen.add(c.path));
}

/** The CLI's default, as DESIGN.md says: $DOCKER_CONFIG/trust, else ~/.docker/trust. */
export function cliDefaultTrustDir(env: HostEnvironment): string {
  return defaultTrustDirs(env)[0]!.path;
}
