import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { VaultError } from '../errors';
import { hostOf, isLoopbackHost } from '../net/credential-transport';
import { parseChallenges, type Challenge } from './challenge';
import type { RegistryCredentials } from './docker-config';
import { isTlsProtocolError, MAX_SMALL_BODY, rawRequest, registryErrorDetail, type RegistryResponse } from './http';
import { ACCEPT_MANIFESTS, manifestProblem } from './manifest-types';
import { apiHost } from './reference';
import { isInsecure, mayCarryCredentials, mayUsePlainHttp, type TransportPolicy } from './transport-policy';

export interface RegistryOptions {
  /** PEM CA bundle to trust instead of the system's. */
  caFile?: string;
  /** `host[:port]` of registries marked insecure (plain http allowed, TLS not verified). */
  insecure?: readonly string[];
  /** null: anonymous. */
  credentials?: RegistryCredentials | null;
  timeoutMs?: number;
  /** Tags asked for per page (`n=`); the registry may send fewer and a Link to the next page. */
  pageSize?: number;
}

/** A manifest as the registry serves it: sha256 of the exact bytes, their length, their type. */
export interface ResolvedManifest {
  digest: string;
  size: number;
  mediaType: string;
}

const MAX_TAG_PAGES = 1000;
const MAX_TAGS = 100_000;
const TAGS_PAGE = 1000;

type Auth = { kind: 'none' } | { kind: 'basic' } | { kind: 'bearer'; challenge: Challenge };

/**
 * A client for the Docker Registry HTTP API v2 / OCI distribution, read side only: resolve a tag to its manifest
 * digest and size, list tags. Authenticates as docker does (anonymous, basic, bearer token challenge). http only
 * for loopback and registries marked insecure; credentials only where transport-policy.ts allows.
 */
export class RegistryClient {
  readonly #host: string;
  readonly #policy: TransportPolicy;
  readonly #ca: Buffer | undefined;
  readonly #creds: RegistryCredentials | null;
  readonly #timeoutMs: number | undefined;
  readonly #pageSize: number;
  #base: URL | null = null;
  #auth: Auth | null = null;
  readonly #tokens = new Map<string, string>();

  constructor(
    readonly registry: string,
    o: RegistryOptions = {},
  ) {
    this.#host = apiHost(registry);
    this.#policy = { insecure: o.insecure ?? [] };
    this.#creds = o.credentials ?? null;
    this.#timeoutMs = o.timeoutMs;
    this.#pageSize = o.pageSize ?? TAGS_PAGE;
    if (o.caFile !== undefined) {
      try {
        this.#ca = readFileSync(o.caFile);
      } catch (e) {
        throw new VaultError('NOT_FOUND', `cannot read the registry CA file ${o.caFile}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!this.#ca.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new VaultError('INVALID_ARGUMENT', `${o.caFile} holds no PEM certificate`);
    }
  }

  /** The user the registry is accessed as, or null when anonymous: all the UI ever shows of the credentials. */
  get signedInAs(): string | null {
    return this.#creds?.user ?? null;
  }

  /** Resolves a tag (or `sha256:` digest) to the manifest's digest and size, from its exact bytes. */
  async resolve(repository: string, reference: string): Promise<ResolvedManifest> {
    const path = `/v2/${repository}/manifests/${encodeURIComponent(reference)}`;
    const r = await this.#get(repository, path, { Accept: ACCEPT_MANIFESTS });
    const where = `${this.registry}/${repository}`;
    if (r.status === 404) throw new VaultError('NOT_FOUND', `the registry ${this.registry} has no ${reference.startsWith('sha256:') ? 'manifest' : 'tag'} ${reference} in ${repository} (${registryErrorDetail(r.body) || 'HTTP 404'})`);
    this.#check(r, `resolving ${where}:${reference}`);
    const digest = `sha256:${createHash('sha256').update(r.body).digest('hex')}`;
    const served = r.headers['docker-content-digest'];
    if (typeof served === 'string' && served !== '' && served !== digest) {
      throw new VaultError('SERVER_MALFORMED', `${where}:${reference}: the registry says the manifest is ${served}, but the bytes it sent hash to ${digest}; nothing is signed from it`);
    }
    if (reference.startsWith('sha256:') && reference !== digest) throw new VaultError('SERVER_MALFORMED', `${where}@${reference}: the registry sent a manifest that hashes to ${digest}`);
    const problem = manifestProblem(r.body, r.headers['content-type']);
    if (problem) throw new VaultError('SERVER_MALFORMED', `${where}:${reference} is ${problem}`);
    const mediaType = (JSON.parse(r.body.toString('utf8')) as { mediaType?: string }).mediaType ?? String(r.headers['content-type'] ?? '').split(';')[0]!.trim();
    return { digest, size: r.body.length, mediaType };
  }

  /** Every tag of the repository, following `Link: <...>; rel="next"` pages on the same registry. */
  async listTags(repository: string): Promise<string[]> {
    const tags: string[] = [];
    let path: string | null = `/v2/${repository}/tags/list?n=${this.#pageSize}`;
    for (let page = 0; path !== null; page++) {
      if (page >= MAX_TAG_PAGES) throw new VaultError('SERVER_MALFORMED', `${this.registry}/${repository}: more than ${MAX_TAG_PAGES} pages of tags`);
      const r = await this.#get(repository, path, { Accept: 'application/json' });
      if (r.status === 404) throw new VaultError('NOT_FOUND', `the registry ${this.registry} has no repository ${repository} (${registryErrorDetail(r.body) || 'HTTP 404'})`);
      this.#check(r, `listing the tags of ${this.registry}/${repository}`);
      let doc: { tags?: unknown };
      try {
        doc = JSON.parse(r.body.toString('utf8')) as { tags?: unknown };
      } catch {
        throw new VaultError('SERVER_MALFORMED', `${this.registry}/${repository}: the tag list is not JSON`);
      }
      if (doc.tags !== null && doc.tags !== undefined && (!Array.isArray(doc.tags) || doc.tags.some((t) => typeof t !== 'string'))) {
        throw new VaultError('SERVER_MALFORMED', `${this.registry}/${repository}: "tags" is not a list of names`);
      }
      tags.push(...((doc.tags as string[] | null | undefined) ?? []));
      if (tags.length > MAX_TAGS) throw new VaultError('SERVER_MALFORMED', `${this.registry}/${repository}: more than ${MAX_TAGS} tags`);
      path = this.#nextPage(r.headers.link);
    }
    return [...new Set(tags)];
  }

  #nextPage(link: string | string[] | undefined): string | null {
    const header = Array.isArray(link) ? link.join(', ') : link;
    if (!header) return null;
    const m = /<([^>]*)>\s*;[^,]*rel="?next"?/.exec(header);
    if (!m) return null;
    const base = this.#base!;
    const next = new URL(m[1]!, base);
    // A page elsewhere would get this registry's token: stay on the same origin.
    if (next.origin !== base.origin) throw new VaultError('SERVER_MALFORMED', `${this.registry}: the next page of tags is on another server (${next.origin})`);
    return `${next.pathname}${next.search}`;
  }

  #check(r: RegistryResponse, doing: string): void {
    if (r.status >= 200 && r.status < 300) return;
    const detail = registryErrorDetail(r.body);
    if (r.status === 401 || r.status === 403) {
      throw new VaultError('UNAUTHORIZED', `${doing}: the registry refused ${this.#creds ? `the credentials of ${this.#creds.user}` : 'anonymous access (no credentials were given)'} (HTTP ${r.status}${detail ? `: ${detail}` : ''})`);
    }
    throw new VaultError('SERVER_ERROR', `${doing}: HTTP ${r.status}${detail ? `: ${detail}` : ''}`);
  }

  async #get(repository: string, path: string, headers: Record<string, string>): Promise<RegistryResponse> {
    const base = await this.#ensureBase();
    const auth = await this.#authHeader(repository);
    return rawRequest({ ...this.#transport(base), method: 'GET', url: new URL(path, base), headers: { ...headers, ...auth } });
  }

  #transport(url: URL) {
    return { ca: this.#ca, skipVerify: url.protocol === 'https:' && isInsecure(this.registry, this.#policy), timeoutMs: this.#timeoutMs };
  }

  /**
   * https, or for loopback and insecure registries http when the registry does not speak TLS (as docker does).
   * A loopback registry is asked over http first: no TLS context (the system's CA store alone costs ~60 ms) for
   * the common local registry; one that answers "HTTP request to an HTTPS server" is then asked over https.
   */
  async #ensureBase(): Promise<URL> {
    if (this.#base) return this.#base;
    const http = new URL(`http://${this.#host}/`);
    const https = new URL(`https://${this.#host}/`);
    const ping = (base: URL) => rawRequest({ ...this.#transport(base), method: 'GET', url: new URL('/v2/', base), headers: {}, maxBytes: MAX_SMALL_BODY });
    let r: RegistryResponse | null = null;
    if (isLoopbackHost(hostOf(this.registry))) {
      const plain = await ping(http);
      if (!(plain.status === 400 && /HTTPS server/i.test(plain.body.toString('utf8')))) {
        this.#base = http;
        r = plain;
      }
    }
    if (!r) {
      try {
        r = await ping(https);
        this.#base = https;
      } catch (e) {
        if (!mayUsePlainHttp(this.registry, this.#policy) || !isTlsProtocolError(e)) throw e;
        r = await ping(http);
        this.#base = http;
      }
    }
    this.#auth = this.#authFrom(r);
    return this.#base!;
  }

  #authFrom(ping: RegistryResponse): Auth {
    if (ping.status >= 200 && ping.status < 300) return { kind: 'none' };
    if (ping.status !== 401) throw new VaultError('SERVER_ERROR', `${this.registry} is not a registry: GET /v2/ answered HTTP ${ping.status}`);
    const challenges = parseChallenges(ping.headers['www-authenticate']);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer) {
      if (!bearer.params.realm) throw new VaultError('SERVER_MALFORMED', `${this.registry}: a Bearer challenge without a realm`);
      return { kind: 'bearer', challenge: bearer };
    }
    if (challenges.some((c) => c.scheme === 'basic')) {
      if (!this.#creds) throw new VaultError('UNAUTHORIZED', `${this.registry} asks for a user name and password, and none were given (--registry-user-env/--registry-password-env, or docker login)`);
      this.#mayCarry(this.#base!, 'the registry');
      return { kind: 'basic' };
    }
    throw new VaultError('UNAUTHORIZED', `${this.registry} answered 401 without a Bearer or Basic challenge`);
  }

  #mayCarry(url: URL, what: string): void {
    if (!mayCarryCredentials(url, this.#policy)) {
      throw new VaultError('TLS_FAILED', `credentials for ${this.registry} are not sent to ${what} over plain http (${url.origin}); use https, or mark the registry insecure with --insecure-registry ${this.registry}`);
    }
  }

  async #authHeader(repository: string): Promise<Record<string, string>> {
    const auth = this.#auth!;
    if (auth.kind === 'none') return {};
    if (auth.kind === 'basic') return { Authorization: `Basic ${basic(this.#creds!)}` };
    let token = this.#tokens.get(repository);
    if (!token) {
      token = await this.#fetchToken(auth.challenge, repository);
      this.#tokens.set(repository, token);
    }
    return { Authorization: `Bearer ${token}` };
  }

  /** The token endpoint: `GET realm?service=...&scope=repository:REPO:pull`, with basic credentials when we have them. */
  async #fetchToken(c: Challenge, repository: string): Promise<string> {
    let realm: URL;
    try {
      realm = new URL(c.params.realm!);
    } catch {
      throw new VaultError('SERVER_MALFORMED', `${this.registry}: the token realm ${JSON.stringify(c.params.realm)} is not a URL`);
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') throw new VaultError('SERVER_MALFORMED', `${this.registry}: the token realm ${realm.href} is not http(s)`);
    if (c.params.service) realm.searchParams.set('service', c.params.service);
    realm.searchParams.set('scope', `repository:${repository}:pull`);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#creds) {
      this.#mayCarry(realm, `its token server`);
      realm.searchParams.set('account', this.#creds.user);
      headers.Authorization = `Basic ${basic(this.#creds)}`;
    }
    const r = await rawRequest({ ...this.#transport(realm), method: 'GET', url: realm, headers, maxBytes: MAX_SMALL_BODY });
    if (r.status === 401 || r.status === 403) {
      throw new VaultError('UNAUTHORIZED', `the token server ${realm.origin} of ${this.registry} refused ${this.#creds ? `the credentials of ${this.#creds.user}` : 'anonymous access (no credentials were given)'} (HTTP ${r.status})`);
    }
    if (r.status < 200 || r.status >= 300) throw new VaultError('SERVER_ERROR', `the token server ${realm.origin} of ${this.registry} answered HTTP ${r.status}`);
    let doc: { token?: unknown; access_token?: unknown };
    try {
      doc = JSON.parse(r.body.toString('utf8')) as typeof doc;
    } catch {
      throw new VaultError('SERVER_MALFORMED', `the token server ${realm.origin} of ${this.registry} answered something that is not JSON`);
    }
    const token = typeof doc.token === 'string' && doc.token ? doc.token : typeof doc.access_token === 'string' ? doc.access_token : '';
    if (!token || /[\r\n]/.test(token)) throw new VaultError('SERVER_MALFORMED', `the token server ${realm.origin} of ${this.registry} sent no token`);
    return token;
  }
}

const basic = (c: RegistryCredentials): string => Buffer.from(`${c.user}:${c.password}`, 'utf8').toString('base64');
