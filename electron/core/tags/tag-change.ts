import type { PrivateKey } from '../keys/private-key';
import type { ServerOptions } from '../notary/http-client';
import type { RolePassphrases } from '../publish/init-repo';
import { resignTargets, snapshotFor } from '../publish/metadata/repo-builder';
import type { TargetMeta, TargetsSigned } from '../publish/metadata/roles';
import { signMetadata } from '../publish/metadata/sign';
import { signerForRole } from '../publish/role-signers';
import { publishChange, type PublishOutcome } from '../publish/publish-transaction';
import { type RepoState, stateFiles } from '../publish/repo-state';
import { hasLocalSnapshotKey, openRoleSigner } from './signing-roles';

/** Targets to add or replace and names to remove, per role. */
export type TagEdits = Map<string, { set: Record<string, TargetMeta>; remove: string[] }>;

/** A delegation that has signed nothing yet: its first file is version 1. */
const EMPTY_TARGETS: TargetsSigned = { _type: 'Targets', delegations: { keys: {}, roles: [] }, expires: '', targets: {}, version: 0 };

/** The version each changed role will have, and the snapshot's when it is signed here. */
export function nextVersions(state: RepoState, roles: string[], snapshotLocal: boolean): Record<string, number> {
  const v: Record<string, number> = {};
  for (const r of roles) v[r] = (r === 'targets' ? state.targets.signed.version : (state.delegations.get(r)?.signed.version ?? 0)) + 1;
  if (snapshotLocal) v.snapshot = state.snapshot.signed.version + 1;
  return v;
}

/**
 * Signs the edited roles (every key decrypted first, so a wrong passphrase stops everything before anything is
 * signed), the snapshot over them when its key is local, and publishes all of it as one change through
 * publishChange: verified locally before it is sent, the cache refreshed only after the server took it.
 */
export async function publishTagEdits(trustDir: string, state: RepoState, edits: TagEdits, o: { server: ServerOptions; passphrases: RolePassphrases; now: Date }): Promise<PublishOutcome> {
  const toWipe: PrivateKey[] = [];
  try {
    const signers = new Map([...edits.keys()].map((role) => {
      const s = openRoleSigner(trustDir, state, role, o.passphrases);
      toWipe.push(s.key);
      return [role, s.signer] as const;
    }));
    const snapshotLocal = hasLocalSnapshotKey(trustDir, state);
    const snapshot = snapshotLocal ? signerForRole(trustDir, state.root.signed, 'snapshot', o.passphrases.snapshot) : null;
    if (snapshot) toWipe.push(snapshot.key);

    const files = new Map<string, Buffer>();
    for (const [role, e] of edits) {
      const current = role === 'targets' ? state.targets.signed : (state.delegations.get(role)?.signed ?? EMPTY_TARGETS);
      files.set(role, (await resignTargets(current, { set: e.set, remove: e.remove }, signers.get(role)!, { now: o.now, role })).file);
    }
    if (snapshot) {
      const all = stateFiles(state);
      for (const [r, b] of files) all.set(r, b);
      files.set('snapshot', await signMetadata(snapshotFor(all, { version: state.snapshot.signed.version + 1, now: o.now }), [snapshot.signer]));
    }
    return await publishChange({ trustDir, gun: state.gun, server: o.server, current: state, files, serverSignsSnapshot: !snapshot, newKeys: [], retiredKeyIds: [], now: o.now });
  } finally {
    for (const k of toWipe) k.wipe();
  }
}
