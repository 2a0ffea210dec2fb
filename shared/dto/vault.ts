/**
 * The vault (issue 7): one Argon2id + AES-256-GCM file in the app's data folder holding saved key passphrases and
 * offline keys. What the renderer and the CLI see of it: state and metadata, never a secret.
 */

export type VaultLockReason = 'manual' | 'idle' | 'system';

export interface VaultKdfInfo {
  algorithm: 'argon2id';
  /** Memory in KiB (at least 65536 = 64 MiB). */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  /** The unlock time the iterations were calibrated to, in milliseconds. */
  targetMs: number;
  /** What one derivation took when calibrated on this machine. */
  measuredMs: number;
}

/** A key whose passphrase the vault holds (listed only while unlocked). */
export interface SavedPassphraseInfo {
  keyId: string;
  role: string | null;
  gun: string | null;
  savedAt: string;
}

/** A key kept in the vault instead of the trust dir. Readable while locked: key IDs are public. */
export interface OfflineKeyInfo {
  keyId: string;
  role: string | null;
  gun: string | null;
  algorithm: string | null;
  /** The trust dir the key file came from and goes back to. */
  trustDir: string;
  /** The file's path relative to the trust dir, e.g. private/<id>.key. */
  file: string;
  takenOfflineAt: string;
  /** Set while the key file is back in the trust dir for a limited time. */
  onlineUntil: string | null;
}

export interface VaultStatus {
  /** The vault file's absolute path. */
  file: string;
  exists: boolean;
  unlocked: boolean;
  /** Why it was last locked (null when unlocked or never unlocked in this session). */
  lockedBy: VaultLockReason | null;
  /** Present when the file exists and its header is readable. */
  kdf: VaultKdfInfo | null;
  /** Minutes of inactivity before the vault locks itself; 0 = never. */
  autoLockMinutes: number;
  /** Saved passphrases: only while unlocked (empty when locked). */
  savedPassphrases: SavedPassphraseInfo[];
  offlineKeys: OfflineKeyInfo[];
  /**
   * While unlocked: the audit log against the vault's checkpoints as this unlock found it (issue 12, point 3), so the
   * app can say at once when the log was rewritten or deleted. Absent while locked.
   */
  auditAtUnlock?: AuditCheckpointReport | null;
}

export interface OfflineOutcome {
  keyId: string;
  /** Where the key's other copies are: verified backups by drive label or file, and tokens. */
  otherCopies: string[];
  /** True when the user insisted past the "no other copy" warning. */
  insisted: boolean;
  status: VaultStatus;
}

export interface OnlineOutcome {
  keyId: string;
  /** The key file's absolute path in the trust dir. */
  path: string;
  /** When the vault removes the file again. */
  until: string;
  status: VaultStatus;
}

/** Actions recorded in the audit log (issue 7, point 5, plus the vault's own). */
export const AUDIT_ACTIONS = [
  'key.generated',
  'key.imported',
  'key.exported',
  'key.removed',
  'key.passphrase-changed',
  'key.offline',
  'key.online',
  'backup.written',
  'backup.verified',
  'backup.restored',
  'token.login',
  'token.logout',
  'token.module-added',
  'token.root-generated',
  'publish.init',
  'publish.rotate',
  'publish.resign',
  'publish.signer-added',
  'publish.signer-removed',
  'publish.trust-data-deleted',
  'vault.created',
  'vault.unlocked',
  'vault.locked',
  'vault.settings-changed',
  'vault.passphrase-saved',
  'vault.passphrase-forgotten',
  'vault.master-passphrase-changed',
  'audit.restarted',
  'key.quarantine-restored',
  'publish.tags-signed',
  'publish.tags-revoked',
  'key.leftover-promoted',
  'key.leftover-removed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** 1, 2, 3, ... in the order written. */
  seq: number;
  /** ISO time. */
  at: string;
  action: AuditAction;
  keyIds: string[];
  gun: string | null;
  role: string | null;
  result: 'ok' | 'failed';
  /** The error code when result is failed. */
  error: string | null;
  /** A short, secret-free note: a drive label, a server URL, a count. */
  detail: string | null;
  /** Who: the OS user, the host, and whether the app or the CLI did it. */
  actor: { user: string; host: string; via: 'app' | 'cli' };
  /** sha256 (hex) of the entry before; 64 zeros for the first. */
  prev: string;
  /** sha256 (hex) of this entry's canonical JSON without `hash`. */
  hash: string;
}

export interface AuditFilter {
  actions?: AuditAction[];
  keyId?: string;
  result?: 'ok' | 'failed';
  since?: string;
  until?: string;
}

export interface AuditProblem {
  /** 1-based line in the log file. */
  line: number;
  /** tampered: the log differs from, or is shorter than, the vault's last checkpoint (issue 12, point 3). */
  kind: 'malformed' | 'edited' | 'removed' | 'reordered' | 'truncated' | 'tampered';
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The last entry's hash, as the chain ends. */
  head: string | null;
  problems: AuditProblem[];
  /** The log against the vault's checkpoints; present when the vault was unlocked to check it (issue 12, point 3). */
  checkpoint?: AuditCheckpointReport;
}

/**
 * The audit log against the checkpoints the vault keeps in its ciphertext (an HMAC, under a key only the vault holds,
 * over the log's last sequence number and hash, written on every vault write and at each unlock). Rewriting the log
 * and recomputing its chain, or deleting it, cannot produce a log that matches them.
 */
export interface AuditCheckpointReport {
  /** confirmed: the log goes on from the last checkpoint; tampered: it is shorter or differs; none: no checkpoint yet. */
  state: 'confirmed' | 'tampered' | 'none';
  /** The vault's last checkpoint. */
  last: { seq: number; at: string } | null;
  /** What differs, when tampered. */
  tampered: {
    /** The first and last entry numbers that are not what was written (lastSeq: the last checkpointed one). */
    firstSeq: number;
    lastSeq: number;
    /** The newest checkpoint the log still matches (its time): the change was made after it. null: none matches. */
    since: string | null;
    message: string;
  } | null;
  /** Entries written after the last checkpoint (by commands that never opened the vault): not yet confirmed. */
  unconfirmed: number[];
}

/**
 * A key file a locked vault moved aside instead of deleting (issue 12, point 2): the header that asked for it was
 * not yet authenticated. It stays until restored, or until an unlock shows the vault holds the very same bytes.
 */
export interface QuarantinedKey {
  /** The quarantine entry's name (restore takes it). */
  name: string;
  keyId: string;
  /** Where the file was, as recorded when it was moved; null when the note is missing or unreadable. */
  from: string | null;
  /** Where restoring writes it: <registered trust dir>/private/<id>.key; null when its trust dir is not known. */
  restoreTo: string | null;
  movedAt: string | null;
  reason: string | null;
}
