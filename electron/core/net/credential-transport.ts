import { VaultError } from '../errors';

/**
 * The one rule for sending credentials (issue 12, point 5; DESIGN.md, Security): a password or token goes to a
 * server only over TLS, unless the person marked that server insecure (`--insecure-http` in the CLI, the server's
 * "insecure" setting in the app). Loopback is no exception: another user on the same machine can listen there.
 * Every client that sends an Authorization header (notary, registry) calls this before it opens a connection.
 *
 * `url` is where the credentials would go; `what` names them in the error ("the registry token", ...).
 */
export function assertCredentialTransport(url: URL | string, options: { hasCredentials: boolean; insecureHttp?: boolean; what?: string }): void {
  if (!options.hasCredentials) return;
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new VaultError('INVALID_ARGUMENT', `not a server URL: ${JSON.stringify(String(url))}`);
  }
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && options.insecureHttp === true) return;
  throw new VaultError(
    'INSECURE_TRANSPORT',
    `${options.what ?? 'credentials'} for ${u.origin} not sent: it is plain http, where anyone on the network (or another user of this machine) can read them. ` +
      'Use https, or mark this server insecure (--insecure-http; in the app, the server\'s "insecure" box) if you accept that; nothing was sent',
  );
}
