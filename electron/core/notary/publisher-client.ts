import { VaultError } from '../errors';
import { isSafeGun } from '../tuf/gun';
import { type FetchResult, NotaryHttpClient, type ServerOptions } from './http-client';
import { encodeMultipart, isPublishableRole, type PublishFile } from './multipart';
import { publishError } from './publish-error';
import { parseServerKey, type ServerKey } from './server-key';

export type ServerKeyRole = 'timestamp' | 'snapshot';

/**
 * The write side of notary-server's TUF API (NOTARY.md section 6) for one GUN: ping, the server-held timestamp and
 * snapshot keys, metadata fetched by role, checksum or version, publish, delete. Every failure throws a VaultError
 * (a NotaryServerError, see publish-error.ts) whose message says what failed; a missing metadata file is `null`.
 * Nothing here reads or writes the trust dir.
 */
export class NotaryPublisherClient {
  private readonly http: NotaryHttpClient;

  constructor(
    readonly gun: string,
    options: ServerOptions,
  ) {
    if (!isSafeGun(gun)) throw new VaultError('INVALID_ARGUMENT', `not a repository name: ${JSON.stringify(gun)}`);
    this.http = new NotaryHttpClient(options);
  }

  get server(): string {
    return this.http.server;
  }

  /** `GET /v2/`: resolves when the server answers 2xx. */
  async ping(): Promise<void> {
    await this.must('GET', this.http.v2Path(), 'pinging the server');
  }

  /** `GET .../<role>.key`: the server's key for the role, created by the server on first ask. */
  serverKey(role: ServerKeyRole): Promise<ServerKey> {
    return this.key('GET', role, `fetching the ${role} key`);
  }

  /** `POST .../<role>.key`: the server makes a new key for the role and answers with it. */
  rotateServerKey(role: ServerKeyRole): Promise<ServerKey> {
    return this.key('POST', role, `rotating the ${role} key`);
  }

  /** `GET .../<role>.json`: the current file, or null when the server has none. */
  fetchRole(role: string): Promise<Buffer | null> {
    checkRole(role);
    return this.fetch(`${role}.json`, `fetching ${role}.json`);
  }

  /** `GET .../<role>.<sha256 hex>.json`: the file with that checksum, or null. */
  fetchRoleByChecksum(role: string, sha256hex: string): Promise<Buffer | null> {
    checkRole(role);
    if (!/^[0-9a-fA-F]{64}$/.test(sha256hex)) throw new VaultError('INVALID_ARGUMENT', `not a hex SHA-256: ${JSON.stringify(sha256hex)}`);
    const hex = sha256hex.toLowerCase();
    return this.fetch(`${role}.${hex}.json`, `fetching ${role}.json by its checksum ${hex}`);
  }

  /** `GET .../<version>.<role>.json`: that version of the file, or null. */
  fetchRoleVersion(role: string, version: number): Promise<Buffer | null> {
    checkRole(role);
    if (!Number.isSafeInteger(version) || version < 1) throw new VaultError('INVALID_ARGUMENT', `not a metadata version: ${String(version)}`);
    return this.fetch(`${version}.${role}.json`, `fetching version ${version} of ${role}.json`);
  }

  /**
   * `POST .../_trust/tuf/` as multipart/form-data, one part per file (see multipart.ts). The server applies all of
   * them or none, then signs a new timestamp (and snapshot, when it holds that key).
   */
  async publish(files: readonly PublishFile[]): Promise<void> {
    const { contentType, body } = encodeMultipart(files);
    await this.must('POST', this.http.tufPath(this.gun, ''), 'publishing', { body, headers: { 'Content-Type': contentType } }, true);
  }

  /** `DELETE .../_trust/tuf/`: removes all the GUN's trust data from the server. */
  async deleteTrustData(): Promise<void> {
    await this.must('DELETE', this.http.tufPath(this.gun, ''), `deleting the trust data of ${this.gun} from the server`, {}, true);
  }

  private async key(method: 'GET' | 'POST', role: ServerKeyRole, doing: string): Promise<ServerKey> {
    if (role !== 'timestamp' && role !== 'snapshot') throw new VaultError('INVALID_ARGUMENT', `the server holds keys only for timestamp and snapshot, not ${JSON.stringify(role)}`);
    const path = this.http.tufPath(this.gun, `${role}.key`);
    const bytes = await this.must(method, path, doing, {}, method === 'POST');
    const parsed = parseServerKey(bytes);
    if (!parsed.ok) {
      throw publishError({ code: 'MALFORMED', message: `${method} ${path} on ${this.server}: ${parsed.reason}` }, doing);
    }
    return parsed.key;
  }

  private async fetch(name: string, doing: string): Promise<Buffer | null> {
    const path = this.http.tufPath(this.gun, name);
    const r = await this.http.request('GET', path);
    if (r.ok) return r.bytes;
    if (r.notFound) return null;
    throw publishError(r.failure, doing, { request: `GET ${path} on ${this.server}` });
  }

  private async must(method: string, path: string, doing: string, options: { body?: Buffer; headers?: Record<string, string> } = {}, writes = false): Promise<Buffer> {
    const r: FetchResult = await this.http.request(method, path, options);
    if (r.ok) return r.bytes;
    throw publishError(r.failure, doing, { writes, request: `${method} ${path} on ${this.server}` });
  }
}

function checkRole(role: string): void {
  if (typeof role !== 'string' || !isPublishableRole(role)) throw new VaultError('INVALID_ARGUMENT', `not a notary role: ${JSON.stringify(role)}`);
}

export type { PublishFile } from './multipart';
export type { ServerKey, TufPublicKey } from './server-key';
export { NotaryServerError, publishError, publishErrorCode, type PublishErrorCode } from './publish-error';
