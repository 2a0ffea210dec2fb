import type { ManifestKey } from '../../../shared/dto/backups';
import { checkManifestArchives, type ManifestArchive } from './archive-entries';
import { array, isoDate, literal, nullable, object, ShapeError, str } from './json-shape';

/**
 * The manifest inside every vault backup: which keys it holds, a hash of each key file, when and by what it was
 * made. It sits at the archive's top level under a name that says what it is, so a plain `tar -xz` just extracts
 * one harmless JSON file beside `private/`.
 */
export const MANIFEST_PATH = 'trust-vault-backup-manifest.json';
export const MANIFEST_FORMAT = 'trust-vault-backup';
/** 100,000 keys (the most an archive may hold) at well under 640 bytes each: the manifest never needs more. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

const sha256Hex = str(64, /^[0-9a-f]{64}$/);

/** The most keys a backup may hold: an archive holds at most 100,000 entries (tar/limits.ts). */
export const MAX_MANIFEST_KEYS = 100_000;

/** One entry of the manifest's key list (checked one at a time as the manifest streams in: manifest-reader.ts). */
export const checkManifestKey = object<ManifestKey>({
  path: str(1024),
  id: str(256),
  role: nullable(str(255)),
  gun: nullable(str(255)),
  algorithm: nullable(str(32)),
  sha256: sha256Hex,
});

/** Everything but the key list, which manifest-reader.ts takes apart and leaves as `"keys": []`. */
const checkManifestFields = object<BackupManifest>({
  format: literal(MANIFEST_FORMAT),
  version: literal(1),
  backupId: str(64, /^[A-Za-z0-9_-]{8,64}$/),
  createdAt: isoDate,
  appVersion: str(64),
  // Taken out as it streamed past: what is left in its place must be an empty list.
  keys: (v, at) => {
    if (!Array.isArray(v) || v.length > 0) throw new ShapeError(`${at} is not a list`);
    return [];
  },
  pinnedRoots: array(object<{ gun: string; path: string; sha256: string }>({ gun: str(255), path: str(1024), sha256: sha256Hex }), 100_000),
});

/**
 * The vault's last audit checkpoint when the backup was made (issue 12, point 3): an HMAC under a key only the vault
 * holds over the audit log's head then. Written only when the vault was unlocked; a later `audit verify` can hold
 * the log against it.
 */
export interface ManifestCheckpoint {
  seq: number;
  hash: string;
  at: string;
  mac: string;
}

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  backupId: string;
  createdAt: string;
  appVersion: string;
  keys: ManifestKey[];
  pinnedRoots: { gun: string; path: string; sha256: string }[];
  auditCheckpoint?: ManifestCheckpoint;
  /** Verified trust-data archives carried on request (issue 15, point 3; see archive-entries.ts). */
  trustDataArchives?: ManifestArchive[];
}

const checkCheckpoint = object<ManifestCheckpoint>({
  seq: (v, at) => {
    if (!Number.isSafeInteger(v) || (v as number) < 0) throw new ShapeError(`${at} is not a whole number`);
    return v as number;
  },
  hash: sha256Hex,
  at: isoDate,
  mac: sha256Hex,
});

export function encodeManifest(manifest: BackupManifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

/**
 * The manifest's fields but its key list, from the document with its key list taken out. A manifest that does not
 * check out means the archive is not what the vault wrote: damaged, never half-trusted (the caller says so).
 */
export function checkManifestRest(json: unknown): Omit<BackupManifest, 'keys'> {
  const { keys: _keys, ...manifest } = checkManifestFields(json, 'manifest');
  const cp = (json as { auditCheckpoint?: unknown }).auditCheckpoint;
  const withCheckpoint = cp === undefined ? manifest : { ...manifest, auditCheckpoint: checkCheckpoint(cp, 'manifest.auditCheckpoint') };
  const archives = (json as { trustDataArchives?: unknown }).trustDataArchives;
  return archives === undefined ? withCheckpoint : { ...withCheckpoint, trustDataArchives: checkManifestArchives(archives, 'manifest.trustDataArchives') };
}
