import { VaultError } from '../errors';
import type { RolePassphrases } from '../publish/init-repo';
import type { PublishOutcome } from '../publish/publish-transaction';
import { loadRepoState, type RepoState } from '../publish/repo-state';
import { parseImageRef } from '../registry/reference';
import { parseTagRefs, type TagOptions } from './sign-tags';
import { signableRoles } from './signing-roles';
import { nextVersions, publishTagEdits, type TagEdits } from './tag-change';
import { hasLocalSnapshotKey } from './signing-roles';

export interface TagRevokePlan {
  gun: string;
  /** Per role the user can sign: the tags removed from it. */
  removals: { role: string; tags: string[] }[];
  /** Tags that stay signed in roles the user holds no key for (docker revoke leaves those too). */
  stillSignedElsewhere: { tag: string; role: string }[];
  newVersions: Record<string, number>;
  /** True for "every tag of the repository", which needs a typed confirmation. */
  all: boolean;
}

const targetsOf = (state: RepoState, role: string) => (role === 'targets' ? state.targets.signed.targets : (state.delegations.get(role)?.signed.targets ?? {}));

/** Every role with a file, targets first (for "still signed elsewhere"). */
const rolesWithFiles = (state: RepoState) => ['targets', ...[...state.delegations.keys()].sort()];

/**
 * What `docker trust revoke` does: each tag leaves every role the user can sign that holds it. REF without a tag
 * means every tag of the repository. A tag no signable role holds is refused (nothing to revoke).
 */
export function planRevoke(trustDir: string, state: RepoState, tags: string[] | 'all'): TagRevokePlan {
  const roles = signableRoles(trustDir, state);
  if (roles.length === 0) throw new VaultError('NOT_FOUND', `no key that can sign ${state.gun} is in ${trustDir} or the vault, so no signature can be removed; nothing was sent`);
  const removals = roles.map((role) => ({ role, tags: Object.keys(targetsOf(state, role)).filter((t) => tags === 'all' || tags.includes(t)).sort() })).filter((r) => r.tags.length > 0);
  if (tags !== 'all') {
    for (const t of tags) {
      if (!removals.some((r) => r.tags.includes(t))) throw new VaultError('NOT_FOUND', `${state.gun} has no signature for tag ${t} in a role you can sign (${roles.join(', ')}); nothing was sent`);
    }
  } else if (removals.length === 0) throw new VaultError('NOT_FOUND', `${state.gun} has no signed tags in a role you can sign; nothing was sent`);
  const removed = new Set(removals.flatMap((r) => r.tags));
  const stillSignedElsewhere = rolesWithFiles(state)
    .filter((r) => !roles.includes(r))
    .flatMap((role) => Object.keys(targetsOf(state, role)).filter((t) => removed.has(t)).map((tag) => ({ tag, role })));
  return { gun: state.gun, removals, stillSignedElsewhere, newVersions: nextVersions(state, removals.map((r) => r.role), hasLocalSnapshotKey(trustDir, state)), all: tags === 'all' };
}

/**
 * `tag revoke REF...`: REFs of one repository with tags, or one `REGISTRY/REPO` for all its tags, which needs
 * `confirmation` equal to the repository's name (`REGISTRY/REPO`). Published as one change.
 */
export async function revokeTags(
  trustDir: string,
  refs: string[],
  o: Omit<TagOptions, 'registry' | 'role'> & { passphrases: RolePassphrases; confirmation?: string | undefined },
): Promise<PublishOutcome & { plan: TagRevokePlan }> {
  const now = o.now ?? new Date();
  let gun: string;
  let tags: string[] | 'all';
  if (refs.length === 1 && !parseImageRef(refs[0]!).tag) {
    gun = parseImageRef(refs[0]!).gun;
    tags = 'all';
  } else {
    const parsed = parseTagRefs(refs);
    gun = parsed.image.gun;
    tags = parsed.tags.map((t) => t.tag);
  }
  const state = await loadRepoState(trustDir, gun, o.server, now);
  const plan = planRevoke(trustDir, state, tags);
  if (plan.all && o.confirmation?.trim() !== gun) {
    const n = new Set(plan.removals.flatMap((r) => r.tags)).size;
    throw new VaultError('CONFIRMATION_REQUIRED', `Revoking every tag of ${gun} (${n} tags) needs confirmation: consumers with content trust can pull none of them afterwards. Confirm with the repository's name (${gun}); nothing was sent`);
  }
  const edits: TagEdits = new Map(plan.removals.map((r) => [r.role, { set: {}, remove: r.tags }]));
  const outcome = await publishTagEdits(trustDir, state, edits, { server: o.server, passphrases: o.passphrases, now });
  return { ...outcome, plan };
}
