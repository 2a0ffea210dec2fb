/** What the renderer and the CLI see of a key: IDs and metadata only, never key bytes. */

export const KEY_ALGORITHMS = ['ecdsa', 'ed25519', 'rsa'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** 'vault': an offline key, kept in the vault file instead of the trust dir (issue 7). */
export type KeyLocation = 'file' | 'token' | 'vault';

/** The five key types of a notary repository; docker-style named signer keys are delegation keys. */
export const KEY_KINDS = ['root', 'targets', 'snapshot', 'timestamp', 'delegation'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** How the key file is encoded on disk. */
export type KeyFileFormat =
  | 'pkcs8-encrypted' // ENCRYPTED PRIVATE KEY: what notary writes
  | 'pkcs8' // PRIVATE KEY, unencrypted
  | 'ec' // EC PRIVATE KEY (SEC1), maybe with Proc-Type/DEK-Info
  | 'rsa' // RSA PRIVATE KEY (PKCS#1), maybe with Proc-Type/DEK-Info
  | 'ed25519' // ED25519 PRIVATE KEY, notary's legacy form
  | 'unknown';

/** Why a file in private/ could not be listed as a usable key. */
export const KEY_PROBLEMS = [
  'EMPTY',
  'NOT_PEM',
  'TRUNCATED',
  'UNKNOWN_FORMAT',
  'NO_ROLE',
  'BAD_FILE_NAME',
  'SYMLINK',
  'NOT_A_FILE',
  'LOOSE_PERMISSIONS',
  'TOO_LARGE',
  'UNREADABLE',
] as const;
export type KeyProblem = (typeof KEY_PROBLEMS)[number];

export interface KeyInfo {
  /** Canonical key ID: the file name, as `notary key list` shows it. */
  id: string;
  /** PEM `role` header (root, targets, snapshot, targets/<name>, or a docker key name); null if unreadable. */
  role: string | null;
  /** PEM `gun` header; only targets, snapshot and timestamp keys have one. */
  gun: string | null;
  kind: KeyKind | null;
  /** Known exactly for unencrypted keys; for encrypted PKCS#8 inferred from the ciphertext size. */
  algorithm: KeyAlgorithm | null;
  location: KeyLocation;
  /** For location 'token': which token holds it. */
  token?: { id: string; label: string; serial: string };
  /** Absolute path of the key file. */
  path: string;
  /** Path relative to the trust dir, e.g. private/<id>.key or private/root_keys/<id>_root.key. */
  file: string;
  /** `legacy` = the pre-0.4 layout (root_keys/, tuf_keys/), read as it is, never migrated. */
  layout: 'current' | 'legacy';
  format: KeyFileFormat;
  encrypted: boolean;
  status: 'ok' | 'broken';
  /** True when the unlocked vault holds this key's passphrase, so operations do not ask for it. */
  passphraseInVault?: boolean;
  /** For a vault key brought back online for a limited time: when the vault removes the file again. */
  onlineUntil?: string;
  /** Present when status is broken: what is wrong with the file, in words. */
  problem?: { code: KeyProblem; reason: string };
  /** Made for a change the server has not been seen to take yet (issue 13): kept until it is settled. */
  pending?: { gun: string; action: string; since: string };
  /** When the key file was last written (its mtime): when the key was made, imported or re-encrypted here. */
  writtenAt?: string;
}

export interface KeyListing {
  trustDir: string;
  keys: KeyInfo[];
  /** What was done at listing time: pending changes settled (issue 13). Leftover files have their own list: leftovers.list. */
  notices?: string[];
}

export interface ImportBlockPreview {
  index: number;
  pemType: string;
  encrypted: boolean;
  role: string | null;
  gun: string | null;
  /** The `path` header of a notary export bundle, when present. */
  pathHeader: string | null;
}

export interface ImportFilePreview {
  name: string;
  blocks: ImportBlockPreview[];
  /** Set when the file could not be read as PEM at all. */
  problem: string | null;
}

export interface ImportSelection {
  selectionId: string;
  files: ImportFilePreview[];
}

export interface ImportReport {
  imported: KeyInfo[];
  refused: { source: string; code: string; reason: string }[];
}

export interface RemovalImpact {
  id: string;
  role: string | null;
  gun: string | null;
  /** True when no other copy of the key is known (no backup, no token copy). */
  onlyCopy: boolean;
  /** One plain sentence on what removing this key loses. */
  consequence: string;
  /** What the user must type to confirm. */
  confirmationText: string;
}

export interface GeneratedKey {
  key: KeyInfo;
  /** For docker-style named keys: where NAME.pub was written. */
  publicKeyPath: string | null;
}
