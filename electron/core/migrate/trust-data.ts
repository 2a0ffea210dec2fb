import type { DelegationInfo, RoleStatus, SignedTag, StatusProblem, Verdict } from '../../../shared/dto/status';
import { VaultError } from '../errors';
import type { ServerOptions } from '../notary/http-client';
import { join } from 'node:path';
import { verifyArchive } from '../archive';
import { readRegularFile } from '../fs/read-regular-file';
import { statusOfCache } from '../tuf/cache-status';
import { fetchServerRepo } from '../tuf/remote-status';

/**
 * What the migration kit needs from a repository's trust data, already verified: the tags trusted today, the
 * delegations, the roles with their keys, and the root.json bytes the verification ended at. Two producers:
 * `trustDataFromServer` below (fetched now and verified against the pinned root), and later the trust-data archive
 * (issue 15, `trustDataFromArchive`). Nothing here is read unverified.
 */
export interface VerifiedTrustData {
  gun: string;
  /** Where it came from, for the record ("notary server https://…", "archive …"). */
  source: string;
  /** The notary server the trust data is (or was) served by: consumers check the statement against it. */
  server: string;
  /** ISO 8601 time of the verification. */
  verifiedAt: string;
  verdict: Exclude<Verdict, 'broken'>;
  /** Warnings the verification left (e.g. FIRST_USE, EXPIRING_SOON); never errors. */
  warnings: StatusProblem[];
  tags: SignedTag[];
  delegations: DelegationInfo[];
  roles: RoleStatus[];
  /** The verified root.json, exactly as served. */
  rootJson: Buffer;
}

/** Fetches the repository from its notary server the way notary does and verifies it (tuf/remote-status). */
export async function trustDataFromServer(trustDir: string, gun: string, server: ServerOptions, now: Date): Promise<VerifiedTrustData> {
  const fetched = await fetchServerRepo(trustDir, gun, { ...server, now });
  const { status } = fetched;
  if (fetched.missing) throw new VaultError('NOT_FOUND', `${server.server} has no trust data for ${gun}`);
  if (status.verdict === 'broken') {
    const first = status.problems.find((p) => p.code.startsWith('SERVER') || p.code.startsWith('TLS') || p.code === 'UNAUTHORIZED');
    const code = first?.code === 'SERVER_OFFLINE' ? 'SERVER_OFFLINE' : first?.code === 'SERVER_TIMEOUT' ? 'SERVER_TIMEOUT'
      : first?.code === 'UNAUTHORIZED' ? 'UNAUTHORIZED' : first?.code.startsWith('TLS') ? 'TLS_FAILED' : 'SERVER_MALFORMED';
    const why = status.problems.map((p) => `${p.code}${p.role ? ` (${p.role})` : ''}: ${p.message}`).join('; ');
    throw new VaultError(code, `the trust data of ${gun} on ${server.server} does not verify, so nothing can be carried over: ${why}`);
  }
  const rootJson = fetched.files.get('root');
  if (!rootJson) throw new VaultError('SERVER_MALFORMED', `${server.server} served no root.json for ${gun}`);
  return {
    gun,
    source: `notary server ${server.server}`,
    server: server.server,
    verifiedAt: now.toISOString(),
    verdict: status.verdict,
    warnings: status.problems,
    tags: status.tags,
    delegations: status.delegations,
    roles: status.roles,
    rootJson,
  };
}

/**
 * From a verified trust-data archive (issue 15: `repo archive`): the whole archive must verify (every file's hash,
 * the manifest's digest, the metadata as notary would have verified it), then the repository's metadata, kept in
 * notary's cache layout inside the archive, is verified again here as of the time it was archived, so metadata that
 * has expired since (the server is gone) still yields what was trusted then.
 */
export function trustDataFromArchive(archiveDir: string, gun: string): VerifiedTrustData {
  const checked = verifyArchive(archiveDir);
  if (!checked.ok) {
    const first = checked.problems[0]!;
    throw new VaultError('ARCHIVE_DAMAGED', `the archive ${archiveDir} does not verify: ${first.file}: ${first.message}`);
  }
  const repo = checked.repos.find((r) => r.gun === gun);
  if (!repo) throw new VaultError('NOT_FOUND', `the archive ${archiveDir} holds no trust data for ${gun} (it has ${checked.repos.map((r) => r.gun).join(', ') || 'none'})`);
  const status = statusOfCache(archiveDir, gun, { now: new Date(repo.verifiedAt) });
  if (status.verdict === 'broken') {
    throw new VaultError('ARCHIVE_DAMAGED', `${gun} in the archive does not verify: ${status.problems.map((p) => `${p.code}: ${p.message}`).join('; ')}`);
  }
  const root = readRegularFile(join(archiveDir, 'tuf', gun, 'metadata', 'root.json'), 16 * 1024 * 1024);
  if (root.kind !== 'ok') throw new VaultError('ARCHIVE_DAMAGED', `the archive has no readable root.json for ${gun}`);
  return {
    gun,
    server: repo.server,
    source: `archive ${archiveDir} (fetched from ${repo.server} at ${repo.verifiedAt}, root ${repo.rootTrust === 'pinned' ? 'pinned' : 'trusted on first use'})`,
    verifiedAt: repo.verifiedAt,
    verdict: status.verdict,
    warnings: status.problems,
    tags: status.tags,
    delegations: status.delegations,
    roles: status.roles,
    rootJson: root.bytes,
  };
}
