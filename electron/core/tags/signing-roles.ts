import { VaultError } from '../errors';
import type { PrivateKey } from '../keys/private-key';
import { findKeyFiles } from '../keys/store/scan';
import type { RolePassphrases } from '../publish/init-repo';
import type { TufKeyObject } from '../publish/metadata/keys';
import { RELEASES_ROLE } from '../publish/metadata/repo-builder';
import { isDelegationName, type TargetsSigned } from '../publish/metadata/roles';
import { type MetadataSigner, signerFromPrivateKey } from '../publish/metadata/signer';
import type { RepoState } from '../publish/repo-state';
import { decryptKeyFile, keyUsable } from '../publish/role-signers';
import { readTufKey } from '../tuf/tuf-key';

/** The keys listed for a role (targets in root.json, a delegation in its parent), by listed and canonical ID. */
function listedKeys(state: RepoState, role: string): { id: string; key: TufKeyObject; canonical: string }[] {
  const list = (ids: string[], keys: Record<string, unknown>) => ids.filter((id) => keys[id]).map((id) => ({ id, key: keys[id] as TufKeyObject, canonical: readTufKey(keys[id]).canonicalId ?? id }));
  if (role === 'targets') return list(state.root.signed.roles.targets.keyids, state.root.signed.keys);
  const parent = parentOf(state, role);
  const spec = parent?.delegations.roles.find((r) => r.name === role);
  return spec && parent ? list(spec.keyids, parent.delegations.keys) : [];
}

function parentOf(state: RepoState, role: string): TargetsSigned | null {
  const p = role.slice(0, role.lastIndexOf('/'));
  return p === 'targets' ? state.targets.signed : (state.delegations.get(p)?.signed ?? null);
}

/** Whether the repository has the delegation (listed by its parent), whether or not it has signed anything yet. */
export const delegationExists = (state: RepoState, role: string): boolean => parentOf(state, role)?.delegations.roles.some((r) => r.name === role) ?? false;

/** Whether the trust dir (or the unlocked vault) holds a private key of one the role lists. */
export const holdsKeyFor = (trustDir: string, state: RepoState, role: string): boolean => listedKeys(state, role).some((k) => keyUsable(trustDir, k.canonical));

/** Every role the user can sign, targets first, then delegations by name: where a revoke removes tags from. */
export function signableRoles(trustDir: string, state: RepoState): string[] {
  const roles: string[] = [];
  if (holdsKeyFor(trustDir, state, 'targets')) roles.push('targets');
  const names = new Set<string>();
  const walk = (t: TargetsSigned) => {
    for (const r of t.delegations.roles) {
      if (names.has(r.name)) continue;
      names.add(r.name);
      const f = state.delegations.get(r.name);
      if (f) walk(f.signed);
    }
  };
  walk(state.targets.signed);
  for (const n of [...names].sort()) if (holdsKeyFor(trustDir, state, n)) roles.push(n);
  return roles;
}

/**
 * The role a new tag signature goes into, as docker chose it: `targets/releases` when it exists and the user holds
 * one of its keys, else the role named with `requested` (a delegation or targets), else `targets`. A role the user
 * holds no key for is refused here, before anything is signed, with what would have been needed.
 */
export function chooseSigningRole(trustDir: string, state: RepoState, requested?: string): string {
  const gun = state.gun;
  if (requested !== undefined) {
    if (requested !== 'targets' && !isDelegationName(requested)) throw new VaultError('INVALID_ARGUMENT', `--role ${requested}: tags are signed into targets or a delegation targets/<name>`);
    if (requested !== 'targets' && !delegationExists(state, requested)) throw new VaultError('NOT_FOUND', `${gun} has no delegation ${requested}; nothing was sent`);
    if (!holdsKeyFor(trustDir, state, requested)) throw noKey(trustDir, state, [requested]);
    return requested;
  }
  if (delegationExists(state, RELEASES_ROLE) && holdsKeyFor(trustDir, state, RELEASES_ROLE)) return RELEASES_ROLE;
  if (holdsKeyFor(trustDir, state, 'targets')) return 'targets';
  throw noKey(trustDir, state, delegationExists(state, RELEASES_ROLE) ? [RELEASES_ROLE, 'targets'] : ['targets']);
}

function noKey(trustDir: string, state: RepoState, roles: string[]): VaultError {
  const wanted = roles.map((r) => `${r} (${listedKeys(state, r).map((k) => k.canonical).join(', ') || 'no keys'})`).join(' or ');
  return new VaultError('NOT_FOUND', `no key that can sign tags of ${state.gun} is in ${trustDir} or the vault: it would need a key of ${wanted}; nothing was sent`);
}

/** Decrypts the first key of `role` the user holds and returns a signer listed as the metadata lists it. */
export function openRoleSigner(trustDir: string, state: RepoState, role: string, passphrases: RolePassphrases): { signer: MetadataSigner; key: PrivateKey } {
  const present = listedKeys(state, role).find((k) => keyUsable(trustDir, k.canonical));
  if (!present) throw noKey(trustDir, state, [role]);
  const passphrase = role === 'targets' ? passphrases.targets : passphrases.delegation;
  const key = decryptKeyFile(trustDir, present.canonical, passphrase, `the ${role} key`);
  return { key, signer: signerFromPrivateKey(key, { id: present.id, key: present.key }) };
}

/** Whether the trust dir holds a key file for one of the snapshot keys root lists (else the server signs it). */
export function hasLocalSnapshotKey(trustDir: string, state: RepoState): boolean {
  const root = state.root.signed;
  return root.roles.snapshot.keyids.some((id) => findKeyFiles(trustDir, readTufKey(root.keys[id]).canonicalId ?? id).some((f) => f.status === 'ok') || keyUsable(trustDir, readTufKey(root.keys[id]).canonicalId ?? id));
}
