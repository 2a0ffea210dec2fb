import type { RecoveryRoleKind } from '../../../shared/dto/recovery';
import type { RepoStatus, RoleKey } from '../../../shared/dto/status';

/** What the planner needs of a repository: every role (delegations included) with the keys it lists, and its tags. */
export interface RepoKeys {
  gun: string;
  roles: { role: string; threshold: number; keys: RoleKey[] }[];
  /** Signed tags and the role that signs each: after a new root, every one must be signed again. */
  tags: { name: string; role: string; digest?: string }[];
}

const BASE_ROLES = ['root', 'targets', 'snapshot', 'timestamp'];

/** The roles and keys a verified status found (base roles first, in TUF order, then delegations by name). */
export function repoKeysOf(status: RepoStatus): RepoKeys {
  const base = BASE_ROLES.flatMap((name) => status.roles.filter((r) => r.role === name).slice(0, 1));
  const delegations = [...status.delegations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    gun: status.gun,
    roles: [...base.map((r) => ({ role: r.role, threshold: r.threshold, keys: r.keys })), ...delegations.map((d) => ({ role: d.name, threshold: d.threshold, keys: d.keys }))],
    tags: status.tags.map((t) => ({ name: t.name, role: t.role, digest: t.digest })),
  };
}

export const kindOf = (role: string): RecoveryRoleKind =>
  role === 'root' || role === 'targets' || role === 'snapshot' || role === 'timestamp' ? role : 'delegation';

/**
 * The docker signer a delegation role belongs to. `docker trust signer add NAME` makes targets/NAME and puts the same
 * key in targets/releases, so targets/NAME is signer NAME's role when targets/releases shares a key with it. Any
 * other delegation (targets/releases itself, nested roles, one notary made alone) belongs to no single signer.
 */
export function signerOf(role: string, roles: readonly { role: string; keys: readonly { keyId: string }[] }[]): string | null {
  const m = /^targets\/([^/]+)$/.exec(role);
  if (!m || m[1] === 'releases') return null;
  const releases = new Set(roles.find((r) => r.role === 'targets/releases')?.keys.map((k) => k.keyId) ?? []);
  return roles.find((r) => r.role === role)?.keys.some((k) => releases.has(k.keyId)) ? m[1]! : null;
}
