import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoStatus } from '../../../shared/dto/status';
import { VaultError } from '../errors';
import { checkFileMeta, metaEntry } from './file-meta';
import { StatusReport } from './report';
import { checkRole, type RoleSpec } from './role-check';
import { type LoadResult, loadSignedFile, type SignedFile } from './signed-file';
import { readTufKey, type TufKey } from './tuf-key';
import { walkTargets } from './targets-walk';
import { isSafeGun } from './gun';
import { withIncompleteVerdict } from './incomplete';

export interface StatusOptions {
  /** The clock expiry is judged against; injectable so tests can age metadata. */
  now?: Date;
}

/**
 * The trust status of one repository from notary's local cache `<trust>/tuf/<gun>/metadata`, verified in the
 * order the notary client does: root (self-signed, certificates checked), timestamp, snapshot by the timestamp's
 * checksum, targets and delegations by the snapshot's. Reads only. Throws only when there is no cache for the GUN.
 */
export function statusOfCache(trustDir: string, gun: string, options: StatusOptions = {}): RepoStatus {
  if (!isSafeGun(gun)) throw new VaultError('INVALID_ARGUMENT', `not a repository name: ${JSON.stringify(gun)}`);
  const dir = join(trustDir, 'tuf', gun, 'metadata');
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new VaultError('NOT_FOUND', `no trust data cached for ${gun} in ${dir}`);
  const report = new StatusReport(gun, options.now ?? new Date());
  verifyRepo(report, (role) => loadSignedFile(join(dir, `${role}.json`)));
  return withIncompleteVerdict(report.result());
}

/** Where the verifier reads role files from: `source(role)` loads `<role>.json` (e.g. `targets/releases`). */
export type MetadataSource = (role: string) => LoadResult;

/**
 * Verifies a repository's metadata from any source into `report`; never throws. `rootFile`, when given, is the
 * root to verify against (already chosen by the caller, e.g. a rotated root checked against the pinned one);
 * otherwise root.json is read from the source.
 */
export function verifyRepo(report: StatusReport, source: MetadataSource, rootFile?: SignedFile): void {
  try {
    verify(report, source, rootFile);
  } catch (e) {
    // Every expected failure is a problem already; this is the backstop that keeps a bad cache from crashing a
    // listing of many repositories. The verdict is then broken, never trusted.
    report.problem('MALFORMED', '', `verification stopped: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function load(report: StatusReport, source: MetadataSource, role: string): SignedFile | null {
  const r = source(role);
  if (r.ok) return r.file;
  report.problem(r.missing ? 'MISSING_ROLE' : 'MALFORMED', role, `${role}.json: ${r.reason}`);
  return null;
}

function verify(report: StatusReport, source: MetadataSource, givenRoot?: SignedFile): void {
  const rootFile = givenRoot ?? load(report, source, 'root');
  if (!rootFile) return report.problem('ROOT_NOT_TRUSTED', 'root');
  const root = rootFile.signed as { keys?: unknown; roles?: unknown };
  if (typeof root.keys !== 'object' || root.keys === null || typeof root.roles !== 'object' || root.roles === null) {
    report.problem('MALFORMED', 'root', 'root.json lacks keys or roles');
    return report.problem('ROOT_NOT_TRUSTED', 'root');
  }
  const keys = new Map(Object.entries(root.keys as Record<string, unknown>).map(([id, k]) => [id, readTufKey(k)] as const));
  const spec = (role: string): RoleSpec => {
    const r = (root.roles as Record<string, { keyids?: unknown; threshold?: unknown }>)[role];
    const keyids = Array.isArray(r?.keyids) ? r.keyids.filter((k): k is string => typeof k === 'string') : [];
    const threshold = Number.isSafeInteger(r?.threshold) ? (r!.threshold as number) : 1;
    return { role, keyids, threshold, keys };
  };

  const rootSpec = { ...spec('root'), rejectKey: (k: TufKey) => rootCertProblem(k, report.gun, report.now) };
  const rootCheck = checkRole(rootFile, rootSpec);
  if (!report.role('root', 'Root', rootFile, rootSpec.threshold, rootCheck)) {
    // notary's words for a cached root that does not verify: fatal, even online (NOTARY.md section 5).
    if (!rootCheck.met) return report.problem('ROOT_NOT_TRUSTED', 'root', 'the cached root is not signed by enough valid root certificates for this repository');
    if (report.problems.some((p) => p.role === 'root' && p.code !== 'EXPIRED')) return;
  }

  const timestamp = signedRole(report, source, 'timestamp', 'Timestamp', spec('timestamp'), null, null);
  const snapshot = signedRole(report, source, 'snapshot', 'Snapshot', spec('snapshot'), timestamp, 'timestamp');
  const targets = signedRole(report, source, 'targets', 'Targets', spec('targets'), snapshot, 'snapshot');
  if (snapshot) {
    const rootMeta = metaEntry(snapshot.signed.meta, 'root');
    const mismatch = rootMeta && checkFileMeta('root.json', rootFile.bytes, rootMeta);
    if (mismatch) report.problem(mismatch.code, 'root', mismatch.message);
  }
  if (targets) walkTargets(report, source, targets, snapshot ? (snapshot.signed.meta ?? {}) : null);
}

/**
 * Loads a role signed by keys from root and, when its parent file (timestamp for snapshot, snapshot for targets)
 * was verified, checks the file's length and hashes against the parent's meta. Returns the file when trusted.
 */
function signedRole(
  report: StatusReport,
  source: MetadataSource,
  role: string,
  type: string,
  spec: RoleSpec,
  parent: SignedFile | null,
  parentRole: string | null,
): SignedFile | null {
  const file = load(report, source, role);
  if (!file) {
    report.unusable(role, spec.threshold);
    return null;
  }
  let ok = true;
  if (parent && parentRole) {
    const meta = metaEntry(parent.signed.meta, role);
    const mismatch = meta ? checkFileMeta(`${role}.json`, file.bytes, meta) : { code: 'MALFORMED' as const, message: `${parentRole} does not list ${role}` };
    if (mismatch) {
      report.problem(mismatch.code, role, mismatch.message);
      ok = false;
    }
  }
  return report.role(role, type, file, spec.threshold, checkRole(file, spec)) && ok ? file : null;
}

/** Root keys must be certificates for this GUN, valid now, and not CAs (NOTARY.md section 4). */
export function rootCertProblem(key: TufKey, gun: string, now: Date): string | null {
  const c = key.cert;
  if (!c) return `root key ${key.id} is a ${key.type} key, not a certificate`;
  if (c.commonName !== gun) return `root certificate is for ${JSON.stringify(c.commonName)}, not ${gun}`;
  if (c.isCa) return 'root certificate is a CA (CA:TRUE)';
  if (now < c.notBefore) return `root certificate is not valid before ${c.notBefore.toISOString()}`;
  if (now > c.notAfter) return `root certificate expired at ${c.notAfter.toISOString()}`;
  return null;
}
