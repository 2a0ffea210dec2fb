import { VaultError } from '../errors';
import type { ServerOptions } from '../notary/http-client';
import type { RolePassphrases } from '../publish/init-repo';
import { hexOfBase64 } from '../tuf/targets-walk';
import type { TargetMeta } from '../publish/metadata/roles';
import type { PublishOutcome } from '../publish/publish-transaction';
import { loadRepoState, type RepoState } from '../publish/repo-state';
import type { RegistryClient } from '../registry/client';
import { type ImageRef, parseImageRef } from '../registry/reference';
import { registryClient, type RegistryAccess } from './registry-access';
import { chooseSigningRole, hasLocalSnapshotKey } from './signing-roles';
import { nextVersions, publishTagEdits } from './tag-change';

export interface TagSignItem {
  tag: string;
  /** `sha256:<hex>` of the manifest bytes the registry serves (or the digest the reference named, checked there). */
  digest: string;
  size: number;
  /** The target this replaces in the role, when the tag was signed there before. */
  replaces: { digest: string; size: number } | null;
}

/** Exactly what a sign will change, shown before anything is sent. */
export interface TagSignPlan {
  gun: string;
  registry: string;
  repository: string;
  role: string;
  items: TagSignItem[];
  /** Each role's version after the change (the snapshot's too when it is signed here; else the server signs it). */
  newVersions: Record<string, number>;
  snapshotBy: 'vault' | 'server';
  /** The registry user, or null when anonymous. */
  signedInAs: string | null;
}

export interface TagOptions {
  server: ServerOptions;
  registry: RegistryAccess;
  /** A role to sign into when the user holds no `targets/releases` key (`--role`). */
  role?: string;
  now?: Date;
}

export interface TagSignResult extends PublishOutcome {
  plan: TagSignPlan;
  /** Tags the registry moved between the preview and the sign: the preview's digest was signed. */
  moved: { tag: string; signed: string; registryNow: string }[];
  /** Every signed tag as the server serves it afterwards (read back and verified). */
  verified: boolean;
}

/** References of one repository: `REGISTRY/REPO:TAG` or `...:TAG@sha256:...`; all must name the same repository. */
export function parseTagRefs(refs: string[]): { image: ImageRef; tags: { tag: string; digest?: string }[] } {
  if (refs.length === 0) throw new VaultError('INVALID_ARGUMENT', 'give at least one REGISTRY/REPO:TAG');
  let image: ImageRef | null = null;
  const tags: { tag: string; digest?: string }[] = [];
  for (const ref of refs) {
    const p = parseImageRef(ref);
    if (!p.tag) throw new VaultError('INVALID_ARGUMENT', `${ref} names no tag: a signature is for REGISTRY/REPO:TAG`);
    if (image && p.gun !== image.gun) throw new VaultError('INVALID_ARGUMENT', `one change signs tags of one repository: ${ref} is not in ${image.gun}`);
    image ??= p;
    if (tags.some((t) => t.tag === p.tag)) throw new VaultError('INVALID_ARGUMENT', `tag ${p.tag} is named twice`);
    tags.push({ tag: p.tag, ...(p.digest ? { digest: p.digest } : {}) });
  }
  return { image: image!, tags };
}

const metaOf = (t: TargetMeta | undefined) => (t ? { digest: `sha256:${hexOfBase64(t.hashes.sha256)}`, size: t.length } : null);

async function stateOf(trustDir: string, gun: string, server: ServerOptions, now: Date): Promise<RepoState> {
  try {
    return await loadRepoState(trustDir, gun, server, now);
  } catch (e) {
    if (e instanceof VaultError && e.code === 'NOT_FOUND' && /no trust data/.test(e.message)) {
      throw new VaultError('NOT_FOUND', `${e.message}: initialise it first (repo init ${gun}); nothing was sent`);
    }
    throw e;
  }
}

/**
 * The preview: each tag resolved in the registry (a `@sha256:` digest is only checked there), the role chosen, the
 * versions the change will make. Nothing is signed or sent.
 */
export async function planTagSigning(trustDir: string, refs: string[], o: TagOptions): Promise<TagSignPlan> {
  return (await planWithState(trustDir, refs, o)).plan;
}

async function planWithState(trustDir: string, refs: string[], o: TagOptions): Promise<{ plan: TagSignPlan; state: RepoState }> {
  const now = o.now ?? new Date();
  const { image, tags } = parseTagRefs(refs);
  // The registry and the notary server are asked at the same time (both only read); their answers are then taken in
  // the order they always were, so the error a user sees does not depend on which server answered first.
  const resolving = (async () => {
    const client = await registryClient(image.registry, o.registry);
    const resolved: { digest: string; size: number }[] = [];
    for (const t of tags) resolved.push(await client.resolve(image.repository, t.digest ?? t.tag));
    return { client, resolved };
  })();
  const [stateResult, registryResult] = await Promise.allSettled([stateOf(trustDir, image.gun, o.server, now), resolving]);
  if (stateResult.status === 'rejected') throw stateResult.reason;
  const state = stateResult.value;
  const role = chooseSigningRole(trustDir, state, o.role);
  if (registryResult.status === 'rejected') throw registryResult.reason;
  const { client, resolved } = registryResult.value;
  const current = role === 'targets' ? state.targets.signed.targets : (state.delegations.get(role)?.signed.targets ?? {});
  const items: TagSignItem[] = tags.map((t, i) => ({ tag: t.tag, digest: resolved[i]!.digest, size: resolved[i]!.size, replaces: metaOf(current[t.tag]) }));
  const snapshotLocal = hasLocalSnapshotKey(trustDir, state);
  const plan: TagSignPlan = {
    gun: image.gun,
    registry: image.registry,
    repository: image.repository,
    role,
    items,
    newVersions: nextVersions(state, [role], snapshotLocal),
    snapshotBy: snapshotLocal ? 'vault' : 'server',
    signedInAs: client.signedInAs,
  };
  return { plan, state };
}

/**
 * Signs a plan: each digest is checked again in the registry (a digest gone from it stops everything), a tag that
 * moved since the preview is reported and its preview digest signed, then the role and snapshot are published as one
 * change, and the server's targets are read back to show the tags are there with those digests.
 */
export async function signTagPlan(trustDir: string, plan: TagSignPlan, o: TagOptions & { passphrases: RolePassphrases }): Promise<TagSignResult> {
  const now = o.now ?? new Date();
  const client = await registryClient(plan.registry, o.registry);
  const moved = await checkPlanInRegistry(client, plan);
  const state = await stateOf(trustDir, plan.gun, o.server, now);
  return publishPlan(trustDir, plan, state, moved, { ...o, now });
}

/** Each digest must still be served (same size); a tag that now points elsewhere is reported. */
async function checkPlanInRegistry(client: RegistryClient, plan: TagSignPlan): Promise<TagSignResult['moved']> {
  const moved: TagSignResult['moved'] = [];
  for (const it of plan.items) {
    const byDigest = await client.resolve(plan.repository, it.digest);
    if (byDigest.size !== it.size) throw new VaultError('SERVER_MALFORMED', `${plan.registry}/${plan.repository}@${it.digest} is ${byDigest.size} bytes now, not ${it.size}; nothing was sent`);
    const byTag = await client.resolve(plan.repository, it.tag).catch((e: unknown) => {
      if (e instanceof VaultError && e.code === 'NOT_FOUND') return null;
      throw e;
    });
    if (byTag?.digest !== it.digest) moved.push({ tag: it.tag, signed: it.digest, registryNow: byTag?.digest ?? '(tag deleted)' });
  }
  return moved;
}

async function publishPlan(trustDir: string, plan: TagSignPlan, state: RepoState, moved: TagSignResult['moved'], o: TagOptions & { passphrases: RolePassphrases; now: Date }): Promise<TagSignResult> {
  const now = o.now;
  const role = chooseSigningRole(trustDir, state, plan.role);
  if (role !== plan.role) throw new VaultError('INVALID_ARGUMENT', `the preview signs into ${plan.role}, but ${role} would be used now; preview again`);
  const set: Record<string, TargetMeta> = {};
  for (const it of plan.items) set[it.tag] = { length: it.size, hashes: { sha256: Buffer.from(it.digest.slice('sha256:'.length), 'hex').toString('base64') } };
  const outcome = await publishTagEdits(trustDir, state, new Map([[role, { set, remove: [] }]]), { server: o.server, passphrases: o.passphrases, now });
  const after = outcome.state;
  const served = after ? (role === 'targets' ? after.targets.signed.targets : (after.delegations.get(role)?.signed.targets ?? {})) : null;
  const verified = served !== null && plan.items.every((it) => metaOf(served[it.tag])?.digest === it.digest && served[it.tag]?.length === it.size);
  return { ...outcome, plan, moved, verified };
}

/**
 * Preview and sign in one go, as `tag sign` on the command line does: the digests just resolved and the state just
 * verified are what is signed, so neither is fetched twice.
 */
export async function signTags(trustDir: string, refs: string[], o: TagOptions & { passphrases: RolePassphrases }): Promise<TagSignResult> {
  const now = o.now ?? new Date();
  const { plan, state } = await planWithState(trustDir, refs, { ...o, now });
  return publishPlan(trustDir, plan, state, [], { ...o, now });
}
