import type { RepoStatus } from '../../../shared/dto/status';
import { VaultError } from '../errors';
import type { RolePassphrases } from '../publish/init-repo';
import type { PublishOutcome } from '../publish/publish-transaction';
import { loadRepoState } from '../publish/repo-state';
import { parseImageRef } from '../registry/reference';
import { hexOfBase64 } from '../tuf/targets-walk';
import { registryClient } from './registry-access';
import type { TagOptions } from './sign-tags';
import { chooseSigningRole } from './signing-roles';
import { publishTagEdits } from './tag-change';

/** A tag and what it was signed as, from trust data that verified. */
export interface TagInventoryItem {
  tag: string;
  /** `sha256:<hex>`. */
  digest: string;
  size: number;
}

/**
 * The tag-to-digest inventory of a repository from a verified status (cache or server), taken before a recovery
 * replaces its keys. A status that does not verify gives no inventory: unverified data never decides what is signed.
 */
export function inventoryOfStatus(status: RepoStatus): TagInventoryItem[] {
  if (status.verdict === 'broken') throw new VaultError('INVALID_ARGUMENT', `the trust data of ${status.gun} does not verify, so its tags cannot be put back from it`);
  const seen = new Map<string, TagInventoryItem>();
  for (const t of status.tags) if (!seen.has(t.name)) seen.set(t.name, { tag: t.name, digest: `sha256:${t.digest}`, size: t.size });
  return [...seen.values()];
}

export interface PutBackResult {
  gun: string;
  role: string;
  /** Signed again in this change. */
  signed: TagInventoryItem[];
  /** Already signed with the same digest under the current keys: left alone. */
  already: TagInventoryItem[];
  /** Not signed: the registry no longer serves that digest (or serves other bytes under it). */
  unresolved: (TagInventoryItem & { why: string })[];
  outcome: PublishOutcome | null;
}

/**
 * "Put the tags back" after a targets rotation or a new root: each tag of the verified inventory that the
 * repository no longer signs with its old digest is signed again with that digest, once the registry confirms it
 * still serves it (by digest, same size). Tags whose digest is gone are listed, not signed. One change.
 */
export async function putTagsBack(trustDir: string, gun: string, inventory: TagInventoryItem[], o: Omit<TagOptions, 'role'> & { role?: string; passphrases: RolePassphrases }): Promise<PutBackResult> {
  const now = o.now ?? new Date();
  const image = parseImageRef(gun);
  if (image.gun !== gun) throw new VaultError('INVALID_ARGUMENT', `${gun} is not a registry repository name (docker would call it ${image.gun})`);
  const state = await loadRepoState(trustDir, gun, o.server, now);
  const role = chooseSigningRole(trustDir, state, o.role);
  const current = new Map<string, string>();
  for (const [r, f] of [['targets', state.targets], ...state.delegations] as const) {
    for (const [tag, t] of Object.entries(f.signed.targets)) if (r === role || r === 'targets' || r === 'targets/releases') current.set(`${tag}\0sha256:${hexOfBase64(t.hashes.sha256)}`, r);
  }
  const client = await registryClient(image.registry, o.registry);
  const result: PutBackResult = { gun, role, signed: [], already: [], unresolved: [], outcome: null };
  for (const it of inventory) {
    if (current.has(`${it.tag}\0${it.digest}`)) {
      result.already.push(it);
      continue;
    }
    try {
      const m = await client.resolve(image.repository, it.digest);
      if (m.size !== it.size) result.unresolved.push({ ...it, why: `the registry serves ${m.size} bytes under that digest, not ${it.size}` });
      else result.signed.push(it);
    } catch (e) {
      if (e instanceof VaultError && (e.code === 'NOT_FOUND' || e.code === 'SERVER_MALFORMED')) result.unresolved.push({ ...it, why: e.message });
      else throw e;
    }
  }
  if (result.signed.length === 0) return result;
  const set = Object.fromEntries(result.signed.map((it) => [it.tag, { length: it.size, hashes: { sha256: Buffer.from(it.digest.slice(7), 'hex').toString('base64') } }]));
  result.outcome = await publishTagEdits(trustDir, state, new Map([[role, { set, remove: [] }]]), { server: o.server, passphrases: o.passphrases, now });
  return result;
}
