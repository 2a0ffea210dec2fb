import { VaultError } from '../../errors';
import { rootCertProblem } from '../../tuf/cache-status';
import { readTufKey } from '../../tuf/tuf-key';
import { defaultExpires } from './expiry';
import type { PublicTufKey, TufKeyObject } from './keys';
import {
  BASE_ROLES,
  type BaseRole,
  type Delegations,
  fileMeta,
  isDelegationName,
  rootSigned,
  type RootSigned,
  snapshotSigned,
  type SnapshotSigned,
  type TargetMeta,
  targetsSigned,
  type TargetsSigned,
  timestampSigned,
  type TimestampSigned,
} from './roles';
import { signMetadata } from './sign';
import type { MetadataSigner } from './signer';

/** A server-held key: the public key notary-server returned from `GET …/snapshot.key` or `timestamp.key`. */
export interface ServerKey {
  server: PublicTufKey;
}

export interface NewRepositoryOptions {
  gun: string;
  /** Listed as its root certificate key (ecdsa-x509, CN = GUN). */
  root: MetadataSigner;
  targets: MetadataSigner;
  /** A local snapshot key, or the server's when the server manages the snapshot. */
  snapshot: MetadataSigner | ServerKey;
  /** Always the server's. */
  timestamp: PublicTufKey;
  now: Date;
}

export interface BuiltRepository {
  root: RootSigned;
  targets: TargetsSigned;
  /** Absent when the server signs the snapshot. */
  snapshot?: SnapshotSigned;
  /** The files to publish, by role: root, targets and, with a local snapshot key, snapshot. */
  files: Map<string, Buffer>;
}

const isServerKey = (k: MetadataSigner | ServerKey): k is ServerKey => 'server' in k;
const listed = (s: MetadataSigner): PublicTufKey => ({ id: s.keyId, key: s.publicKey });

/** A key must hash to the ID it is listed under, or no client will count its signatures. */
function checkListed(role: string, k: PublicTufKey): void {
  const read = readTufKey(k.key);
  if (read.error) throw new VaultError('INVALID_ARGUMENT', `${role} key ${k.id}: ${read.error}`);
  if (read.id !== k.id) throw new VaultError('INVALID_ARGUMENT', `${role} key listed as ${k.id} hashes to ${read.id}`);
}

/** Refuses a root key our verifier (and notary's) would reject: not a certificate, another GUN, expired, a CA. */
function checkRootKey(k: PublicTufKey, gun: string, now: Date): void {
  checkListed('root', k);
  const why = rootCertProblem(readTufKey(k.key), gun, now);
  if (why) throw new VaultError('INVALID_ARGUMENT', why);
}

/**
 * The first publish of a repository, as `notary init` + `publish` makes it: root, targets (no targets, no
 * delegations) and, with a local snapshot key, the snapshot over the two, all version 1 with notary's default
 * expiries. The timestamp is the server's to sign.
 */
export async function buildNewRepository(o: NewRepositoryOptions): Promise<BuiltRepository> {
  const rootKey = listed(o.root);
  checkRootKey(rootKey, o.gun, o.now);
  const snapshotKey = isServerKey(o.snapshot) ? o.snapshot.server : listed(o.snapshot);
  const base: Record<BaseRole, PublicTufKey> = { root: rootKey, targets: listed(o.targets), snapshot: snapshotKey, timestamp: o.timestamp };
  for (const [role, k] of Object.entries(base)) checkListed(role, k);
  const keys: Record<string, TufKeyObject> = {};
  for (const k of Object.values(base)) keys[k.id] = k.key;
  const roles = Object.fromEntries(Object.entries(base).map(([r, k]) => [r, { keyids: [k.id], threshold: 1 }])) as RootSigned['roles'];
  const root = rootSigned({ keys, roles, version: 1, expires: defaultExpires('root', o.now) });
  const targets = targetsSigned({ version: 1, expires: defaultExpires('targets', o.now) });
  const files = new Map<string, Buffer>([
    ['root', await signMetadata(root, [o.root])],
    ['targets', await signMetadata(targets, [o.targets])],
  ]);
  if (isServerKey(o.snapshot)) return { root, targets, files };
  const snapshot = snapshotFor(files, { version: 1, now: o.now });
  files.set('snapshot', await signMetadata(snapshot, [o.snapshot]));
  return { root, targets, snapshot, files };
}

export interface TargetChanges {
  /** Targets added or replaced, by name. */
  set?: Record<string, TargetMeta>;
  remove?: string[];
  /** The new delegations (from addSigner, addDelegationKeys, …); unchanged when absent. */
  delegations?: Delegations;
}

/**
 * The next version of a targets file (targets or a delegation) with the changes applied, a fresh default expiry,
 * signed by `signer`. Returns the signed object and the file bytes.
 */
export async function resignTargets(
  current: TargetsSigned,
  changes: TargetChanges,
  signer: MetadataSigner,
  options: { now: Date; role?: string },
): Promise<{ signed: TargetsSigned; file: Buffer }> {
  const targets = { ...current.targets };
  for (const name of changes.remove ?? []) delete targets[name];
  Object.assign(targets, changes.set ?? {});
  const signed = targetsSigned({
    targets,
    delegations: changes.delegations ?? current.delegations,
    version: current.version + 1,
    expires: defaultExpires(options.role ?? 'targets', options.now),
  });
  return { signed, file: await signMetadata(signed, [signer]) };
}

/** The next root version with a fresh default expiry; keys no role lists any more are dropped, except root's. */
function nextRoot(current: RootSigned, roles: RootSigned['roles'], keys: Record<string, TufKeyObject>, now: Date, keep: Set<string>): RootSigned {
  const used = new Set([...Object.values(roles).flatMap((r) => r.keyids), ...keep]);
  const kept = Object.fromEntries(Object.entries(keys).filter(([id]) => used.has(id)));
  return rootSigned({ keys: kept, roles, version: current.version + 1, expires: defaultExpires('root', now) });
}

/**
 * The certificate keys in root.json that no other role uses: the current root keys and those rotated out, which
 * stay listed so a client pinned to an older root can check each step of the chain.
 */
function rootKeyIds(root: RootSigned): Set<string> {
  const otherRoles = new Set(BASE_ROLES.filter((r) => r !== 'root').flatMap((r) => root.roles[r].keyids));
  return new Set(Object.entries(root.keys).filter(([id, k]) => k.keytype.endsWith('-x509') && !otherRoles.has(id)).map(([id]) => id));
}

/**
 * A new root where `role` (targets, snapshot or timestamp) is signed by `newKey` alone, as `notary key rotate`
 * makes it; the old key leaves root.json when no other role uses it. Sign it with the current root key(s).
 */
export function rotateRole(current: RootSigned, role: Exclude<BaseRole, 'root'>, newKey: PublicTufKey, now: Date): RootSigned {
  if ((role as string) === 'root') throw new VaultError('INVALID_ARGUMENT', 'use rotateRoot for the root role');
  checkListed(role, newKey);
  const roles = { ...current.roles, [role]: { keyids: [newKey.id], threshold: 1 } };
  return nextRoot(current, roles, { ...current.keys, [newKey.id]: newKey.key }, now, rootKeyIds(current));
}

/**
 * A root rotation (NOTARY.md section 5): the new certificate key becomes the only root key; the old one leaves
 * `roles.root.keyids` but stays in `keys`, and the new version is signed by both, so a client pinned to the old
 * root can verify the step with the keys it trusts and the new root verifies on its own.
 */
export async function rotateRoot(
  current: RootSigned,
  oldSigner: MetadataSigner,
  newSigner: MetadataSigner,
  options: { gun: string; now: Date },
): Promise<{ signed: RootSigned; file: Buffer }> {
  if (!current.roles.root.keyids.includes(oldSigner.keyId)) throw new VaultError('INVALID_ARGUMENT', `key ${oldSigner.keyId} is not a current root key`);
  if (oldSigner.keyId === newSigner.keyId) throw new VaultError('INVALID_ARGUMENT', 'the new root key is the current one');
  const newKey = listed(newSigner);
  checkRootKey(newKey, options.gun, options.now);
  const roles = { ...current.roles, root: { keyids: [newKey.id], threshold: 1 } };
  const keep = new Set([...rootKeyIds(current), newKey.id]);
  const signed = nextRoot(current, roles, { ...current.keys, [newKey.id]: newKey.key }, options.now, keep);
  return { signed, file: await signMetadata(signed, [oldSigner, newSigner]) };
}

function checkName(name: string): void {
  if (!isDelegationName(name)) throw new VaultError('INVALID_ARGUMENT', `not a delegation name: ${JSON.stringify(name)}`);
}

/** Drops delegation keys no role lists any more, as notary does when keys or roles are removed. */
function pruneKeys(d: Delegations): Delegations {
  const used = new Set(d.roles.flatMap((r) => r.keyids));
  return { keys: Object.fromEntries(Object.entries(d.keys).filter(([id]) => used.has(id))), roles: d.roles };
}

/**
 * Adds keys to a delegation, creating it (threshold 1) when missing, and the paths it may sign (`[""]` = all).
 * Version and signatures are untouched: resignTargets makes the next version.
 */
export function addDelegationKeys(t: TargetsSigned, name: string, keys: PublicTufKey[], paths: string[] = ['']): TargetsSigned {
  checkName(name);
  for (const k of keys) checkListed(name, k);
  const dKeys = { ...t.delegations.keys };
  for (const k of keys) dKeys[k.id] = k.key;
  const existing = t.delegations.roles.find((r) => r.name === name);
  const role = existing
    ? { ...existing, keyids: [...new Set([...existing.keyids, ...keys.map((k) => k.id)])], paths: [...new Set([...existing.paths, ...paths])] }
    : { name, keyids: [...new Set(keys.map((k) => k.id))], threshold: 1, paths: [...new Set(paths)] };
  const roles = existing ? t.delegations.roles.map((r) => (r.name === name ? role : r)) : [...t.delegations.roles, role];
  return targetsSigned({ ...t, delegations: { keys: dKeys, roles } });
}

/** Removes keys from a delegation (the role stays, perhaps with no keys, as notary leaves it). */
export function removeDelegationKeys(t: TargetsSigned, name: string, keyIds: string[]): TargetsSigned {
  checkName(name);
  const roles = t.delegations.roles.map((r) => (r.name === name ? { ...r, keyids: r.keyids.filter((id) => !keyIds.includes(id)) } : r));
  return targetsSigned({ ...t, delegations: pruneKeys({ keys: t.delegations.keys, roles }) });
}

/** Removes a delegation role and the keys only it used. */
export function removeDelegation(t: TargetsSigned, name: string): TargetsSigned {
  checkName(name);
  if (!t.delegations.roles.some((r) => r.name === name)) throw new VaultError('NOT_FOUND', `no delegation ${name}`);
  return targetsSigned({ ...t, delegations: pruneKeys({ keys: t.delegations.keys, roles: t.delegations.roles.filter((r) => r.name !== name) }) });
}

export const RELEASES_ROLE = 'targets/releases';

/** docker's signer names (`docker trust signer add`): `releases` is the shared role, not a signer. */
function signerRole(signer: string): string {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(signer) || signer === 'releases') throw new VaultError('INVALID_ARGUMENT', `not a signer name: ${JSON.stringify(signer)}`);
  return `targets/${signer}`;
}

/**
 * `docker trust signer add NAME`: the signer's keys go into `targets/NAME` and into `targets/releases` (the role
 * docker reads tags from), both with all paths.
 */
export function addSigner(t: TargetsSigned, signer: string, keys: PublicTufKey[]): TargetsSigned {
  return addDelegationKeys(addDelegationKeys(t, signerRole(signer), keys, ['']), RELEASES_ROLE, keys, ['']);
}

/** `docker trust signer remove NAME`: the signer's keys leave `targets/releases`, and `targets/NAME` is removed. */
export function removeSigner(t: TargetsSigned, signer: string): TargetsSigned {
  const name = signerRole(signer);
  const role = t.delegations.roles.find((r) => r.name === name);
  if (!role) throw new VaultError('NOT_FOUND', `no signer ${signer}`);
  return removeDelegation(removeDelegationKeys(t, RELEASES_ROLE, role.keyids), name);
}

/** An empty delegation file, version 1: what a delegation signs before its first tag. */
export function newDelegationTargets(now: Date): TargetsSigned {
  return targetsSigned({ version: 1, expires: defaultExpires('targets', now) });
}

/**
 * The snapshot over the given files (root, targets and every `targets/…` delegation; other entries ignored), each
 * with length, sha256 and sha512 of its exact bytes.
 */
export function snapshotFor(files: Map<string, Buffer>, options: { version: number; now: Date }): SnapshotSigned {
  const meta = Object.fromEntries([...files].filter(([role]) => role === 'root' || role === 'targets' || isDelegationName(role)).map(([role, b]) => [role, fileMeta(b)]));
  return snapshotSigned({ meta, version: options.version, expires: defaultExpires('snapshot', options.now) });
}

/** The timestamp over a snapshot file, as the server signs it (for tests and offline repositories). */
export function timestampFor(snapshot: Buffer, options: { version: number; now: Date }): TimestampSigned {
  return timestampSigned({ snapshot: fileMeta(snapshot), version: options.version, expires: defaultExpires('timestamp', options.now) });
}
