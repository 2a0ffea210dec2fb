import { VaultError } from '../errors';
import type { ServerOptions } from '../notary/http-client';
import { RELEASES_ROLE } from '../publish/metadata/repo-builder';
import { loadRepoState, type RepoState } from '../publish/repo-state';
import { parseImageRef } from '../registry/reference';
import { hexOfBase64 } from '../tuf/targets-walk';
import { registryClient, type RegistryAccess } from './registry-access';

export type TagState = 'signed' | 'unsigned' | 'moved' | 'not-in-registry';

/** One tag as `tag list --json` prints it: the registry's digest and size, and whether trust data signs it. */
export interface TagRow {
  tag: string;
  /** The registry's digest (the signed one when the registry no longer has the tag). */
  digest: string;
  size: number;
  signed: boolean;
  /** The role whose signature counts (targets/releases before targets, as docker reads them), or null. */
  role: string | null;
  state: TagState;
  /** The signed digest when it differs from the registry's. */
  signedDigest?: string;
  /** Delegations other than releases that also sign the tag (docker's "signers"). */
  signers: string[];
}

/** The signature docker would use for each tag: targets/releases first, then targets, then other delegations. */
function signedTags(state: RepoState | null): Map<string, { role: string; digest: string; size: number; signers: string[] }> {
  const m = new Map<string, { role: string; digest: string; size: number; signers: string[] }>();
  if (!state) return m;
  const order = [RELEASES_ROLE, 'targets', ...[...state.delegations.keys()].filter((r) => r !== RELEASES_ROLE).sort()];
  for (const role of order) {
    const targets = role === 'targets' ? state.targets.signed.targets : state.delegations.get(role)?.signed.targets;
    for (const [tag, t] of Object.entries(targets ?? {})) {
      const digest = `sha256:${hexOfBase64(t.hashes.sha256)}`;
      const had = m.get(tag);
      if (!had) m.set(tag, { role, digest, size: t.length, signers: [] });
      if (role !== RELEASES_ROLE && role !== 'targets' && (!had || had.digest === digest)) m.get(tag)!.signers.push(role.slice('targets/'.length));
    }
  }
  return m;
}

/** `tag list NAME`: the registry's tags with their state against the verified trust data (none yet: all unsigned). */
export async function listTags(trustDir: string, name: string, o: { server: ServerOptions; registry: RegistryAccess; now?: Date }): Promise<{ gun: string; signedInAs: string | null; tags: TagRow[] }> {
  const image = parseImageRef(name);
  if (image.tag || image.digest) throw new VaultError('INVALID_ARGUMENT', `tag list takes a repository name without a tag: ${name}`);
  let state: RepoState | null = null;
  try {
    state = await loadRepoState(trustDir, image.gun, o.server, o.now ?? new Date());
  } catch (e) {
    if (!(e instanceof VaultError && e.code === 'NOT_FOUND' && /no trust data/.test(e.message))) throw e;
  }
  const client = await registryClient(image.registry, o.registry);
  const names = (await client.listTags(image.repository)).sort();
  const signed = signedTags(state);
  const rows: TagRow[] = [];
  for (const tag of names) {
    const m = await client.resolve(image.repository, tag);
    const s = signed.get(tag);
    const state: TagState = !s ? 'unsigned' : s.digest === m.digest ? 'signed' : 'moved';
    rows.push({ tag, digest: m.digest, size: m.size, signed: !!s, role: s?.role ?? null, state, ...(s && s.digest !== m.digest ? { signedDigest: s.digest } : {}), signers: s?.signers ?? [] });
  }
  for (const [tag, s] of signed) if (!names.includes(tag)) rows.push({ tag, digest: s.digest, size: s.size, signed: true, role: s.role, state: 'not-in-registry', signers: s.signers });
  return { gun: image.gun, signedInAs: client.signedInAs, tags: rows };
}
