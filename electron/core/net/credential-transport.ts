import { isIP } from 'node:net';
import { VaultError } from '../errors';

/**
 * The one rule for sending credentials (issue 12, point 5; DESIGN.md, Security), shared by every client that sends
 * an Authorization header (notary, registry): a password or token goes to a server only over TLS, unless the person
 * marked that server insecure (`--insecure-http` for a notary server, `--insecure-registry` for a registry, the
 * server's "insecure" box in the app). The callers differ in one thing only, which they state in their rule:
 * registries follow docker, which reaches 127.0.0.0/8 and localhost over plain http as it does insecure registries;
 * a notary server on loopback is no exception (another user on the same machine can listen there).
 */
export interface CredentialTransportRule {
  /** The person marked this server insecure: plain http allowed. */
  insecure: boolean;
  /** Loopback may be plain http without being marked insecure (docker's rule for registries). */
  loopbackPlainHttp: boolean;
}

/** 127.0.0.0/8, ::1 and localhost: the hosts docker reaches over plain http without --insecure-registry. */
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

/** Plain http may be used for `host` (no port): marked insecure, or loopback where the rule allows it. */
export const mayUsePlainHttp = (host: string, rule: CredentialTransportRule): boolean => rule.insecure || (rule.loopbackPlainHttp && isLoopbackHost(host));

/** Whether credentials may travel to `url`: always over https, over http only where plain http is allowed, else never. */
export function mayCarryCredentials(url: URL, rule: CredentialTransportRule): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && mayUsePlainHttp(url.hostname, rule);
}

/**
 * The notary client's form of the rule: throws before a connection is opened when credentials may not go to `url`
 * (loopback included, unless `insecureHttp`). `what` names them in the error ("the registry token", ...).
 */
export function assertCredentialTransport(url: URL | string, options: { hasCredentials: boolean; insecureHttp?: boolean; what?: string }): void {
  if (!options.hasCredentials) return;
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new VaultError('INVALID_ARGUMENT', `not a server URL: ${JSON.stringify(String(url))}`);
  }
  if (mayCarryCredentials(u, { insecure: options.insecureHttp === true, loopbackPlainHttp: false })) return;
  throw new VaultError(
    'INSECURE_TRANSPORT',
    `${options.what ?? 'credentials'} for ${u.origin} not sent: it is plain http, where anyone on the network (or another user of this machine) can read them. ` +
      'Use https, or mark this server insecure (--insecure-http; in the app, the server\'s "insecure" box) if you accept that; nothing was sent',
  );
}
