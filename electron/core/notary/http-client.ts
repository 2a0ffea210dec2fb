import * as http from 'node:http';
import type * as https from 'node:https';
import { isIP } from 'node:net';
import { VaultError } from '../errors';
import { readFileOrRefuse } from '../fs/read-regular-file';
import { assertCredentialTransport } from '../net/credential-transport';
import { failedOnStaleConnection, pooledAgent } from '../net/pooled-agent';

/** No notary metadata file comes near this; a bigger answer is cut off and reported as MALFORMED. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Error bodies are only read for their `{"errors":[...]}`; nothing useful is longer. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;

export type ServerAuth = { basic: { user: string; password: string } } | { bearer: string };

export interface ServerOptions {
  /** `http://host:port` or `https://host:port`, optionally with a path prefix. */
  server: string;
  /** PEM file of the CA(s) to trust for TLS instead of the system's. */
  caFile?: string;
  auth?: ServerAuth;
  /** The person marked this server insecure: `auth` may go over plain http (see assertCredentialTransport). */
  insecureHttp?: boolean;
  /** For each request, from connecting to the last byte. */
  timeoutMs?: number;
  maxBytes?: number;
}

export type FailureCode =
  | 'SERVER_OFFLINE'
  | 'SERVER_TIMEOUT'
  | 'TLS_UNTRUSTED'
  | 'TLS_HOSTNAME'
  | 'TLS_EXPIRED'
  | 'TLS_NOT_SPOKEN'
  | 'UNAUTHORIZED'
  | 'SERVER_ERROR'
  | 'MALFORMED';

export interface FetchFailure {
  code: FailureCode;
  message: string;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** The Node error code (`ECONNREFUSED`, `ECONNRESET`, `ERR_TLS_CERT_ALTNAME_INVALID`...) for network and TLS failures. */
  cause?: string;
  /** For an HTTP error status: the start of the body the server sent (at most 64 KiB), for its `{"errors":[...]}`. */
  body?: Buffer;
}

export interface RequestOptions {
  /** Sent with a Content-Length; none for GET. */
  body?: Buffer;
  /** Added to (or replacing) the default Accept and User-Agent headers; Authorization comes from the options. */
  headers?: Record<string, string>;
}

export type FetchResult = { ok: true; bytes: Buffer } | { ok: false; notFound: boolean; failure: FetchFailure };

const TLS_UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
]);
const TLS_EXPIRED_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'EADDRNOTAVAIL']);

/**
 * A client for notary-server's TUF API (NOTARY.md section 6), on node:http/node:https directly. The status code
 * only reads (get/getTuf); `request` carries the write side too (publisher-client.ts).
 */
export class NotaryHttpClient {
  private readonly base: URL;
  private readonly ca: Buffer | undefined;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(private readonly options: ServerOptions) {
    let url: URL;
    try {
      url = new URL(options.server);
    } catch {
      throw new VaultError('INVALID_ARGUMENT', `not a server URL: ${JSON.stringify(options.server)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new VaultError('INVALID_ARGUMENT', `the server URL must start with http:// or https://, not ${url.protocol}`);
    if (url.username || url.password) throw new VaultError('INVALID_ARGUMENT', 'put no credentials in the server URL; pass them through environment variables');
    // Before any connection: a client that cannot send its credentials safely is never made.
    assertCredentialTransport(url, { hasCredentials: options.auth !== undefined, insecureHttp: options.insecureHttp === true, what: 'the notary server credentials' });
    this.base = url;
    if (options.caFile !== undefined) {
      let ca: Buffer | null;
      try {
        ca = readFileOrRefuse(options.caFile, { what: 'the CA file', maxBytes: 1024 * 1024, followLinks: true });
      } catch (e) {
        if (e instanceof VaultError && e.code === 'FILE_REFUSED') throw e;
        throw new VaultError('NOT_FOUND', `cannot read the CA file ${options.caFile}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (ca === null) throw new VaultError('NOT_FOUND', `cannot read the CA file ${options.caFile}: it does not exist`);
      this.ca = ca;
      if (!this.ca.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new VaultError('INVALID_ARGUMENT', `${options.caFile} holds no PEM certificate`);
    }
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  }

  get server(): string {
    return this.base.origin;
  }

  /** GET `/v2/<gun>/_trust/tuf/<name>`; `name` is e.g. `timestamp.json` or `targets/releases.<hex>.json`. */
  getTuf(gun: string, name: string): Promise<FetchResult> {
    return this.get(this.tufPath(gun, name));
  }

  /** The absolute path of `/v2/<gun>/_trust/tuf/<name>` under the server URL's path prefix, segments encoded. */
  tufPath(gun: string, name: string): string {
    const enc = (p: string) => p.split('/').map(encodeURIComponent).join('/');
    return `${this.prefix()}/v2/${enc(gun)}/_trust/tuf/${enc(name)}`;
  }

  /** The absolute path of `/v2/<rest>` under the server URL's path prefix (`/v2/` itself for the ping). */
  v2Path(rest = ''): string {
    return `${this.prefix()}/v2/${rest}`;
  }

  private prefix(): string {
    return this.base.pathname.replace(/\/+$/, '');
  }

  /** Never rejects: every failure is a FetchResult that says what failed. */
  get(path: string): Promise<FetchResult> {
    return this.request('GET', path);
  }

  /**
   * One request with any method; never rejects. A 2xx answer is `ok` with its body (up to maxBytes); anything else
   * (3xx included: redirects are not followed) is a failure that says what failed, with the status when the server
   * answered and the Node error code when it did not.
   */
  request(method: string, path: string, options: RequestOptions = {}): Promise<FetchResult> {
    return this.send(method, path, options, method === 'GET' || method === 'HEAD');
  }

  /** `pooled`: on a kept connection (pooled-agent.ts), sent again once on a new one if that one had gone stale. */
  private send(method: string, path: string, options: RequestOptions, pooled: boolean): Promise<FetchResult> {
    const url = new URL(path, this.base);
    // The constructor checked the base; a path is never allowed to take the credentials to another origin.
    if (url.origin !== this.base.origin) return Promise.resolve({ ok: false, notFound: false, failure: { code: 'MALFORMED', message: `${method} ${path}: not on ${this.base.origin}; nothing was sent` } });
    const isHttps = url.protocol === 'https:';
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'trust-vault', ...options.headers };
    if (options.body !== undefined) headers['Content-Length'] = String(options.body.length);
    const auth = this.options.auth;
    if (auth && 'basic' in auth) headers.Authorization = `Basic ${Buffer.from(`${auth.basic.user}:${auth.basic.password}`, 'utf8').toString('base64')}`;
    else if (auth && 'bearer' in auth) headers.Authorization = `Bearer ${auth.bearer}`;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const what = `${method} ${url.pathname} on ${this.base.origin}`;

    return new Promise<FetchResult>((resolve) => {
      let settled = false;
      const finish = (r: FetchResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        resolve(r);
      };
      const fail = (code: FailureCode, message: string, status?: number, notFound = false, extra: { cause?: string; body?: Buffer } = {}) =>
        finish({ ok: false, notFound, failure: { code, message: `${what}: ${message}`, ...(status !== undefined ? { status } : {}), ...extra } });

      const requestOptions: https.RequestOptions = {
        method,
        protocol: url.protocol,
        hostname: host,
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        headers,
        agent: pooled ? pooledAgent(isHttps) : false,
      };
      if (isHttps) {
        if (this.ca) requestOptions.ca = this.ca;
        // SNI carries host names only, never an IP address.
        if (isIP(host) === 0) requestOptions.servername = host;
        requestOptions.rejectUnauthorized = true;
      }
      let answered = false;
      const req = (isHttps ? httpsModule() : http).request(requestOptions, (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const limit = ok ? this.maxBytes : MAX_ERROR_BODY_BYTES;
        const declared = Number(res.headers['content-length']);
        if (ok && Number.isFinite(declared) && declared > limit) return fail('MALFORMED', `the server announces ${declared} bytes, more than the ${limit}-byte limit`, status);
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (c: Buffer) => {
          if (truncated) return;
          size += c.length;
          if (size > limit) {
            truncated = true;
            if (ok) return fail('MALFORMED', `the answer is larger than the ${limit}-byte limit`, status);
            res.destroy();
            return;
          }
          chunks.push(c);
        });
        const done = () => {
          const body = Buffer.concat(chunks);
          if (ok) return finish({ ok: true, bytes: body });
          const detail = serverErrorDetail(body);
          if (status === 401) return fail('UNAUTHORIZED', `401 Unauthorized${detail ? ` (${detail})` : ''}${auth ? '' : '; no credentials were given'}`, status, false, { body });
          const text = `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}${detail ? `: ${detail}` : ''}`;
          return fail('SERVER_ERROR', text, status, status === 404, { body });
        };
        res.on('end', done);
        res.on('close', () => (truncated && !ok ? done() : undefined));
        res.on('error', (e) =>
          fail('SERVER_OFFLINE', `the connection broke while reading the answer: ${e.message}`, status, false, { cause: (e as NodeJS.ErrnoException).code ?? 'ECONNRESET' }),
        );
      });
      req.on('error', (e) => {
        const err = e as NodeJS.ErrnoException;
        if (pooled && !settled && failedOnStaleConnection(req, err, answered)) {
          settled = true;
          clearTimeout(timer);
          return resolve(this.send(method, path, options, false));
        }
        const code = err.code ?? '';
        const cause = code ? { cause: code } : {};
        if (TLS_UNTRUSTED_CODES.has(code))
          return fail('TLS_UNTRUSTED', `certificate signed by unknown authority (${code}: ${err.message})${this.ca ? `; not signed by the CA in ${this.options.caFile}` : '; pass the server\'s CA with --ca'}`, undefined, false, cause);
        if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return fail('TLS_HOSTNAME', `the certificate is not valid for ${host} (${err.message})`, undefined, false, cause);
        if (TLS_EXPIRED_CODES.has(code)) return fail('TLS_EXPIRED', `${code}: ${err.message}`, undefined, false, cause);
        // https:// to a server answering in plain HTTP: OpenSSL reads its reply as a record of a wrong version.
        if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long|http request/i.test(err.message))
          return fail('TLS_NOT_SPOKEN', `the server does not speak TLS: ${host} answered the TLS handshake in plain HTTP (${code})`, undefined, false, cause);
        if (/^ERR_SSL_|^EPROTO$/.test(code)) return fail('TLS_UNTRUSTED', `TLS handshake failed (${code}: ${err.message}); is the server speaking TLS?`, undefined, false, cause);
        if (OFFLINE_CODES.has(code)) return fail('SERVER_OFFLINE', `${code}: ${err.message}`, undefined, false, cause);
        return fail('SERVER_OFFLINE', err.message || String(e), undefined, false, cause);
      });
      const timer = setTimeout(() => fail('SERVER_TIMEOUT', `no complete answer within ${this.timeoutMs} ms`), this.timeoutMs);
      req.end(options.body);
    });
  }
}

/** notary-server's `{"errors":[{"code","message","detail"}]}`, as `CODE: message`; else the start of the body. */
export function serverErrorDetail(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const doc = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
    if (Array.isArray(doc.errors) && doc.errors.length > 0) {
      return doc.errors
        .map((e) => [typeof e?.code === 'string' ? e.code : '', typeof e?.message === 'string' ? e.message : ''].filter(Boolean).join(': '))
        .filter(Boolean)
        .join('; ');
    }
  } catch {
    /* not JSON: show some of the text */
  }
  const clean = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}...` : clean;
}

/** node:https, and node:tls under it, are loaded only for an https URL: a plain-http loopback server never pays for TLS (issue 17). */
function httpsModule(): typeof https {
  return process.getBuiltinModule('node:https');
}
