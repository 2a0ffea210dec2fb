import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RepoStatus, StatusProblem } from '../../../shared/dto/status';
import type { ErrorCode } from '../../../shared/error-codes';
import { VaultError } from '../errors';
import type { ServerOptions } from '../notary/http-client';
import { fetchServerRepo } from '../tuf/remote-status';
import { loadSignedFile, parseSignedFile, type SignedFile } from '../tuf/signed-file';
import type { RootSigned, SnapshotSigned, TargetsSigned, TimestampSigned } from './metadata/roles';

/** One metadata file as the server serves it: the parsed `signed` part and the exact bytes. */
export interface RoleFile<T> {
  signed: T;
  bytes: Buffer;
}

/** A repository as the server has it now, verified against the trust dir's pinned root (or trusted on first use). */
export interface RepoState {
  gun: string;
  root: RoleFile<RootSigned>;
  targets: RoleFile<TargetsSigned>;
  /** The snapshot the server serves (signed by a local key or by the server). */
  snapshot: RoleFile<SnapshotSigned>;
  timestamp: RoleFile<TimestampSigned>;
  /** Every delegation file the snapshot lists, by role name (`targets/releases`, ...). */
  delegations: Map<string, RoleFile<TargetsSigned>>;
  /** True when nothing was pinned in the trust dir, so the server's root was taken on first use. */
  firstUse: boolean;
}

export const metadataDir = (trustDir: string, gun: string): string => join(trustDir, 'tuf', gun, 'metadata');

/** Problems that come from reaching the server, mapped to the error codes a publish failure uses. */
const NETWORK_CODES: Partial<Record<StatusProblem['code'], ErrorCode>> = {
  SERVER_OFFLINE: 'SERVER_OFFLINE',
  SERVER_TIMEOUT: 'SERVER_TIMEOUT',
  TLS_UNTRUSTED: 'TLS_FAILED',
  TLS_HOSTNAME: 'TLS_FAILED',
  TLS_EXPIRED: 'TLS_FAILED',
  TLS_NOT_SPOKEN: 'TLS_FAILED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  SERVER_ERROR: 'SERVER_ERROR',
};

/** Problems that do not stop us building on a repository: warnings, and an expiry a re-sign is about to fix. */
const TOLERATED = new Set<StatusProblem['code']>(['FIRST_USE', 'EXPIRING_SOON', 'DELEGATION_OUTSIDE_PATHS']);

function refuse(gun: string, status: RepoStatus, what: string): never {
  const blocking = status.problems.filter((p) => !TOLERATED.has(p.code));
  const network = blocking.map((p) => NETWORK_CODES[p.code]).find((c) => c !== undefined);
  const why = blocking.map((p) => `${p.code}${p.role ? ` [${p.role}]` : ''}: ${p.message}`).join('; ');
  throw new VaultError(network ?? 'INVALID_ARGUMENT', `refusing to change ${gun}: ${what} does not verify, so nothing was sent and nothing changed locally (${why})`);
}

/**
 * Fetches the repository the way the notary client does and verifies it with our verifier (fetchServerRepo: the
 * server's root checked against the pinned one, walking a rotation chain), keeping the exact bytes that were
 * verified, so what we build on is what was verified. Throws NOT_FOUND when the server has no trust data for the
 * GUN, and refuses (with every problem listed) a repository that does not verify: publishing on top of it would
 * either fail for every client or hide an attack. `known` are files this process holds by SHA-256 (just published):
 * see FetchRepoOptions.
 */
export async function loadRepoState(
  trustDir: string,
  gun: string,
  server: ServerOptions,
  now = new Date(),
  known?: ReadonlyMap<string, Buffer>,
): Promise<RepoState> {
  const fetched = await fetchServerRepo(trustDir, gun, { ...server, now, known });
  if (fetched.missing) throw new VaultError('NOT_FOUND', `the server ${server.server} has no trust data for ${gun}`);
  if (fetched.status.verdict === 'broken') refuse(gun, fetched.status, 'the repository on the server');
  const files = fetched.files;
  const pinned = loadSignedFile(join(metadataDir(trustDir, gun), 'root.json'));
  const snapshotMeta = (signedOf(files.get('snapshot'))?.meta ?? {}) as Record<string, unknown>;
  const delegationNames = Object.keys(snapshotMeta).filter((n) => n.startsWith('targets/'));

  const role = <T>(name: string): RoleFile<T> => {
    const f = parsed(files, name);
    if (!f) throw new VaultError('SERVER_MALFORMED', `the server serves no ${name}.json for ${gun}`);
    return { signed: f.signed as unknown as T, bytes: f.bytes };
  };
  return {
    gun,
    root: role<RootSigned>('root'),
    targets: role<TargetsSigned>('targets'),
    snapshot: role<SnapshotSigned>('snapshot'),
    timestamp: role<TimestampSigned>('timestamp'),
    delegations: new Map(delegationNames.filter((n) => files.has(n)).map((n) => [n, role<TargetsSigned>(n)])),
    firstUse: !pinned.ok,
  };
}

/** Files by the hex SHA-256 of their bytes, for loadRepoState's `known`. */
export function byChecksum(files: Iterable<Buffer>): Map<string, Buffer> {
  return new Map([...files].map((b) => [createHash('sha256').update(b).digest('hex'), b] as const));
}

function parsed(files: Map<string, Buffer>, role: string): SignedFile | null {
  const b = files.get(role);
  if (!b) return null;
  const p = parseSignedFile(b);
  return p.ok ? p.file : null;
}

function signedOf(b: Buffer | undefined): Record<string, unknown> | null {
  if (!b) return null;
  const p = parseSignedFile(b);
  return p.ok ? p.file.signed : null;
}

/** Every metadata file of a state, by role, as the notary client caches them after a `notary list`. */
export function stateFiles(s: RepoState): Map<string, Buffer> {
  const m = new Map<string, Buffer>([
    ['root', s.root.bytes],
    ['targets', s.targets.bytes],
    ['snapshot', s.snapshot.bytes],
    ['timestamp', s.timestamp.bytes],
  ]);
  for (const [name, f] of s.delegations) m.set(name, f.bytes);
  return m;
}
