import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckAllProgress, RepoCheckResult } from '../../../../shared/dto/repo-lookup';
import { VaultError } from '../../errors';
import type { ServerAuth } from '../../notary/http-client';
import { statusOfCache } from '../../tuf/cache-status';
import { isSafeGun } from '../../tuf/gun';
import { listCachedGuns } from '../../tuf/list-guns';
import { fetchServerRepo } from '../../tuf/remote-status';
import { recordCheck, recordedChecks } from './check-ledger';
import { unreachableProblem } from './fetch-failure';
import { serverForGun } from './registry-servers';
import { cachedAt, writeVerifiedCache } from './verified-cache';

/**
 * `repo check` (issue 15, point 3): a cached repository checked against its server, the verdict saying when and against
 * what. What the server serves is verified against the cached root first; only when it verifies does it enter the
 * cache (so an `incomplete` repository becomes `trusted` when the server has the rest). A server that cannot be asked
 * gives `unreachable` with the last verdict reached; no server set gives the cache's verdict and a prompt for one.
 */

export interface CheckOptions {
  now: Date;
  /** Overrides the remembered server for this check. */
  server?: string;
  caFile?: string;
  auth?: ServerAuth;
  timeoutMs?: number;
}

export async function checkRepo(trustDir: string, dataDir: string, gun: string, options: CheckOptions): Promise<RepoCheckResult> {
  if (!isSafeGun(gun)) throw new VaultError('INVALID_ARGUMENT', `not a repository name: ${JSON.stringify(gun)}`);
  if (!statSync(join(trustDir, 'tuf', gun, 'metadata'), { throwIfNoEntry: false })?.isDirectory())
    throw new VaultError('NOT_FOUND', `${gun} is not in this trust folder: add it first (repo add ${gun} --server URL)`);
  const checkedAt = options.now.toISOString();
  const found = options.server ? { server: options.server, caFile: options.caFile } : serverForGun(dataDir, trustDir, gun);
  if (found.server === null) {
    // No server: the cache's own verdict, and a prompt for a server (a suggestion is never used silently).
    const s = statusOfCache(trustDir, gun, { now: options.now });
    const { registry, suggestion } = found as Extract<typeof found, { server: null }>;
    return { gun, verdict: s.verdict, basis: { checkedAt, against: 'cache', cachedAt: cachedAt(trustDir, gun) }, problems: s.problems, missingRoles: s.missingRoles ?? [], fetched: [], last: null, needsServer: { registry, suggestion } };
  }
  const server = found.server;
  const fetched = await fetchServerRepo(trustDir, gun, { server, caFile: found.caFile, auth: options.auth, now: options.now, timeoutMs: options.timeoutMs ?? 15_000 });
  const down = unreachableProblem(fetched.status.problems, fetched.missing);
  if (down) {
    const { reached } = recordedChecks(dataDir, trustDir, gun);
    const basis = { checkedAt, against: server, cachedAt: cachedAt(trustDir, gun) };
    recordCheck(dataDir, trustDir, gun, { verdict: 'unreachable', basis });
    // With no earlier check, the cache's own verdict is the last one known.
    const last = reached ?? (() => {
      const s = statusOfCache(trustDir, gun, { now: options.now });
      return { verdict: s.verdict, basis: { checkedAt, against: 'cache', cachedAt: basis.cachedAt } };
    })();
    return { gun, verdict: 'unreachable', basis, problems: [down], missingRoles: [], fetched: [], last, needsServer: null };
  }
  let written: string[] = [];
  let result = fetched.status;
  // FIRST_USE cannot happen for a cached repository with a root; without one, nothing is written (add it again).
  const verified = (result.verdict === 'trusted' || result.verdict === 'warning') && !result.problems.some((p) => p.code === 'FIRST_USE');
  if (verified) {
    written = writeVerifiedCache(trustDir, gun, fetched.files);
    result = statusOfCache(trustDir, gun, { now: options.now });
  }
  const basis = { checkedAt, against: server, cachedAt: cachedAt(trustDir, gun) };
  recordCheck(dataDir, trustDir, gun, { verdict: result.verdict, basis });
  return { gun, verdict: result.verdict, basis, problems: result.problems, missingRoles: result.missingRoles ?? [], fetched: written, last: null, needsServer: null };
}

/** Every cached repository, one after the other, reporting each as it is done. */
export async function checkAllRepos(
  trustDir: string,
  dataDir: string,
  options: CheckOptions & { onProgress?: (p: Omit<CheckAllProgress, 'jobId'>) => void },
): Promise<RepoCheckResult[]> {
  const guns = listCachedGuns(trustDir);
  const out: RepoCheckResult[] = [];
  for (const gun of guns) {
    const result = await checkRepo(trustDir, dataDir, gun, options);
    out.push(result);
    options.onProgress?.({ done: out.length, total: guns.length, gun, result });
  }
  return out;
}
