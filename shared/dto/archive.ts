/**
 * A verified archive of repositories' trust data (issue 15, point 4), written before a notary server goes away.
 * The inventory is the stable part other features build on (the migration kit reads `inventory.json`): one row per
 * signed tag, exactly what `notary list` prints plus who signed it and what vouched for it.
 *
 * On disk (`DIR/`):
 * - `archive.json`: the manifest (ArchiveManifest), with a self-digest;
 * - `inventory.json` (ArchiveInventory) and `inventory.csv` (the same rows, header INVENTORY_CSV_COLUMNS);
 * - `tuf/<gun>/metadata/{root,timestamp,snapshot,targets}.json` and `targets/<name>.json`: the metadata exactly
 *   as served, in notary's cache layout, so `notary -d DIR list GUN` works on a copy offline;
 * - `tuf/<gun>/root-chain/<version>.root.json`: every earlier root version the server had.
 */

export const ARCHIVE_FORMAT = 'trust-vault-archive/1';

export interface ArchiveInventoryRow {
  gun: string;
  tag: string;
  /** sha256 of the target (the image manifest's digest), lowercase hex, as `notary list` prints it. */
  digest: string;
  size: number;
  /** The role whose metadata signs the tag: `targets` or `targets/<name>`. */
  role: string;
  /** The key IDs the repository lists for that role (x509 IDs where the key is a certificate). */
  roleKeyIds: string[];
  /** RFC 3339: when the archive's metadata was fetched and verified. */
  verifiedAt: string;
  /** The x509 IDs of the root keys that vouch for it all (root.json's root role). */
  rootKeyIds: string[];
  /** The notary server it was fetched from. */
  server: string;
}

export interface ArchiveInventory {
  format: typeof ARCHIVE_FORMAT;
  rows: ArchiveInventoryRow[];
}

export const INVENTORY_CSV_COLUMNS = ['gun', 'tag', 'digest', 'size', 'role', 'role_key_ids', 'verified_at', 'root_key_ids', 'server'] as const;

export interface ArchivedFile {
  /** Relative to the archive folder, with `/`. */
  path: string;
  sha256: string;
  size: number;
}

export interface ArchivedRepo {
  gun: string;
  server: string;
  verifiedAt: string;
  rootVersion: number;
  rootKeyIds: string[];
  /** How the root was trusted when archived: against the root pinned in the trust dir, or on first use. */
  rootTrust: 'pinned' | 'first-use';
  tagCount: number;
  /** Root versions the server did not have (their gap is noted, not filled). */
  missingRootVersions: number[];
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  createdAt: string;
  repos: ArchivedRepo[];
  /** Every file of the archive but archive.json, sorted by path. */
  files: ArchivedFile[];
  /** sha256 (hex) of the canonical JSON of this object without `digest`: a changed manifest shows. */
  digest: string;
}

export interface ArchiveWriteResult {
  dir: string;
  repos: ArchivedRepo[];
  rows: number;
  /** Shutdown notices of the servers (Docker Hub 2026-12-08, Azure 2028-03-31) and first-use roots. */
  warnings: string[];
}

export interface ArchiveProblem {
  /** The archive file it concerns, relative, e.g. `tuf/example.com/app/metadata/targets.json`. */
  file: string;
  message: string;
}

export interface ArchiveVerifyResult {
  dir: string;
  ok: boolean;
  problems: ArchiveProblem[];
  repos: ArchivedRepo[];
  /** The inventory recomputed from the verified metadata (equal to inventory.json when ok). */
  rows: ArchiveInventoryRow[];
}
