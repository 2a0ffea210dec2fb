import { RELEASES_ROLE } from '../publish/metadata/repo-builder';
import type { RepoState } from '../publish/repo-state';
import { hexOfBase64 } from '../tuf/targets-walk';
import { readTufKey } from '../tuf/tuf-key';

/** `docker trust inspect`'s JSON for one repository, field for field. */
export interface DockerTrustInspect {
  Name: string;
  SignedTags: { SignedTag: string; Digest: string; Signers: string[] }[];
  Signers: { Name: string; Keys: { ID: string }[] }[];
  AdministrativeKeys: { Name: string; Keys: { ID: string }[] }[];
}

const RELEASED_NAME = 'Repo Admin';
const isReleased = (role: string) => role === 'targets' || role === RELEASES_ROLE;

/** Go's sortorder.NaturalLess: runs of digits compare as numbers. */
export function naturalLess(a: string, b: string): number {
  const re = /(\d+|\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = BigInt(x);
      const ny = BigInt(y);
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** Every (role, tag, digest) a verified repository signs: targets and each delegation file. */
function allTargets(state: RepoState, tag?: string): { role: string; tag: string; digest: string }[] {
  const out: { role: string; tag: string; digest: string }[] = [];
  const add = (role: string, targets: Record<string, { hashes: { sha256: string } }>) => {
    for (const [t, m] of Object.entries(targets)) if (tag === undefined || t === tag) out.push({ role, tag: t, digest: hexOfBase64(m.hashes.sha256) });
  };
  add('targets', state.targets.signed.targets);
  for (const [role, f] of state.delegations) add(role, f.signed.targets);
  return out;
}

/**
 * docker's inspect (cli/command/trust): a row per tag+digest signed in `targets` or `targets/releases`, its signers
 * being the other delegations that sign the same tag and digest (names without `targets/`), or "Repo Admin" when
 * none does; rows in natural order. Signers: each delegation except `targets/releases`, keys by canonical ID (as
 * notary's GetDelegationRoles gives them). AdministrativeKeys: Root (root.json's key IDs, the certificates') and
 * Repository (the targets keys).
 */
export function inspectRepository(state: RepoState, name: string, tag?: string): DockerTrustInspect {
  const all = allTargets(state, tag);
  const rows = new Map<string, { SignedTag: string; Digest: string; Signers: string[] }>();
  for (const t of all) if (isReleased(t.role)) rows.set(`${t.tag}\0${t.digest}`, { SignedTag: t.tag, Digest: t.digest, Signers: [] });
  for (const t of all) {
    const row = rows.get(`${t.tag}\0${t.digest}`);
    if (row && !isReleased(t.role)) row.Signers.push(t.role.slice('targets/'.length));
  }
  const SignedTags = [...rows.values()].map((r) => ({ ...r, Signers: r.Signers.length > 0 ? r.Signers.sort() : [RELEASED_NAME] })).sort((a, b) => naturalLess(a.SignedTag, b.SignedTag));
  const d = state.targets.signed.delegations;
  const Signers = d.roles
    .filter((r) => r.name !== RELEASES_ROLE)
    .map((r) => ({ Name: r.name.slice('targets/'.length), Keys: r.keyids.map((id) => ({ ID: readTufKey(d.keys[id]).canonicalId ?? id })) }))
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  const root = state.root.signed;
  return {
    Name: name,
    SignedTags,
    Signers,
    AdministrativeKeys: [
      { Name: 'Root', Keys: root.roles.root.keyids.map((ID) => ({ ID })) },
      { Name: 'Repository', Keys: root.roles.targets.keyids.map((ID) => ({ ID })) },
    ],
  };
}
