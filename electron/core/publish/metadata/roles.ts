import { createHash } from 'node:crypto';
import { VaultError } from '../../errors';
import type { TufKeyObject } from './keys';

/** The four roles root.json lists. */
export type BaseRole = 'root' | 'targets' | 'snapshot' | 'timestamp';
export const BASE_ROLES: readonly BaseRole[] = ['root', 'targets', 'snapshot', 'timestamp'];

export interface RoleKeys {
  keyids: string[];
  threshold: number;
}

export interface RootSigned {
  _type: 'Root';
  consistent_snapshot: false;
  expires: string;
  keys: Record<string, TufKeyObject>;
  roles: Record<BaseRole, RoleKeys>;
  version: number;
}

/** A snapshot/timestamp `meta` entry: notary lists sha256 and sha512 of the exact file bytes. */
export interface FileMeta {
  length: number;
  hashes: { sha256: string; sha512: string };
}

/** A target: docker signs the manifest digest with sha256 only; `notary add` lists sha256 and sha512. */
export interface TargetMeta {
  length: number;
  hashes: { sha256: string; sha512?: string };
  custom?: unknown;
}

export interface DelegationRole {
  name: string;
  keyids: string[];
  threshold: number;
  /** `[""]` means every path (what docker and `notary delegation add --all-paths` write). */
  paths: string[];
}

export interface Delegations {
  keys: Record<string, TufKeyObject>;
  roles: DelegationRole[];
}

export interface TargetsSigned {
  _type: 'Targets';
  /** Always written, empty when there are none, as notary does (even in delegation files). */
  delegations: Delegations;
  expires: string;
  targets: Record<string, TargetMeta>;
  version: number;
}

export interface SnapshotSigned {
  _type: 'Snapshot';
  expires: string;
  meta: Record<string, FileMeta>;
  version: number;
}

export interface TimestampSigned {
  _type: 'Timestamp';
  expires: string;
  meta: { snapshot: FileMeta };
  version: number;
}

export type AnySigned = RootSigned | TargetsSigned | SnapshotSigned | TimestampSigned;

function checkVersion(version: number): number {
  if (!Number.isSafeInteger(version) || version < 1) throw new VaultError('INVALID_ARGUMENT', `version ${version} is not a positive integer`);
  return version;
}

function checkRoleKeys(role: string, r: RoleKeys, keys: Record<string, unknown>): RoleKeys {
  const keyids = [...new Set(r.keyids)];
  // notary never writes a threshold other than 1, and a threshold the listed keys cannot reach locks the role.
  if (!Number.isSafeInteger(r.threshold) || r.threshold < 1) throw new VaultError('INVALID_ARGUMENT', `${role}: threshold ${r.threshold}`);
  if (keyids.length < r.threshold) throw new VaultError('INVALID_ARGUMENT', `${role}: ${keyids.length} keys cannot meet threshold ${r.threshold}`);
  for (const id of keyids) if (!(id in keys)) throw new VaultError('INVALID_ARGUMENT', `${role} lists key ${id}, which is not defined`);
  return { keyids, threshold: r.threshold };
}

export function rootSigned(p: { keys: Record<string, TufKeyObject>; roles: Record<BaseRole, RoleKeys>; version: number; expires: string }): RootSigned {
  const roles = Object.fromEntries(BASE_ROLES.map((r) => [r, checkRoleKeys(r, p.roles[r], p.keys)])) as Record<BaseRole, RoleKeys>;
  return { _type: 'Root', consistent_snapshot: false, expires: p.expires, keys: { ...p.keys }, roles, version: checkVersion(p.version) };
}

/** notary's delegation names: under `targets/`, lower-case letters, digits, `-`, `_`, `/`, no empty or dot segments. */
export function isDelegationName(name: string): boolean {
  return /^targets\/[-a-z0-9_/]+$/.test(name) && !name.split('/').some((s) => s === '' || s === '.' || s === '..');
}

export function targetsSigned(p: { targets?: Record<string, TargetMeta>; delegations?: Delegations; version: number; expires: string }): TargetsSigned {
  const delegations = p.delegations ?? { keys: {}, roles: [] };
  const seen = new Set<string>();
  const roles = delegations.roles.map((r) => {
    if (!isDelegationName(r.name)) throw new VaultError('INVALID_ARGUMENT', `not a delegation name: ${JSON.stringify(r.name)}`);
    if (seen.has(r.name)) throw new VaultError('INVALID_ARGUMENT', `delegation ${r.name} listed twice`);
    seen.add(r.name);
    // A delegation with no keys is allowed: it is what removing the last signer leaves, and it signs nothing.
    const keys = r.keyids.length === 0 ? { keyids: [], threshold: r.threshold } : checkRoleKeys(r.name, r, delegations.keys);
    return { name: r.name, keyids: keys.keyids, threshold: r.threshold, paths: [...r.paths] };
  });
  return {
    _type: 'Targets',
    delegations: { keys: { ...delegations.keys }, roles },
    expires: p.expires,
    targets: { ...(p.targets ?? {}) },
    version: checkVersion(p.version),
  };
}

export function snapshotSigned(p: { meta: Record<string, FileMeta>; version: number; expires: string }): SnapshotSigned {
  // notary's client requires root and targets in the snapshot; a snapshot without them is never valid.
  for (const r of ['root', 'targets']) if (!p.meta[r]) throw new VaultError('INVALID_ARGUMENT', `snapshot must list ${r}`);
  return { _type: 'Snapshot', expires: p.expires, meta: { ...p.meta }, version: checkVersion(p.version) };
}

export function timestampSigned(p: { snapshot: FileMeta; version: number; expires: string }): TimestampSigned {
  return { _type: 'Timestamp', expires: p.expires, meta: { snapshot: p.snapshot }, version: checkVersion(p.version) };
}

/** Length and sha256+sha512 (standard base64, as Go marshals []byte) of a metadata file's exact bytes. */
export function fileMeta(bytes: Buffer): FileMeta {
  return {
    length: bytes.length,
    hashes: { sha256: createHash('sha256').update(bytes).digest('base64'), sha512: createHash('sha512').update(bytes).digest('base64') },
  };
}

/** A target as `notary add` lists a file: its length, sha256 and sha512. */
export function targetMeta(content: Buffer, custom?: unknown): TargetMeta {
  const { length, hashes } = fileMeta(content);
  return custom === undefined ? { length, hashes } : { length, hashes, custom };
}
