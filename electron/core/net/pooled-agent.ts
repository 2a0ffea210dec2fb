import * as http from 'node:http';
import type * as https from 'node:https';

/**
 * Connections kept open between requests that are safe to send twice (GET, HEAD), shared by the notary and the
 * registry clients (issue 17). A status or a publish asks the same server for four to eight files: on a distant
 * https server each new connection costs a TCP and a TLS handshake, more than the request itself. Writes (a
 * publish) still get a connection of their own, so whether one reached the server is never blurred by a reused
 * socket the server had just closed.
 *
 * The pool is keyed by Node on host, port and every TLS option (CA, server name, verification), so a request never
 * rides a connection made under other trust settings; credentials are per request and are not part of a connection.
 * Idle connections do not keep the process alive and are closed after IDLE_MS.
 */
const IDLE_MS = 4_000;

let plain: http.Agent | undefined;
let secure: https.Agent | undefined;

export function pooledAgent(isHttps: boolean): http.Agent {
  if (!isHttps) return (plain ??= new http.Agent({ keepAlive: true, timeout: IDLE_MS }));
  // node:https is loaded only for an https URL (a plain-http loopback server never pays for TLS).
  return (secure ??= new (process.getBuiltinModule('node:https') as typeof https).Agent({ keepAlive: true, timeout: IDLE_MS }));
}

/** Node's error codes for a kept connection the server closed just as it was reused. */
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * True when a request failed only because the kept connection it was sent on had been closed by the server (its
 * idle timeout racing ours): the request is sent again once, on a new connection. Only for GET and HEAD.
 */
export function failedOnStaleConnection(req: http.ClientRequest, error: NodeJS.ErrnoException, gotAnswer: boolean): boolean {
  return req.reusedSocket && !gotAnswer && STALE_CODES.has(error.code ?? '');
}
