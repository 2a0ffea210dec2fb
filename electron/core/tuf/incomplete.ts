import { type RepoStatus, WARNING_PROBLEMS } from '../../../shared/dto/status';

/**
 * A cache that lacks files but whose every present file verifies is `incomplete`, not `broken` (issue 15): `notary
 * publish` leaves no timestamp.json in the publisher's cache, and notary fetches delegations only when it needs them.
 * Only for the cache: a server that lacks a file its snapshot lists is broken. A missing root stays broken (nothing
 * vouches for anything), and so does any other problem beside the missing files.
 */
export function withIncompleteVerdict(status: RepoStatus): RepoStatus {
  if (status.verdict !== 'broken') return status;
  const blocking = status.problems.filter((p) => !WARNING_PROBLEMS.includes(p.code));
  const onlyMissing = blocking.length > 0 && blocking.every((p) => p.code === 'MISSING_ROLE' && p.role !== 'root' && p.role !== '');
  if (!onlyMissing) return status;
  const missingRoles = [...new Set(blocking.map((p) => p.role))];
  return { ...status, verdict: 'incomplete', missingRoles };
}
