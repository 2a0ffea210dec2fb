/** What the renderer and the CLI see of drives, backups, their verification, coverage and restores. No key bytes. */

/** Why a drive cannot take a backup right now. */
export const DRIVE_PROBLEMS = ['NOT_MOUNTED', 'READ_ONLY', 'FULL', 'UNWRITABLE'] as const;
export type DriveProblem = (typeof DRIVE_PROBLEMS)[number];

export interface DriveInfo {
  /** Opaque and stable while the drive stays plugged in and mounted at the same place. */
  id: string;
  /** The volume label, else the drive's description, else its device name. */
  label: string;
  /** e.g. /dev/sdb1; for injected test drives whatever the test says. */
  device: string;
  description: string;
  /** Bytes; null when the system does not say. */
  size: number | null;
  /** Free bytes on the mounted filesystem; null when not mounted. */
  free: number | null;
  mountPoint: string | null;
  /** e.g. vfat, exfat, ext4; null when unknown. */
  filesystem: string | null;
  readOnly: boolean;
  /** FAT and exFAT have no file permissions: on them the backup's only protection is its encryption. */
  noPermissions: boolean;
  /** Null when a backup can be written here now. */
  problem: { code: DriveProblem; message: string } | null;
}

/** Where a new backup goes: a listed drive, or a folder main asks for. */
export type BackupDestination = { kind: 'drive'; driveId: string } | { kind: 'folder' };

export interface ManifestKey {
  /** Path inside the archive: private/<id>.key, or a legacy path as it was. */
  path: string;
  id: string;
  role: string | null;
  gun: string | null;
  algorithm: string | null;
  /** sha256 of the key file's bytes, lowercase hex. */
  sha256: string;
}

/** One key of a backup compared with the archive and the trust dir. */
export interface VerifiedKey {
  id: string;
  role: string | null;
  gun: string | null;
  path: string;
  /** The archive holds the file and its bytes hash to the manifest's value. */
  archive: 'ok' | 'missing' | 'hash-mismatch' | 'not-in-manifest';
  /** The trust dir's current file: the same bytes, different bytes, or no such key. */
  trustDir: 'same' | 'different' | 'missing';
}

export interface VerifyReport {
  backupId: string | null;
  /** The file that was read back. */
  file: string;
  createdAt: string | null;
  appVersion: string | null;
  keys: VerifiedKey[];
  /** GUNs whose pinned root.json the backup holds. */
  pinnedRoots: string[];
  /** True when every key in the archive matches its manifest hash. Differences from the trust dir are reported, not failures. */
  ok: boolean;
  /** Plain-words differences, one per line; empty when the archive and the trust dir agree. */
  differences: string[];
  verifiedAt: string;
  /** Folder names of the verified trust-data archives the backup carries (issue 15, point 3), when any. */
  trustDataArchives?: string[];
}

export interface BackupCopyResult {
  destination: string;
  /** Written and read back: both fields set on success; error set when this copy failed. */
  file: string | null;
  bytes: number | null;
  verify: VerifyReport | null;
  error: { code: string; message: string } | null;
  /** FAT/exFAT: the file's only protection is its encryption. */
  noPermissions: boolean;
}

export interface BackupCreated {
  backupId: string;
  createdAt: string;
  keyIds: string[];
  pinnedRoots: string[];
  copies: BackupCopyResult[];
}

export interface ChosenBackupFile {
  /** Opaque handle to the path main chose through its dialog. */
  fileId: string;
  name: string;
  size: number;
  /** What the first bytes say: an age file, a gzip (plain tar.gz), or neither. */
  kind: 'age' | 'gzip' | 'unknown';
  /** The unlocked vault holds the passphrase of the backup this file is a copy of: it need not be typed. */
  passphraseInVault?: boolean;
}

export type RestoreState = 'new' | 'present' | 'different';

export interface RestoreKeyPreview {
  /** Path in the trust dir it would be written to, e.g. private/<id>.key. */
  path: string;
  id: string;
  role: string | null;
  gun: string | null;
  state: RestoreState;
}

export interface RestoreRootPreview {
  gun: string;
  path: string;
  state: RestoreState;
  /**
   * The root keys this root trusts for the GUN (issue 12, point 1): what the user checks before choosing it. Only
   * roots an encrypted Trust Vault backup's manifest vouches for, signed by their own keys, are offered at all.
   */
  keyIds: string[];
}

export interface RestorePreview {
  /** Main keeps the checked archive for a few minutes under this ID; restoring consumes it. */
  planId: string;
  file: string;
  format: 'vault' | 'tar.gz';
  encrypted: boolean;
  backupId: string | null;
  createdAt: string | null;
  keys: RestoreKeyPreview[];
  roots: RestoreRootPreview[];
  /** Files of the archive that will not be restored (not key files, or unreadable ones), each with why. */
  ignored: { path: string; reason: string }[];
}

export interface RestoreReport {
  trustDir: string;
  written: string[];
  /** Chosen entries not written, each with why (already present, or present but different). */
  skipped: { path: string; reason: string }[];
}

export interface BackupCopyRecord {
  backupId: string;
  /** Drive label (or folder name) the copy was written to. */
  location: string;
  file: string;
  writtenAt: string;
  lastVerifiedAt: string | null;
  lastVerifyOk: boolean | null;
}

export type CoverageStatus = 'verified' | 'drill-due' | 'unverified' | 'none';

export interface KeyCoverage {
  id: string;
  role: string | null;
  gun: string | null;
  kind: string | null;
  /** Copies of backups that hold this key ID (an older copy may be under an older passphrase). */
  copies: BackupCopyRecord[];
  verifiedCopies: number;
  lastVerifiedAt: string | null;
  /** none: no backup; unverified: never read back; drill-due: last verified over 6 months ago. */
  status: CoverageStatus;
}

export interface CoverageReport {
  trustDir: string;
  /** Root keys first, then targets, snapshot, timestamp, delegation; within a kind, uncovered first. */
  keys: KeyCoverage[];
  /** Every location that holds a backup of any key, for the keys-by-drive table. */
  locations: string[];
  drillAfterDays: number;
}

/** Progress of a long operation, sent as the `progress` event. */
export interface ProgressEvent {
  jobId: string;
  phase: 'packing' | 'encrypting' | 'writing' | 'verifying' | 'reading';
  /** Which copy (drive label) this is about, when there are several. */
  target?: string;
  done: number;
  total: number;
}

/** A trust-data archive folder the app wrote (issue 15, point 3), offered by the backup wizard; main keeps its path. */
export interface WrittenArchive {
  /** Opaque: main maps it back to the folder. */
  id: string;
  /** The folder's name, as it will appear in the backup (`trust-data-archives/<name>/`). */
  name: string;
  guns: string[];
  writtenAt: string;
}
