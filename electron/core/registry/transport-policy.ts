import { isIP } from 'node:net';

/**
 * Which registries may be reached over plain http, and which requests may carry credentials. The same rule the
 * notary client follows ("credentials only over https unless the server is marked insecure"): docker reaches
 * 127.0.0.0/8 (and localhost) over http as it does insecure registries; everything else needs TLS unless the user
 * named it with --insecure-registry.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** `host[:port]` → just the host. */
export function hostOf(hostPort: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(hostPort);
  if (m) return m[1]!;
  const i = hostPort.lastIndexOf(':');
  return i >= 0 && hostPort.indexOf(':') === i ? hostPort.slice(0, i) : hostPort;
}

export interface TransportPolicy {
  /** `host[:port]` of registries the user marked insecure: http allowed, TLS not verified. */
  insecure: readonly string[];
}

export const isInsecure = (hostPort: string, p: TransportPolicy): boolean => p.insecure.some((h) => h.toLowerCase() === hostPort.toLowerCase());

/** Plain http may be tried: loopback, or marked insecure. */
export const mayUsePlainHttp = (hostPort: string, p: TransportPolicy): boolean => isLoopbackHost(hostOf(hostPort)) || isInsecure(hostPort, p);

/**
 * Whether credentials may travel to `url`: always over https, over http only to a loopback host or one the user
 * marked insecure. Applies to the token realm too, which a registry names and which may be another host.
 */
export function mayCarryCredentials(url: URL, p: TransportPolicy): boolean {
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  return isLoopbackHost(url.hostname) || isInsecure(url.host, p);
}
