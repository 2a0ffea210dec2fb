import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RepoStatus } from '../../../shared/dto/status';
import { VaultError } from '../errors';
import { type FetchResult, NotaryHttpClient, type ServerOptions } from '../notary/http-client';
import { verifyRepo } from './cache-status';
import { metaEntry } from './file-meta';
import { isSafeGun } from './gun';
import { StatusReport } from './report';
import { checkRole } from './role-check';
import { type LoadResult, loadSignedFile, parseSignedFile, type SignedFile } from './signed-file';
import { readTufKey } from './tuf-key';

export interface ServerStatusOptions extends ServerOptions {
  now?: Date;
}

/** More delegation files than this in one snapshot is not a repository notary would handle either. */
const MAX_DELEGATIONS = 1000;
/** Fetches in flight at once for delegation files. */
const PARALLEL = 8;
/** Files fetched by name together with timestamp.json (see fetchAndVerify). */
const AHEAD = ['snapshot', 'targets', 'root'] as const;
/** Root versions walked between the pinned root and the server's; a longer chain is refused. */
const MAX_ROOT_CHAIN = 100;

class Abort extends Error {}

const sha256Hex = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A file fetched by checksum: the bytes this process already held, or the server's answer for `role`. */
type Fetched = { held: Buffer } | { role: string; r: FetchResult };

/**
 * The trust status of one repository as a notary server serves it, fetched the way the notary client does:
 * timestamp.json, then the snapshot by the checksum the timestamp lists (snapshot.json when the server has no
 * checksummed copy), then targets and every delegation by the snapshot's checksums, then root. Everything is
 * verified against the root pinned in the trust dir (`<trust>/tuf/<gun>/metadata/root.json`):
 *
 * - the server's root equal to the pinned one: used as is;
 * - a different root: it must be reachable from the pinned root by a rotation chain (`<version>.root.json` for
 *   every version in between, where the server has them), each step signed by the previous root's keys and its
 *   own, each to threshold; else ROOT_NOT_TRUSTED;
 * - no pinned root: the server's root is trusted on first use, as notary does, and the status carries FIRST_USE
 *   (a warning: the verdict is at best `warning`, since nothing the user already trusted vouches for it).
 *
 * Never writes anything: the cache stays exactly as it was. Network, TLS and HTTP failures become problems
 * (SERVER_OFFLINE, SERVER_TIMEOUT, TLS_*, UNAUTHORIZED, SERVER_ERROR, MALFORMED), never exceptions. Throws only for
 * bad arguments (GUN, URL, unreadable CA file).
 */
export async function statusOfServer(trustDir: string, gun: string, options: ServerStatusOptions): Promise<RepoStatus> {
  return (await fetchServerRepo(trustDir, gun, options)).status;
}

/** A repository as fetched for its status: the status, and the exact bytes it was computed from. */
export interface FetchedRepo {
  status: RepoStatus;
  /** Every file fetched, by role (root is the server's root.json), exactly as served. */
  files: Map<string, Buffer>;
  /** True when the server answered 404 for timestamp.json: it has no trust data for the GUN. */
  missing: boolean;
}

export interface FetchRepoOptions extends ServerStatusOptions {
  /**
   * Files this process already holds, by the hex SHA-256 of their bytes: a `<role>.<sha256>.json` with one of these
   * checksums is taken from here instead of fetched (it is content-addressed, so the bytes are the same), e.g. what
   * was just published, when the repository is read back after a publish.
   */
  known?: ReadonlyMap<string, Buffer>;
}

/**
 * statusOfServer, keeping the bytes: a publisher builds on exactly the files that were verified, without fetching
 * them a second time.
 */
export async function fetchServerRepo(trustDir: string, gun: string, options: FetchRepoOptions): Promise<FetchedRepo> {
  if (!isSafeGun(gun)) throw new VaultError('INVALID_ARGUMENT', `not a repository name: ${JSON.stringify(gun)}`);
  const client = new NotaryHttpClient(options);
  const report = new StatusReport(gun, options.now ?? new Date());
  const fetched = new Map<string, Buffer>();
  let missing = false;
  try {
    missing = await fetchAndVerify(report, client, trustDir, gun, fetched, options.known);
  } catch (e) {
    if (!(e instanceof Abort)) report.problem('MALFORMED', '', `verification stopped: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { status: report.result(), files: fetched, missing };
}

/** Fills `fetched` and the report; true when the server has no timestamp.json (no trust data for the GUN). */
async function fetchAndVerify(
  report: StatusReport,
  client: NotaryHttpClient,
  trustDir: string,
  gun: string,
  fetched: Map<string, Buffer>,
  known: ReadonlyMap<string, Buffer> | undefined,
): Promise<boolean> {

  /** A fetch that must not fail for the network's sake: any failure but 404 ends the status here. */
  const must = async (role: string, name: string): Promise<FetchResult> => settle(role, await client.getTuf(gun, name));
  /** The same check on a result fetched earlier: called in a fixed order, so the report names the first failure. */
  const settle = (role: string, r: FetchResult): FetchResult => {
    if (!r.ok && !r.notFound) {
      report.problem(r.failure.code, role, r.failure.message);
      throw new Abort();
    }
    return r;
  };
  /**
   * `<role>.<sha256 hex>.json` when the parent lists a checksum, falling back to `<role>.json` on 404. Never
   * rejects and reports nothing: what it found goes through `settle` (in `take`) in a fixed order.
   */
  const byChecksum = async (role: string, parentMeta: unknown): Promise<Fetched> => {
    const meta = metaEntry(parentMeta, role);
    const sha = typeof meta?.hashes.sha256 === 'string' ? Buffer.from(meta.hashes.sha256, 'base64').toString('hex') : '';
    const early = ahead.get(role);
    if (/^[0-9a-f]{64}$/.test(sha)) {
      const held = known?.get(sha);
      if (held) return { held };
      // The file fetched ahead by name is the one listed when its checksum says so; else (a publish in between) it
      // is asked for by checksum as usual.
      const got = await early;
      if (got?.ok && sha256Hex(got.bytes) === sha) return { held: got.bytes };
      const r = await client.getTuf(gun, `${role}.${sha}.json`);
      if (r.ok || !r.notFound) return { role, r };
      // No checksummed copy on this server: the plain name again, since the one fetched ahead is not the listed one.
      return { role, r: await client.getTuf(gun, `${role}.json`) };
    }
    return { role, r: (await early) ?? (await client.getTuf(gun, `${role}.json`)) };
  };
  const take = (f: Fetched): Buffer | null => {
    if ('held' in f) return f.held;
    const r = settle(f.role, f.r);
    return r.ok ? r.bytes : null;
  };
  const parsedMeta = (role: string): unknown => {
    const b = fetched.get(role);
    if (!b) return null;
    const p = parseSignedFile(b);
    return p.ok ? (p.file.signed.meta ?? null) : null;
  };

  // Ahead of the chain timestamp -> snapshot -> targets and root: the current files by name, asked for together with
  // the timestamp, so a distant server costs one round trip instead of three. Nothing is trusted for being fetched
  // this way: each is used only when its checksum is the one its signed parent lists (and verified as always).
  // Not when reading back after a publish: this process holds those files already (`known`).
  const ahead = new Map<string, Promise<FetchResult>>(known ? [] : AHEAD.map((role) => [role, client.getTuf(gun, `${role}.json`)] as const));
  const ts = await must('timestamp', 'timestamp.json');
  if (!ts.ok) {
    report.problem('SERVER_ERROR', 'timestamp', `${ts.failure.message} (the server has no trust data for ${gun})`);
    return true;
  }
  fetched.set('timestamp', ts.bytes);
  const snapshot = take(await byChecksum('snapshot', parsedMeta('timestamp')));
  if (snapshot) fetched.set('snapshot', snapshot);
  const snapshotMeta = parsedMeta('snapshot');

  // Targets, root and every delegation are all named by the snapshot: asked for at once (one round trip, not
  // three or more, which is what a user on a distant server waits for), then taken in a fixed order.
  const rootAndTargets = Promise.all([byChecksum('targets', snapshotMeta), byChecksum('root', snapshotMeta)]);
  // Awaited below, after the delegations: a throw in the meantime must wait there, not end the process unhandled.
  rootAndTargets.catch(() => undefined);
  // Every delegation the snapshot lists; names are checked before they go into a URL.
  const delegations = Object.keys(typeof snapshotMeta === 'object' && snapshotMeta !== null ? snapshotMeta : {})
    .filter((n) => n.startsWith('targets/') && !n.split('/').some((s) => s === '' || s === '.' || s === '..'))
    .slice(0, MAX_DELEGATIONS);
  const delegationFiles: Fetched[] = [];
  for (let i = 0; i < delegations.length; i += PARALLEL) {
    const batch = await Promise.all(delegations.slice(i, i + PARALLEL).map((d) => byChecksum(d, snapshotMeta)));
    delegationFiles.push(...batch);
    // A server that failed once is not asked for the hundreds of files that may follow: the report ends there.
    if (batch.some((f) => 'r' in f && !f.r.ok && !f.r.notFound)) break;
  }
  const [targetsFile, rootFile] = await rootAndTargets;
  const targets = take(targetsFile);
  if (targets) fetched.set('targets', targets);
  delegationFiles.forEach((f, j) => {
    const b = take(f);
    if (b) fetched.set(delegations[j]!, b);
  });

  const serverRootBytes = take(rootFile);
  if (serverRootBytes) fetched.set('root', serverRootBytes);
  const root = await chooseRoot(report, gun, trustDir, serverRootBytes, (name) => client.getTuf(gun, name), settle);
  if (!root) return false;

  const source = (role: string): LoadResult => {
    const b = fetched.get(role);
    return b ? parseSignedFile(b) : { ok: false, missing: true, reason: 'not on the server' };
  };
  verifyRepo(report, source, root);
  checkRollback(report, trustDir, gun);
  return false;
}

/**
 * notary loads fetched metadata with the cached version as the minimum (source: tuf/signed ErrLowVersion, "version
 * N is lower than current version M"): a server serving older metadata than the trust dir holds is a rollback.
 */
function checkRollback(report: StatusReport, trustDir: string, gun: string): void {
  const dir = join(trustDir, 'tuf', gun, 'metadata');
  for (const r of [...report.roles]) {
    if (r.version === null || r.role === 'root') continue;
    const cached = loadSignedFile(join(dir, `${r.role}.json`));
    if (!cached.ok) continue;
    const v = cached.file.signed.version;
    if (Number.isSafeInteger(v) && (v as number) > r.version)
      report.problem('LOW_VERSION', r.role, `${r.role}: version ${r.version} is lower than current version ${v as number}`);
  }
}

/**
 * The root to verify with: the pinned one, or the server's when it is the pinned one, a rotation of it, or the
 * first one seen. Returns null (with ROOT_NOT_TRUSTED) when the server's root cannot be trusted.
 */
async function chooseRoot(
  report: StatusReport,
  gun: string,
  trustDir: string,
  serverBytes: Buffer | null,
  fetch: (name: string) => Promise<FetchResult>,
  settle: (role: string, r: FetchResult) => FetchResult,
): Promise<SignedFile | null> {
  const pinnedPath = join(trustDir, 'tuf', gun, 'metadata', 'root.json');
  const pinned = loadSignedFile(pinnedPath);
  const server = serverBytes ? parseSignedFile(serverBytes) : null;

  if (!pinned.ok && !pinned.missing) {
    report.problem('MALFORMED', 'root', `the pinned ${pinnedPath}: ${pinned.reason}`);
    report.problem('ROOT_NOT_TRUSTED', 'root', 'the pinned root is unreadable; only forgetting this repository\'s trust data gets past it');
    return null;
  }
  if (server && !server.ok) {
    report.problem('MALFORMED', 'root', `root.json from the server: ${server.reason}`);
    report.problem('ROOT_NOT_TRUSTED', 'root');
    return null;
  }
  if (!pinned.ok) {
    if (!server) {
      report.problem('MISSING_ROLE', 'root', 'the server has no root.json and none is pinned in the trust dir');
      report.problem('ROOT_NOT_TRUSTED', 'root');
      return null;
    }
    report.problem('FIRST_USE', 'root', `nothing pinned at ${pinnedPath}; compare the root key ID with the publisher's before relying on it`);
    return server.file;
  }
  // The server did not serve a root: verify with the pinned one, as notary does from its cache.
  if (!server || server.file.bytes.equals(pinned.file.bytes)) return pinned.file;

  const version = (f: SignedFile) => (Number.isSafeInteger(f.signed.version) ? (f.signed.version as number) : 0);
  const from = version(pinned.file);
  const to = version(server.file);
  if (to < from) {
    report.problem('ROOT_NOT_TRUSTED', 'root', `the server's root is version ${to}, older than the pinned version ${from}`);
    return null;
  }
  if (to - from > MAX_ROOT_CHAIN) {
    report.problem('ROOT_NOT_TRUSTED', 'root', `the server's root is ${to - from} versions past the pinned one; more than ${MAX_ROOT_CHAIN} is not followed`);
    return null;
  }
  // The chain: every intermediate `<v>.root.json` the server has, then the server's current root.
  const chain: SignedFile[] = [];
  const versions = Array.from({ length: Math.max(0, to - from - 1) }, (_, i) => from + 1 + i);
  const answers: FetchResult[] = [];
  // Asked for PARALLEL at a time (a trust dir many rotations behind waits for a few round trips, not one a version).
  for (let i = 0; i < versions.length; i += PARALLEL) {
    const batch = await Promise.all(versions.slice(i, i + PARALLEL).map((v) => fetch(`${v}.root.json`)));
    answers.push(...batch);
    if (batch.some((r) => !r.ok && !r.notFound)) break;
  }
  for (const [i, r0] of answers.entries()) {
    const v = versions[i]!;
    const r = settle('root', r0);
    if (!r.ok) continue;
    const p = parseSignedFile(r.bytes);
    if (!p.ok) {
      report.problem('MALFORMED', 'root', `${v}.root.json from the server: ${p.reason}`);
      report.problem('ROOT_NOT_TRUSTED', 'root');
      return null;
    }
    chain.push(p.file);
  }
  chain.push(server.file);
  let prev = pinned.file;
  for (const next of chain) {
    const why = rotationProblem(prev, next);
    if (why) {
      report.problem('ROOT_NOT_TRUSTED', 'root', `the server's root (version ${to}) differs from the pinned one (version ${from}): ${why}`);
      return null;
    }
    prev = next;
  }
  return server.file;
}

/** A new root is trusted when signed to threshold by the previous root's root keys and by its own. */
function rotationProblem(prev: SignedFile, next: SignedFile): string | null {
  const v = (f: SignedFile) => String(f.signed.version);
  for (const [by, label] of [
    [prev, `the previous root (version ${v(prev)})`],
    [next, 'its own root keys'],
  ] as const) {
    const spec = rootSpec(by);
    if (!spec) return `root version ${v(by)} lacks keys or a root role`;
    const check = checkRole(next, spec);
    if (!check.met) return `version ${v(next)} is not signed by ${label} (${check.validKeys} of ${Math.max(1, spec.threshold)} valid signatures)`;
  }
  return null;
}

function rootSpec(file: SignedFile) {
  const s = file.signed as { keys?: unknown; roles?: unknown };
  if (typeof s.keys !== 'object' || s.keys === null || typeof s.roles !== 'object' || s.roles === null) return null;
  const r = (s.roles as Record<string, { keyids?: unknown; threshold?: unknown }>).root;
  if (!r) return null;
  const keys = new Map(Object.entries(s.keys as Record<string, unknown>).map(([id, k]) => [id, readTufKey(k)] as const));
  const keyids = Array.isArray(r.keyids) ? r.keyids.filter((k): k is string => typeof k === 'string') : [];
  const threshold = Number.isSafeInteger(r.threshold) ? (r.threshold as number) : 1;
  return { role: 'root', keyids, threshold, keys };
}
