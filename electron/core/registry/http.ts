import * as http from 'node:http';
import type * as https from 'node:https';
import { isIP } from 'node:net';
import { VaultError } from '../errors';
import { failedOnStaleConnection, pooledAgent } from '../net/pooled-agent';

/** A manifest or tag list larger than this is not one: distribution itself caps manifests at 4 MiB. */
export const MAX_REGISTRY_BODY = 4 * 1024 * 1024;
/** Error bodies and token answers are read only this far. */
export const MAX_SMALL_BODY = 64 * 1024;
export const REGISTRY_TIMEOUT_MS = 30_000;

export interface RegistryResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequest {
  method: 'GET' | 'HEAD';
  url: URL;
  headers: Record<string, string>;
  /** PEM CA bundle instead of the system's. */
  ca?: Buffer;
  /** TLS certificates are not verified (a registry marked insecure, as docker does). */
  skipVerify?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
}

const TLS_CODES = /^(UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|CERT_|ERR_TLS_|ERR_SSL_|EPROTO$)/;

/** True when the failure says the other end does not speak TLS (a plain-http registry asked over https). */
export const isTlsProtocolError = (e: unknown): boolean => e instanceof RegistryNetworkError && /^(ERR_SSL_|EPROTO$)/.test(e.nodeCode ?? '');

export class RegistryNetworkError extends VaultError {
  constructor(
    code: 'SERVER_OFFLINE' | 'SERVER_TIMEOUT' | 'TLS_FAILED' | 'SERVER_MALFORMED',
    message: string,
    readonly nodeCode?: string,
  ) {
    super(code, message);
  }
}

/**
 * One request, no redirects followed, the body read up to a limit (a larger one is an error, not a truncation).
 * Network and TLS failures throw a RegistryNetworkError that names the registry; any HTTP status is returned.
 */
export function rawRequest(r: RawRequest, pooled = true): Promise<RegistryResponse> {
  const isHttps = r.url.protocol === 'https:';
  const host = r.url.hostname.replace(/^\[|\]$/g, '');
  const limit = r.maxBytes ?? MAX_REGISTRY_BODY;
  const timeoutMs = r.timeoutMs ?? REGISTRY_TIMEOUT_MS;
  const what = `${r.method} ${r.url.origin}${r.url.pathname}`;
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      f();
    };
    const opts: https.RequestOptions = {
      method: r.method,
      hostname: host,
      port: r.url.port || (isHttps ? 443 : 80),
      path: `${r.url.pathname}${r.url.search}`,
      headers: { 'User-Agent': 'trust-vault', ...r.headers },
      // GET and HEAD only: kept connections (pooled-agent.ts), a stale one retried once on a new connection.
      agent: pooled ? pooledAgent(isHttps) : false,
    };
    if (isHttps) {
      if (r.ca) opts.ca = r.ca;
      if (isIP(host) === 0) opts.servername = host;
      opts.rejectUnauthorized = r.skipVerify !== true;
    }
    let answered = false;
    const req = (isHttps ? httpsModule() : http).request(opts, (res) => {
      answered = true;
      const status = res.statusCode ?? 0;
      const cap = status >= 200 && status < 300 ? limit : MAX_SMALL_BODY;
      const declared = Number(res.headers['content-length']);
      if (status < 300 && r.method === 'GET' && Number.isFinite(declared) && declared > cap) {
        return done(() => reject(new RegistryNetworkError('SERVER_MALFORMED', `${what}: the registry announces ${declared} bytes, more than the ${cap}-byte limit`)));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > cap) {
          if (status < 300) return done(() => reject(new RegistryNetworkError('SERVER_MALFORMED', `${what}: the answer is larger than the ${cap}-byte limit`)));
          return done(() => resolve({ status, headers: res.headers, body: Buffer.concat(chunks) }));
        }
        chunks.push(c);
      });
      res.on('end', () => done(() => resolve({ status, headers: res.headers, body: Buffer.concat(chunks) })));
      res.on('error', (e) => done(() => reject(new RegistryNetworkError('SERVER_OFFLINE', `${what}: the connection broke while reading the answer (${e.message})`))));
    });
    req.on('error', (e) => {
      if (pooled && !settled && failedOnStaleConnection(req, e as NodeJS.ErrnoException, answered)) {
        settled = true;
        clearTimeout(timer);
        return void rawRequest(r, false).then(resolve, reject);
      }
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (TLS_CODES.test(code)) {
        const hint = /^(ERR_SSL_|EPROTO$)/.test(code) ? 'is it speaking TLS?' : r.ca ? 'not signed by the CA given with --registry-ca' : 'pass the registry\'s CA with --registry-ca';
        return done(() => reject(new RegistryNetworkError('TLS_FAILED', `${what}: TLS failed (${code}: ${e.message}); ${hint}`, code)));
      }
      done(() => reject(new RegistryNetworkError('SERVER_OFFLINE', `${what}: the registry cannot be reached (${code || e.message})`, code)));
    });
    const timer = setTimeout(() => done(() => reject(new RegistryNetworkError('SERVER_TIMEOUT', `${what}: no complete answer within ${timeoutMs} ms`))), timeoutMs);
    req.end();
  });
}

/** The registry's `{"errors":[{"code","message"}]}` as `CODE: message`, else the start of the body. */
export function registryErrorDetail(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const doc = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
    if (Array.isArray(doc.errors)) {
      return doc.errors.map((e) => [e?.code, e?.message].filter((x) => typeof x === 'string').join(': ')).filter(Boolean).join('; ');
    }
  } catch {
    /* not JSON */
  }
  const clean = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}...` : clean;
}

/** node:https, and node:tls under it, are loaded only for an https URL: a plain-http loopback server never pays for TLS (issue 17). */
function httpsModule(): typeof https {
  return process.getBuiltinModule('node:https');
}
