import type { ErrorCode } from '../../../shared/error-codes';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { ImportSelection, KeyInfo } from '../../../shared/dto/keys';
import type { ExpiryRadarEntry, ForgottenRepo, RepoDetail, RepoSummary } from '../../../shared/dto/repos';
import type {
  BackupCreated,
  BackupDestination,
  ChosenBackupFile,
  CoverageReport,
  DriveInfo,
  ProgressEvent,
  RestorePreview,
  RestoreReport,
  VerifyReport,
} from '../../../shared/dto/backups';
import type { TokenDiagnostics, TokenInfo, TokenRootCreated, TokenRootWay, TokenTouchEvent } from '../../../shared/dto/tokens';
import type { PublishResult, SignerInfo, SignerKeyChoice } from '../../../shared/dto/publish';
import type { RecoveryPlan } from '../../../shared/dto/recovery';
import type { AuditEntry, AuditFilter, AuditVerification, OfflineOutcome, OnlineOutcome, VaultStatus, QuarantinedKey } from '../../../shared/dto/vault';
import type { JobProgress } from '../screens/backups/progress';
import type { MigrationKitResult } from '../../../shared/dto/migrate';

/** A failed operation as the UI shows it: the code (explained by errors/explain.ts) and main's message. */
export interface UiError {
  code: ErrorCode;
  message: string;
}

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface TrustDirsSlice {
  trustDirs: TrustDirInfo[];
  trustDirsState: LoadState;
  trustDirsError: UiError | null;
  loadTrustDirs: () => Promise<void>;
  /** Opens the native folder dialog in main; selects the added folder. */
  addTrustDir: () => Promise<void>;
  selectTrustDir: (id: string) => Promise<void>;
  forgetTrustDir: (id: string) => Promise<void>;
}

export interface KeysSlice {
  keys: KeyInfo[];
  /** The trust dir the list was read from (its path as main reports it). */
  keysTrustDir: string | null;
  keysState: LoadState;
  keysError: UiError | null;
  selectedKeyId: string | null;
  /** What listing did on its way (pending publishes settled, leftovers found), to show once. */
  keysNotices: string[];
  loadKeys: () => Promise<void>;
  selectKey: (id: string | null) => void;
}

import type { LookupSlice } from './lookup-slice';
import type { TagsSlice } from './tags-slice';
import type { FoldersSlice } from './folders-slice';

export type ScreenName = 'keys' | 'repos' | 'backups' | 'tokens' | 'vault' | 'audit' | 'about';

export interface ReposSlice {
  screen: ScreenName;
  repos: RepoSummary[];
  radar: ExpiryRadarEntry[];
  reposState: LoadState;
  reposError: UiError | null;
  /** The repository open in the repository view, or null for the list. */
  selectedGun: string | null;
  repoDetail: RepoDetail | null;
  repoDetailState: LoadState;
  repoDetailError: UiError | null;
  /** Repositories of the selected trust dir whose trust data was forgotten (moved to the app's data folder). */
  forgotten: ForgottenRepo[];
  showScreen: (screen: ScreenName) => void;
  loadRepos: () => Promise<void>;
  openRepo: (gun: string) => Promise<void>;
  closeRepo: () => void;
  /** Forgets the repository's trust data (confirmation = the GUN as typed), closes its view and reloads the list. */
  forgetRepo: (gun: string, confirmation: string) => Promise<UiError | null>;
  /** Puts forgotten trust data back and reloads the list. */
  restoreForgotten: (entryId: string) => Promise<UiError | null>;
}

export type BackupsTab = 'coverage' | 'create' | 'verify' | 'restore';

/** A call's outcome as the backup flows use it: the value, or the error to show. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: UiError };

export interface BackupsSlice {
  backupsTab: BackupsTab;
  /** Removable drives as main last reported them (drives.list, then the `drives` event). */
  drives: DriveInfo[];
  drivesState: LoadState;
  drivesError: UiError | null;
  coverage: CoverageReport | null;
  coverageState: LoadState;
  coverageError: UiError | null;
  /** Progress of the one long backup operation the UI is watching (its jobId), from `progress` events. */
  backupProgress: JobProgress;
  showBackupsTab: (tab: BackupsTab) => void;
  loadDrives: () => Promise<void>;
  /** The `drives` event: the new list replaces the old. */
  setDrives: (drives: DriveInfo[]) => void;
  /** The `progress` event: kept only when it belongs to the watched job. */
  trackProgress: (event: ProgressEvent) => void;
  /** Subscribes to main's `drives` and `progress` events; returns the way to unsubscribe. */
  watchBackupEvents: () => () => void;
  loadCoverage: () => Promise<void>;
  /**
   * Packs, encrypts, writes and reads back every copy in one call. The passphrase is passed through to main and not
   * kept. Reloads the coverage afterwards.
   */
  createBackup: (request: {
    keyIds: string[] | null;
    includePinnedRoots: boolean;
    destinations: BackupDestination[];
    passphrase: string;
    /** Trust-data archives to carry, by the IDs main listed (issue 15, point 3). */
    archiveIds?: string[];
  }) => Promise<Outcome<BackupCreated>>;
  /** Main's file dialog; a null value when cancelled. */
  chooseBackupFile: () => Promise<Outcome<ChosenBackupFile | null>>;
  verifyBackup: (fileId: string, passphrase: string) => Promise<Outcome<VerifyReport>>;
  previewRestore: (trustDirId: string, fileId: string, passphrase: string | null) => Promise<Outcome<RestorePreview>>;
  restoreBackup: (request: { trustDirId: string; planId: string; keyPaths: string[]; rootGuns: string[] }) => Promise<Outcome<RestoreReport>>;
  discardRestore: (planId: string) => Promise<void>;
  /** Main's folder dialog for a restore target; adds it to the known folders without changing the selected one. */
  addRestoreTarget: () => Promise<Outcome<string | null>>;
}

export type TokensTab = 'tokens' | 'diagnostics';

export interface TokensSlice {
  tokensTab: TokensTab;
  /** Tokens as main last reported them (tokens.list, then the `tokens` event). Never a PIN. */
  tokens: TokenInfo[];
  tokensState: LoadState;
  tokensError: UiError | null;
  tokenDiagnostics: TokenDiagnostics | null;
  tokenDiagnosticsState: LoadState;
  tokenDiagnosticsError: UiError | null;
  /** Tokens waiting for a touch to sign (`tokenTouch` events with waiting: true), by token. */
  touchWaiting: TokenTouchEvent[];
  showTokensTab: (tab: TokensTab) => void;
  /** Lists the tokens (main starts following them: `tokens` events). */
  loadTokens: () => Promise<void>;
  /** The `tokens` event: the new list replaces the old; tokens coming and going are announced. */
  setTokens: (tokens: TokenInfo[]) => void;
  /** The `tokenTouch` event. */
  trackTouch: (event: TokenTouchEvent) => void;
  /** Subscribes to main's `tokens` and `tokenTouch` events; returns the way to unsubscribe. */
  watchTokenEvents: () => () => void;
  loadTokenDiagnostics: () => Promise<void>;
  /** Main's file dialog for a PKCS#11 module; a null value when cancelled. */
  addTokenModule: () => Promise<Outcome<TokenDiagnostics | null>>;
  /** The PIN (or the default PIN) goes to main once and is not kept; the token's state is refreshed either way. */
  loginToken: (tokenId: string, pin: string | null, useDefaultPin: boolean) => Promise<Outcome<TokenInfo>>;
  logoutToken: (tokenId: string) => Promise<Outcome<TokenInfo>>;
  /** A root key on the token; the passphrase (import way only) goes to main once. Reloads tokens and keys. */
  generateRootOnToken: (tokenId: string, way: TokenRootWay, passphrase: string | null) => Promise<Outcome<TokenRootCreated>>;
}

/** Passphrases for one publisher operation: passed through to main once, never stored. */
export interface PublishPassphrases {
  root?: string;
  targets?: string;
  snapshot?: string;
  delegation?: string;
}

export type RotatableRole = 'root' | 'targets' | 'snapshot' | 'timestamp';

export interface PublishSlice {
  /** The signers of `signersGun` as its server has them. */
  signersGun: string | null;
  signers: SignerInfo[];
  signersState: LoadState;
  signersError: UiError | null;
  /** The recovery plan of `recoveryGun`. */
  recoveryGun: string | null;
  recoveryPlan: RecoveryPlan | null;
  recoveryPlanState: LoadState;
  recoveryPlanError: UiError | null;
  loadSigners: (gun: string) => Promise<void>;
  loadRecoveryPlan: (gun: string) => Promise<void>;
  /** Main's file dialog for a signer's .pub or certificate; a null value when cancelled. */
  chooseSignerKey: () => Promise<Outcome<SignerKeyChoice | null>>;
  /** Each publisher action passes the passphrases to main once; on success the repository and its signers are read again. */
  addSigner: (gun: string, name: string, selectionId: string, passphrases: PublishPassphrases) => Promise<Outcome<PublishResult>>;
  removeSigner: (gun: string, name: string, passphrases: PublishPassphrases, confirmation?: string) => Promise<Outcome<PublishResult>>;
  rotateKey: (gun: string, role: RotatableRole, serverManaged: boolean, passphrases: PublishPassphrases) => Promise<Outcome<PublishResult>>;
  initRepo: (gun: string, snapshot: 'local' | 'server', passphrases: PublishPassphrases) => Promise<Outcome<PublishResult>>;
  /**
   * The way out of a lost root: forgets this trust dir's own cached copy first (it pins the old root, which would
   * refuse the new one; restorable), then deletes the trust data on the server. When the server refuses, the cached
   * copy is put back. confirmation = the GUN as typed.
   */
  deleteTrustData: (gun: string, confirmation: string) => Promise<Outcome<{ gun: string; server: string; forgottenTo: string | null }>>;
}

export type DialogState =
  | { type: 'generate' }
  | { type: 'import'; selection: ImportSelection }
  | { type: 'changePassphrase'; keyId: string }
  | { type: 'exportPublic'; keyId: string }
  | { type: 'remove'; keyId: string }
  | { type: 'takeOffline'; keyId: string }
  | { type: 'bringOnline'; keyId: string }
  /** "Lost a key?": the repositories a key serves (or all of them), each opening its recovery wizard. */
  | { type: 'lostKey'; keyId: string | null };

/** What a recovery step did, kept while the wizard is open (and while it is away on another screen). */
export type RecoveryStepOutcome =
  | { kind: 'published'; result: PublishResult }
  | { kind: 'deleted'; server: string; forgottenTo: string | null }
  | { kind: 'skipped' };

/** Where the recovery wizard was when a step sent the person to another screen. Holds no secret. */
export interface RecoveryAway {
  gun: string;
  /** The page (0 = the plan) and the step on it; on return the step is found again by ID, the plan may have changed. */
  page: number;
  stepId: string | null;
  /** The plan's steps when it left: the outcomes below are kept only if the plan comes back with the same steps. */
  stepIds: string[];
  outcomes: Record<number, RecoveryStepOutcome>;
  /** The screen shown; `repos` for the repository's own page (its server or publisher section). */
  screen: ScreenName;
  /** The step's title, for "Back to the recovery: <title>". */
  stepTitle: string;
  /** What to do there, in words. */
  todo: string;
}

export interface Notice {
  id: number;
  tone: 'success' | 'error' | 'info';
  title: string;
  detail?: string;
}

export interface UiSlice {
  dialog: DialogState | null;
  notices: Notice[];
  /** A repository whose recovery wizard should open as soon as its page shows ("Lost a key?" elsewhere). */
  pendingRecoveryGun: string | null;
  /** Opens the repository's page and, on it, the recovery wizard. */
  startRecovery: (gun: string) => void;
  /** The repository page took the request (or it no longer applies). */
  clearPendingRecovery: () => void;
  /** The recovery wizard left for another screen a step needs (issue 16, point 7): where it was, to come back to. */
  recoveryAway: RecoveryAway | null;
  /** Remembers the wizard's place, closes it and shows the screen the step needs. */
  leaveRecovery: (away: RecoveryAway) => void;
  /** Back to the wizard at the step it left from (the repository's page opens it; the wizard takes `recoveryAway`). */
  returnToRecovery: () => void;
  /** The wizard took its place back, or the person no longer wants to go back. */
  clearRecoveryAway: () => void;
  /** Every notice gone: the screen changed, so what they said no longer sits beside what it is about. */
  clearNotices: () => void;
  openDialog: (dialog: DialogState) => void;
  closeDialog: () => void;
  notify: (notice: Omit<Notice, 'id'>) => void;
  dismissNotice: (id: number) => void;
}

export interface VaultSlice {
  /** The vault as main last reported it; null until first read. Holds no secret. */
  vaultStatus: VaultStatus | null;
  vaultState: LoadState;
  vaultError: UiError | null;
  loadVaultStatus: () => Promise<void>;
  /** Each passphrase below goes to main in that one call and is not kept; the answer is the error to show, or null. */
  createVault: (passphrase: string, unlockSeconds: number) => Promise<UiError | null>;
  unlockVault: (passphrase: string) => Promise<UiError | null>;
  /** Locks in main, then wipes every slice (as the `vaultLocked` event does). */
  lockVault: () => Promise<UiError | null>;
  setAutoLock: (minutes: number) => Promise<UiError | null>;
  recalibrate: (passphrase: string, unlockSeconds: number, allowWeakerKdf?: boolean) => Promise<UiError | null>;
  /** The current and the new master passphrase, both in that one call; unlockSeconds unset keeps the current target. */
  changeMasterPassphrase: (passphrase: string, newPassphrase: string, unlockSeconds?: number) => Promise<UiError | null>;
  savePassphrase: (trustDirId: string, keyId: string, passphrase: string) => Promise<UiError | null>;
  forgetPassphrase: (keyId: string) => Promise<UiError | null>;
  takeOffline: (trustDirId: string, keyId: string, insist: boolean) => Promise<Outcome<OfflineOutcome>>;
  bringOnline: (trustDirId: string, keyId: string, forSeconds: number) => Promise<Outcome<OnlineOutcome>>;
  /** Key files a locked vault moved aside instead of deleting them (issue 12); null until first read. */
  quarantine: QuarantinedKey[] | null;
  loadQuarantine: () => Promise<void>;
  /** Puts one back at <its trust dir>/private/<id>.key; the answer is the error to show, or null. */
  restoreQuarantined: (name: string) => Promise<UiError | null>;
  /** Keyboard or pointer activity: `vault.touch`, at most once every 30 s, only while unlocked. */
  touchVault: () => void;
  /** Every slice back to its initial state, then the Vault screen (its unlock form). */
  wipeOnLock: () => void;
  /** Subscribes to main's `vaultLocked` event; returns the way to unsubscribe. */
  watchVaultEvents: () => () => void;
}

export interface AuditSlice {
  /** Entries matching `auditFilter`, oldest first, as main answered. */
  auditEntries: AuditEntry[];
  auditFilter: AuditFilter;
  auditState: LoadState;
  auditError: UiError | null;
  auditVerification: AuditVerification | null;
  auditVerifyState: LoadState;
  auditVerifyError: UiError | null;
  /** Lists with this filter (or the last one). */
  loadAudit: (filter?: AuditFilter) => Promise<void>;
  verifyAudit: () => Promise<void>;
  /** Keeps a damaged log aside and starts a new one (audit.restart); then lists again and shows the new verification. Null on success. */
  restartAudit: (confirmation: string) => Promise<UiError | null>;
  /** Main's save dialog; a null value when cancelled. */
  exportAudit: () => Promise<Outcome<{ path: string; entries: number } | null>>;
}

/** Leaving content trust (issue 18): the kit is written by main; the request's passphrases are never stored. */
export interface MigrateSlice {
  writeMigrationKit: (gun: string, request: import('./migrate-slice').MigrationKitRequest) => Promise<Outcome<MigrationKitResult | null>>;
}

export interface ResetSlice {
  /** Wipes every slice back to its initial state (e.g. when the vault locks). */
  resetAll: () => void;
}

export type AppState = TrustDirsSlice &
  KeysSlice &
  ReposSlice &
  BackupsSlice &
  TokensSlice &
  PublishSlice &
  VaultSlice &
  AuditSlice &
  UiSlice &
  LookupSlice &
  MigrateSlice &
  TagsSlice &
  FoldersSlice &
  ResetSlice;
