/**
 * Notary servers the app knows by registry, offered (never used silently) when a repository is added, and the dates
 * their content trust service ends (DESIGN.md context, checked December 2026). Pure data: the renderer, the CLI and
 * the archive's shutdown warning all read it.
 */

export interface KnownNotaryServer {
  /** The registry this server signs for, as a host pattern (`*.azurecr.io` matches any subdomain). */
  registry: string;
  /** The server URL, `{host}` replaced by the registry host. */
  server: string;
  /** Who runs it, in plain words. */
  label: string;
  /** YYYY-MM-DD: the last day the service is announced to run, or null when no end is announced. */
  endsOn: string | null;
}

export const KNOWN_NOTARY_SERVERS: readonly KnownNotaryServer[] = [
  { registry: 'docker.io', server: 'https://notary.docker.io', label: 'Docker Hub’s notary service', endsOn: '2026-12-08' },
  { registry: '*.azurecr.io', server: 'https://{host}', label: 'Azure Container Registry content trust', endsOn: '2028-03-31' },
];

/** Warn this long before a known end date. */
export const SHUTDOWN_WARNING_DAYS = 90;

const DAY = 86_400_000;

function matches(pattern: string, host: string): boolean {
  return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;
}

/** The known server for a registry host, with its URL filled in, or null. */
export function knownServerFor(registry: string): (KnownNotaryServer & { url: string }) | null {
  const host = registry.toLowerCase();
  const k = KNOWN_NOTARY_SERVERS.find((s) => matches(s.registry, host));
  return k ? { ...k, url: k.server.replace('{host}', host) } : null;
}

/** The known service a server URL belongs to, whatever registry it was reached for. */
export function knownServiceOfUrl(url: string): KnownNotaryServer | null {
  let host: string;
  try {
    host = new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
  return KNOWN_NOTARY_SERVERS.find((s) => (s.registry === 'docker.io' ? host === 'notary.docker.io' : matches(s.registry, host))) ?? null;
}

/** Ended (after its last day), ending soon (within SHUTDOWN_WARNING_DAYS), or null. The end is the day after endsOn, UTC. */
export function shutdownNotice(url: string, now: Date): { service: string; endsOn: string; daysLeft: number; ended: boolean; message: string } | null {
  const k = knownServiceOfUrl(url);
  if (!k?.endsOn) return null;
  const end = Date.parse(`${k.endsOn}T00:00:00Z`) + DAY;
  const daysLeft = Math.floor((end - now.getTime()) / DAY);
  if (daysLeft > SHUTDOWN_WARNING_DAYS) return null;
  const ended = daysLeft < 0;
  const message = ended
    ? `${k.label} ended on ${k.endsOn}: its trust data can no longer be fetched; keep the archives you made before`
    : `${k.label} ends on ${k.endsOn} (${daysLeft === 0 ? 'today is the last day' : `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`}): archive its trust data now`;
  return { service: k.label, endsOn: k.endsOn, daysLeft, ended, message };
}
