import { VaultError } from '../errors';
import type { FetchFailure } from './http-client';

/** Why a request to notary-server failed: each is an error code of its own (shared/error-codes.ts). */
export type PublishErrorCode =
  /** Connection refused, host not found, or the connection broke mid-request. */
  | 'SERVER_OFFLINE'
  /** No complete answer within the timeout. */
  | 'SERVER_TIMEOUT'
  /** TLS verification failed; `tls` says which check: untrusted CA, host name, expired. */
  | 'TLS_FAILED'
  /** 401 or 403. */
  | 'UNAUTHORIZED'
  /** Any other 4xx: the server refused the request, with its own error code and message (INVALID_UPDATE...). */
  | 'SERVER_REJECTED'
  /** 5xx, or a status notary-server does not send (3xx, 1xx). */
  | 'SERVER_ERROR'
  /** A 2xx answer that is not what the API promises (bad JSON, a bad key, too large). */
  | 'SERVER_MALFORMED';

export type TlsCheck = 'untrusted' | 'hostname' | 'expired' | 'not-spoken';

/** One entry of notary-server's `{"errors":[{"code","message","detail"}]}`. */
export interface ServerErrorEntry {
  code: string;
  message: string;
  detail: unknown;
}

export interface PublishErrorInfo {
  status?: number;
  /** The first error code the server gave in its body (`INVALID_UPDATE`, `METADATA_NOT_FOUND`...). */
  serverCode?: string;
  tls?: TlsCheck;
  /** The Node error code for network and TLS failures. */
  cause?: string;
}

/** A failed request to notary-server, as a VaultError whose code is the reason. */
export class NotaryServerError extends VaultError {
  constructor(
    readonly reason: PublishErrorCode,
    message: string,
    readonly info: PublishErrorInfo = {},
  ) {
    super(reason, message);
  }
}

/** The entries of a notary-server error body, or [] when it is not one. */
export function serverErrors(body: Buffer | undefined): ServerErrorEntry[] {
  if (!body || body.length === 0) return [];
  try {
    const doc = JSON.parse(body.toString('utf8')) as { errors?: unknown };
    if (!Array.isArray(doc.errors)) return [];
    return doc.errors
      .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
      .map((e) => ({ code: typeof e.code === 'string' ? e.code : '', message: typeof e.message === 'string' ? e.message : '', detail: e.detail ?? null }))
      .filter((e) => e.code !== '' || e.message !== '');
  } catch {
    return [];
  }
}

/** `CODE: message (detail)` for each entry; the detail only when it says something (not null, {} or ""). */
export function describeServerErrors(entries: readonly ServerErrorEntry[]): string {
  return entries
    .map((e) => {
      const head = [e.code, e.message].filter(Boolean).join(': ');
      const d = e.detail;
      let detail = '';
      if (typeof d === 'string') detail = d;
      else if (typeof d === 'number' || typeof d === 'boolean') detail = String(d);
      else if (typeof d === 'object' && d !== null && Object.keys(d).length > 0) detail = JSON.stringify(d);
      detail = detail.replace(/[^\x20-\x7e]+/g, ' ').trim();
      if (detail.length > 300) detail = `${detail.slice(0, 300)}...`;
      return detail ? `${head} (${detail})` : head;
    })
    .join('; ');
}

/** Node error codes that mean no connection was ever made: nothing reached the server. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** The proposed code for a failure of the underlying client (see PublishErrorCode). */
export function publishErrorCode(failure: FetchFailure): PublishErrorCode {
  switch (failure.code) {
    case 'SERVER_OFFLINE':
      return 'SERVER_OFFLINE';
    case 'SERVER_TIMEOUT':
      return 'SERVER_TIMEOUT';
    case 'TLS_UNTRUSTED':
    case 'TLS_HOSTNAME':
    case 'TLS_EXPIRED':
    case 'TLS_NOT_SPOKEN':
      return 'TLS_FAILED';
    case 'UNAUTHORIZED':
      return 'UNAUTHORIZED';
    case 'MALFORMED':
      return 'SERVER_MALFORMED';
    case 'SERVER_ERROR': {
      const s = failure.status ?? 0;
      if (s === 403) return 'UNAUTHORIZED';
      if (s >= 400 && s < 500) return 'SERVER_REJECTED';
      return 'SERVER_ERROR';
    }
  }
}

/**
 * What the vault reports when a request to notary-server fails. `doing` says what was under way, as in "while
 * publishing" (`publishing`, `rotating the timestamp key`, ...); `writes` is true for requests that change the
 * server (publish, rotate, delete); `request` names it (`POST /v2/... on https://host`) for HTTP errors. Nothing in the trust dir is touched by this client, so every message that can
 * leave the user wondering says that nothing was changed locally.
 */
export function publishError(failure: FetchFailure, doing: string, options: { writes?: boolean; request?: string } = {}): NotaryServerError {
  const writes = options.writes ?? false;
  const reason = publishErrorCode(failure);
  const entries = serverErrors(failure.body);
  const info: PublishErrorInfo = {
    ...(failure.status !== undefined ? { status: failure.status } : {}),
    ...(entries[0]?.code ? { serverCode: entries[0].code } : {}),
    ...(failure.cause !== undefined ? { cause: failure.cause } : {}),
  };
  const where = `(${failure.message})`;
  switch (reason) {
    case 'SERVER_OFFLINE': {
      if (failure.cause !== undefined && NEVER_CONNECTED.has(failure.cause)) {
        return new NotaryServerError(reason, `the notary server is offline: could not connect while ${doing} (${failure.cause}); nothing was sent and nothing was changed locally ${where}`, info);
      }
      const unsure = writes ? '; the server may or may not have applied the change, so check it before retrying' : '';
      return new NotaryServerError(reason, `the server went away while ${doing}; nothing was changed locally${unsure} ${where}`, info);
    }
    case 'SERVER_TIMEOUT': {
      const unsure = writes ? '; the server may or may not have applied the change' : '';
      return new NotaryServerError(reason, `the notary server did not answer in time while ${doing}; nothing was changed locally${unsure} ${where}`, info);
    }
    case 'TLS_FAILED': {
      const tls: TlsCheck = failure.code === 'TLS_HOSTNAME' ? 'hostname' : failure.code === 'TLS_EXPIRED' ? 'expired' : failure.code === 'TLS_NOT_SPOKEN' ? 'not-spoken' : 'untrusted';
      const what = {
        untrusted: 'the server\'s certificate is not signed by a trusted CA (x509: certificate signed by unknown authority)',
        'not-spoken': 'the server does not speak TLS (it answered in plain HTTP)',
        hostname: 'the server\'s certificate is not valid for this host name or address',
        expired: 'the server\'s certificate has expired or is not yet valid',
      }[tls];
      return new NotaryServerError(reason, `TLS verification failed while ${doing}: ${what}; nothing was sent ${where}`, { ...info, tls });
    }
    case 'UNAUTHORIZED': {
      const status = failure.status === 403 ? '403 forbidden' : '401 unauthorized';
      const said = entries.length ? `: ${describeServerErrors(entries)}` : '';
      return new NotaryServerError(reason, `the notary server refused access while ${doing} (${status})${said} ${where}`, info);
    }
    case 'SERVER_REJECTED':
    case 'SERVER_ERROR': {
      const verb = reason === 'SERVER_REJECTED' ? 'rejected the request' : 'failed';
      if (!entries.length) return new NotaryServerError(reason, `the notary server ${verb} while ${doing} ${where}`, info);
      const on = `HTTP ${failure.status ?? '?'}${options.request ? `, ${options.request}` : ''}`;
      return new NotaryServerError(reason, `the notary server ${verb} while ${doing}: ${describeServerErrors(entries)} (${on})`, info);
    }
    case 'SERVER_MALFORMED':
      return new NotaryServerError(reason, `the notary server's answer while ${doing} is malformed ${where}`, info);
  }
}
