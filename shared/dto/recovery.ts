/**
 * The key-loss recovery plan of one repository (issue 6, point 3): for each role, which of its keys the user still
 * has and where, what is lost, and the steps that recover it. Pure types and text: the renderer's wizard and the
 * CLI's `recover plan` both show it.
 */

/**
 * `have`: a key file or a token holds enough of the role's keys to sign now. `backup-only`: only a verified backup
 * does (restore first). `server-held`: the notary server signs this role (timestamp, a server-managed snapshot).
 * `lost`: nobody the user can reach holds the key.
 */
export type RecoveryRoleStatus = 'have' | 'backup-only' | 'server-held' | 'lost';

export type RecoveryRoleKind = 'root' | 'targets' | 'snapshot' | 'timestamp' | 'delegation';

export interface KeyFileCopy {
  /** Absolute path of the key file. */
  path: string;
}

export interface KeyTokenCopy {
  tokenId: string;
  label: string;
  serial: string;
}

/** A copy of a backup (from the backup ledger) whose manifest lists the key. */
export interface KeyBackupCopy {
  backupId: string;
  /** The drive's label, or the folder, the copy was written to. */
  location: string;
  /** The backup file on that drive. */
  file: string;
  lastVerifiedAt: string | null;
  lastVerifyOk: boolean | null;
}

export interface RecoveryKey {
  /** The ID the repository's metadata lists (the x509 ID for certificate keys). */
  keyId: string;
  /** The key's own ID: the key file's name, the token's and the backup manifest's ID. */
  canonicalId: string;
  type: string;
  files: KeyFileCopy[];
  tokens: KeyTokenCopy[];
  /** The key is offline, in the vault (issue 7): it signs from there while the vault is unlocked. */
  inVault?: boolean;
  /** Backup copies whose last read-back verified: only these count. */
  backups: KeyBackupCopy[];
  /** Backup copies never verified, or whose last verification failed: listed, never counted. */
  unverifiedBackups: KeyBackupCopy[];
}

/** How the planner knows the server holds a role's key: the server said so, or the key can only be the server's. */
export type ServerHeldEvidence = 'server' | 'inferred';

export interface RecoveryRole {
  role: string;
  kind: RecoveryRoleKind;
  threshold: number;
  keys: RecoveryKey[];
  status: RecoveryRoleStatus;
  /** Set when status is server-held. */
  serverHeld: ServerHeldEvidence | null;
  /** One sentence: what the user has for this role and where, or why it counts as lost. */
  summary: string;
}

export interface NeededKeys {
  role: string;
  /** The role's keys by their own (canonical) IDs, as key files and `notary key list` name them; any up to the threshold will do. */
  keyIds: string[];
}

/** One way to do a step. */
export interface RecoveryAction {
  title: string;
  /** What it changes on the notary server, in words; null when it changes nothing there. */
  changesOnServer: string | null;
  /** Keys it signs with (existing keys; new keys it makes are not listed). */
  needsKeys: NeededKeys[];
  /** The commands that do it, in order; `<...>` marks what the user fills in. */
  commands: string[];
  possibleNow: boolean;
  /** Why it is not possible now (the step to do first, the operator to ask), else null. */
  blockedBy: string | null;
}

export type RecoveryStepId =
  | 'verify-backup'
  | 'restore-backup'
  | 'rotate-targets'
  | 'rotate-snapshot'
  | 'rotate-timestamp'
  | 'replace-signer'
  | 'replace-delegation-key'
  | 'delete-trust-data'
  | 'init-new-root'
  | 're-add-signers'
  | 're-sign-tags'
  | 'notify-consumers';

export interface RecoveryStep {
  id: RecoveryStepId;
  /** The role it recovers ('' for the repository as a whole). */
  role: string;
  title: string;
  /** One action, or alternatives of which the user does one (a lost snapshot key: the server's or a new local one). */
  options: RecoveryAction[];
}

/** Set when the root key is truly gone: no file, no token, no verified backup. */
export interface RootLoss {
  /** The plain statement: it cannot be recovered. */
  statement: string;
  /** What was searched before saying so. */
  searched: { keyFiles: number; tokens: string[]; backups: number };
  /** True when the GUN or server is a hosted registry (Docker Hub), where only its operator can reset trust data. */
  hostedRegistry: boolean;
  hostedRegistryNote: string;
  /** What every consumer must do once the repository has a new root. */
  consumerReset: string[];
  /** The exact words Docker's guide says a consumer who still pins the old root sees. */
  consumerWarning: string;
  /** Every text a consumer pinning the old root may see: Docker's guide's, then today's docker and notary's. */
  consumerErrors: string[];
}

export type RecoverySource = { kind: 'cache'; trustDir: string } | { kind: 'server'; server: string };

export interface RecoveryPlan {
  gun: string;
  source: RecoverySource;
  /** RFC 3339. */
  generatedAt: string;
  roles: RecoveryRole[];
  /** Roles whose status is lost. */
  lost: string[];
  /** In the order to do them. When the root is lost, only the way out. */
  steps: RecoveryStep[];
  rootLoss: RootLoss | null;
  /** Things worth knowing that need no step (a lost key of a role that still has another, a guess about the server). */
  notes: string[];
}

/** What Docker's guide ("Manage keys for content trust", Lost keys) says consumers see after a root key was lost. */
export const consumerWarning = (gun: string): string =>
  `Warning: potential malicious behavior - trust data has insufficient signatures for remote repository ${gun}: valid signatures did not meet threshold`;

/**
 * What the clients print today for a repository re-initialised under a pinned root (seen with docker 28.2 `pull`
 * and notary 0.7 `list` against notary-server 0.7; notary prefixes it with "* fatal: ").
 */
export const ROOT_ROTATION_ERROR = 'could not rotate trust to a new trusted root: failed to validate data with current trusted certificates';

export const consumerErrors = (gun: string): string[] => [consumerWarning(gun), ROOT_ROTATION_ERROR];

/** The consumer reset, for one GUN: what each consumer runs after the publisher has a new root. */
export const consumerResetSteps = (gun: string): string[] => [
  `with Trust Vault: trust-vault trust forget --gun ${gun} --yes (or Forget on the Repositories screen); the old data is kept and can be restored`,
  `by hand: delete the folder tuf/${gun} in the trust dir (~/.docker/trust for docker, ~/.notary for notary)`,
];

/**
 * The notice a publisher sends every consumer after re-initialising a repository with a new root key: what
 * happened, the new root key ID to compare, the warning they see until they reset, and how to reset.
 */
export function consumerNotice(gun: string, newRootKeyId: string, server: string): string {
  return [
    `Subject: ${gun} has a new root key: forget the old one`,
    '',
    `The root signing key of ${gun} was lost and cannot be recovered. Its trust data on ${server} was deleted and`,
    'initialised again with a new root key:',
    '',
    `    New root key ID: ${newRootKeyId}`,
    '',
    'Until you forget the old root, docker and notary refuse the repository with one of:',
    '',
    ...consumerErrors(gun).map((e) => `    ${e}`),
    '',
    'Check the new root key ID with us over a channel you already trust (not only this message), then forget the old',
    'root:',
    '',
    ...consumerResetSteps(gun).map((s) => `  - ${s}`),
    '',
    `Your next pull trusts the root the server presents. Check that it lists ${newRootKeyId} (\`docker trust inspect\``,
    'shows it as "Root Key"; Trust Vault lists it among the root role\'s keys):',
    `  trust-vault status --gun ${gun} --server ${server} --json`,
    '',
  ].join('\n');
}
