import { VaultError } from '../errors';
import type { PrivateKey } from '../keys/private-key';
import { findKeyFiles } from '../keys/store/scan';
import type { ServerOptions } from '../notary/http-client';
import { readTufKey } from '../tuf/tuf-key';
import type { RolePassphrases } from './init-repo';
import { defaultExpires, parseNotaryTime } from './metadata/expiry';
import type { TufKeyObject } from './metadata/keys';
import { resignTargets, snapshotFor } from './metadata/repo-builder';
import { isDelegationName, rootSigned, type TargetsSigned } from './metadata/roles';
import { signMetadata } from './metadata/sign';
import { type MetadataSigner, signerFromPrivateKey } from './metadata/signer';
import { publishChange, type PublishOutcome } from './publish-transaction';
import { loadRepoState, type RepoState, stateFiles } from './repo-state';
import { decryptKeyFile, keyUsable, signerForRole } from './role-signers';

const DAY_MS = 86_400_000;

export interface ResignOptions {
  server: ServerOptions;
  /** root for root, targets for targets, snapshot for a local snapshot, delegation for `targets/<name>`. */
  passphrases: RolePassphrases;
  /** Only these roles (root, targets, snapshot, targets/<name>); default: every role expiring within `withinDays`. */
  roles?: string[];
  withinDays?: number;
  now?: Date;
}

export interface ResignResult extends PublishOutcome {
  gun: string;
  /** The roles re-signed (the snapshot included when it was re-signed locally), in publish order. */
  resigned: string[];
}

/** Whether the trust dir holds a key file for one of the snapshot keys root lists. */
function localSnapshot(trustDir: string, state: RepoState): boolean {
  const root = state.root.signed;
  return root.roles.snapshot.keyids.some((id) => findKeyFiles(trustDir, readTufKey(root.keys[id]).canonicalId ?? id).some((f) => f.status === 'ok'));
}

/** The expiry of each role this re-sign can sign: root, targets, delegations, and the snapshot when it is local. */
export function expiriesOf(state: RepoState, snapshotIsLocal: boolean): Map<string, string> {
  const m = new Map<string, string>([
    ['root', state.root.signed.expires],
    ['targets', state.targets.signed.expires],
  ]);
  if (snapshotIsLocal) m.set('snapshot', state.snapshot.signed.expires);
  for (const [name, f] of state.delegations) m.set(name, f.signed.expires);
  return m;
}

/** The roles of `expiries` that expire within `withinDays` of `now` (or already have), sorted as they are signed. */
export function rolesExpiringWithin(expiries: Map<string, string>, withinDays: number, now: Date): string[] {
  const limit = now.getTime() + withinDays * DAY_MS;
  return [...expiries].filter(([, e]) => parseNotaryTime(e).getTime() <= limit).map(([r]) => r);
}

/**
 * Checks roles named by the user: the timestamp is the server's, a server-held snapshot too, and a delegation
 * must exist in the repository. Returns them deduplicated.
 */
export function checkRequestedRoles(requested: string[], state: RepoState, snapshotIsLocal: boolean): string[] {
  const out: string[] = [];
  for (const r of requested) {
    if (r === 'timestamp') throw new VaultError('INVALID_ARGUMENT', 'the timestamp is signed by the server, which re-signs it itself; nothing was sent');
    if (r === 'snapshot' && !snapshotIsLocal) {
      throw new VaultError('INVALID_ARGUMENT', `the snapshot of ${state.gun} is signed by the server (no snapshot key of it is in the trust dir), which re-signs it itself; nothing was sent`);
    }
    if (r !== 'root' && r !== 'targets' && r !== 'snapshot') {
      if (!isDelegationName(r)) throw new VaultError('INVALID_ARGUMENT', `not a role: ${JSON.stringify(r)} (root, targets, snapshot or targets/<name>)`);
      if (!state.delegations.has(r)) throw new VaultError('NOT_FOUND', `${state.gun} has no ${r}.json to re-sign (no such delegation, or it has signed nothing yet); nothing was sent`);
    }
    if (!out.includes(r)) out.push(r);
  }
  return out;
}

const RANK: Record<string, number> = { root: 0, targets: 1, snapshot: 3 };

/** Roles in the order they are signed and reported: root, targets, delegations (by name), snapshot. */
export function signingOrder(roles: string[]): string[] {
  const rank = (r: string) => RANK[r] ?? 2;
  return [...new Set(roles)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The file holding the delegation `name`'s keys: targets for `targets/x`, else the parent delegation. */
function parentOf(state: RepoState, name: string): TargetsSigned {
  const parent = name.slice(0, name.lastIndexOf('/'));
  if (parent === 'targets') return state.targets.signed;
  const p = state.delegations.get(parent);
  if (!p) throw new VaultError('NOT_FOUND', `${state.gun} has no ${parent}.json, which lists the keys of ${name}`);
  return p.signed;
}

/** A signer for a delegation from the first of its keys the trust dir holds. */
function delegationSigner(trustDir: string, state: RepoState, name: string, passphrase: string | undefined): { signer: MetadataSigner; key: PrivateKey } {
  const d = parentOf(state, name).delegations;
  const spec = d.roles.find((r) => r.name === name);
  if (!spec) throw new VaultError('NOT_FOUND', `${state.gun} has no delegation ${name}`);
  const listed = spec.keyids.map((id) => ({ id, key: d.keys[id] as TufKeyObject, canonical: readTufKey(d.keys[id]).canonicalId ?? id }));
  const present = listed.find((k) => keyUsable(trustDir, k.canonical));
  if (!present) {
    throw new VaultError('NOT_FOUND', `cannot re-sign ${name}: none of its keys is in ${trustDir} (it lists ${listed.map((k) => k.canonical).join(', ') || 'no keys'}); nothing was sent`);
  }
  const key = decryptKeyFile(trustDir, present.canonical, passphrase, `the ${name} key`);
  return { key, signer: signerFromPrivateKey(key, { id: present.id, key: present.key }) };
}

/** signerForRole with an error that says which role could not be re-signed. */
function baseSigner(trustDir: string, state: RepoState, role: 'root' | 'targets' | 'snapshot', passphrase: string | undefined) {
  try {
    return signerForRole(trustDir, state.root.signed, role, passphrase);
  } catch (e) {
    if (e instanceof VaultError) throw new VaultError(e.code, `cannot re-sign ${role}: ${e.message}; nothing was sent`);
    throw e;
  }
}

/**
 * Re-signs roles nearing expiry with their current keys: each gets version + 1 and notary's default expiry from
 * `now`; nothing else in it changes. By default every role expiring within `withinDays` (90): root, targets, the
 * delegations the server has, and the snapshot when its key is local; the timestamp and a server-held snapshot are
 * the server's to re-sign. A local snapshot is re-signed over the new files whenever anything changed. Everything
 * goes through publishChange: checked locally, published, then the cache; no key file changes.
 */
export async function resignRepository(trustDir: string, gun: string, o: ResignOptions): Promise<ResignResult> {
  const now = o.now ?? new Date();
  const withinDays = o.withinDays ?? 90;
  if (!Number.isFinite(withinDays) || withinDays < 0) throw new VaultError('INVALID_ARGUMENT', `withinDays must be a number of days >= 0 (got ${withinDays})`);
  const state = await loadRepoState(trustDir, gun, o.server, now);
  const snapshotIsLocal = localSnapshot(trustDir, state);
  const chosen = signingOrder(o.roles && o.roles.length > 0 ? checkRequestedRoles(o.roles, state, snapshotIsLocal) : rolesExpiringWithin(expiriesOf(state, snapshotIsLocal), withinDays, now));
  if (chosen.length === 0) {
    return {
      gun,
      resigned: [],
      versions: { root: state.root.signed.version, targets: state.targets.signed.version, snapshot: state.snapshot.signed.version, timestamp: state.timestamp.signed.version },
      keysWritten: [],
      keysRemoved: [],
      cacheUpdated: false,
      state,
    };
  }

  const toWipe: PrivateKey[] = [];
  try {
    // Every signer first: a missing key or a wrong passphrase is found before anything is signed.
    const signers = new Map<string, MetadataSigner>();
    for (const r of chosen) {
      if (r === 'snapshot') continue;
      const s = r === 'root' || r === 'targets' ? baseSigner(trustDir, state, r, o.passphrases[r]) : delegationSigner(trustDir, state, r, o.passphrases.delegation);
      toWipe.push(s.key);
      signers.set(r, s.signer);
    }
    let snapshot: MetadataSigner | null = null;
    if (snapshotIsLocal) {
      const s = baseSigner(trustDir, state, 'snapshot', o.passphrases.snapshot);
      toWipe.push(s.key);
      snapshot = s.signer;
    }

    const files = new Map<string, Buffer>();
    for (const r of chosen) {
      const signer = signers.get(r);
      if (!signer) continue;
      if (r === 'root') {
        const cur = state.root.signed;
        files.set('root', await signMetadata(rootSigned({ keys: cur.keys, roles: cur.roles, version: cur.version + 1, expires: defaultExpires('root', now) }), [signer]));
      } else if (r === 'targets') {
        files.set('targets', (await resignTargets(state.targets.signed, {}, signer, { now })).file);
      } else {
        const cur = state.delegations.get(r)!;
        files.set(r, (await resignTargets(cur.signed, {}, signer, { now, role: r })).file);
      }
    }
    if (snapshot) {
      const all = stateFiles(state);
      for (const [r, b] of files) all.set(r, b);
      files.set('snapshot', await signMetadata(snapshotFor(all, { version: state.snapshot.signed.version + 1, now }), [snapshot]));
    }
    const outcome = await publishChange({ trustDir, gun, server: o.server, current: state, files, serverSignsSnapshot: !snapshotIsLocal, newKeys: [], retiredKeyIds: [], now });
    return { ...outcome, gun, resigned: [...files.keys()] };
  } finally {
    for (const k of toWipe) k.wipe();
  }
}
