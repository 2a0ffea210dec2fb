import { dirname } from 'node:path';
import type { OfflineKeyInfo, SavedPassphraseInfo, VaultLockReason, VaultStatus } from '../../../shared/dto/vault';
import type { AuditCheckpointReport } from '../../../shared/dto/vault';
import { AuditLog } from '../audit/audit-log';
import { advanceCheckpoints, compareWithCheckpoints, newAuditSecrets, type LogSnapshot } from '../audit/checkpoint';
import { withFileLock } from '../audit/file-lock';
import { VaultError } from '../errors';
import { replaceFileAtomically, writeNewFileAtomically } from '../fs/atomic-write';
import { ensureSecureDir } from '../fs/secure-dir';
import type { Clock } from '../ports';
import { refuseWeakPassphrase } from '../passphrase/strength-floor';
import { calibrate, deriveVaultKey, keepKdfCost, type Calibration } from './kdf';
import { emptyPayload, parsePayload, serializePayload, wipePayload, type AuditSecrets, type SavedPassphrase, type StoredCheckpoint, type VaultPayload } from './payload';
import { derivedKeyPath } from './derived-path';
import { dropQuarantinedCopies } from './quarantine';
import { registeredTrustDirs, trustDirById } from './registered-trust-dirs';
import { presentAt, presentInTrustDir, sweepEntries, sweepExpired, type LocatedEntry, type SweepAction } from './sweep';
import {

  VAULT_FORMAT,
  VAULT_VERSION,
  keyCheckMatches,
  kdfParamsOf,
  openVault,
  parseVault,
  readVaultBytes,
  sealVault,
  sha256Hex,
  splitMasterKey,
  vaultPath,
  type OfflineIndexEntry,
  type ParsedVault,
  type ReadOptions,
  type VaultHeader,
  type VaultKeys,
} from './vault-file';

/**
 * The one in-memory holder of the vault's secrets: the app keeps one for its lifetime, the CLI makes one per
 * command. Locked, it knows only what the file's public header says; unlocked, it holds the AES key and the
 * decrypted payload, and locking (by hand, when idle, when the system sleeps) zero-fills the key and the key file
 * bytes, drops the passphrases, cancels the idle timer and runs every registered wiper.
 *
 * Every write re-reads the file first and refuses (VAULT_DAMAGED) when it is not byte for byte what this session
 * last read or wrote: a damaged file, or one another process changed, is never overwritten.
 */

export const DEFAULT_AUTO_LOCK_MINUTES = 5;
export const MAX_AUTO_LOCK_MINUTES = 24 * 60;
export const DEFAULT_UNLOCK_SECONDS = 1;
export const MIN_UNLOCK_SECONDS = 0.1;
export const MAX_UNLOCK_SECONDS = 10;

export interface VaultSessionOptions {
  dataDir: string;
  clock: Clock;
  /** Called on every lock, after the wipers (the app emits vaultLocked from here). */
  onLocked?: (reason: VaultLockReason) => void;
  /** Tests only: lowers the 64 MiB floor the file format enforces (see ReadOptions). */
  minimumMemoryKiB?: number;
  /** The audit log the checkpoints cover; defaults to <dataDir>/audit (read only, never appended to from here). */
  auditLog?: { snapshot(): LogSnapshot };
  /** Tests only: replaces machine calibration (e.g. with tiny Argon2 parameters). */
  calibrator?: (targetMs: number) => Promise<Calibration>;
  /**
   * The registered trust dirs (registered-trust-dirs.ts): the only folders a locked vault derives key paths in.
   * Defaults to the ones the data dir's settings name.
   */
  trustDirs?: () => readonly string[];
}

interface Unlocked {
  keys: VaultKeys;
  header: VaultHeader;
  payload: VaultPayload;
  /** SHA-256 of the file as this session last read or wrote it. */
  fileSha256: string;
}

/** What a change to the vault may touch: a copy of the index and of the payload, committed only if the write succeeds. */
export interface VaultDraft {
  index: OfflineIndexEntry[];
  payload: VaultPayload;
  autoLockMinutes: number;
}

type Wiper = (reason: VaultLockReason) => void;

export interface KdfChangeOptions {
  /** The person chose a cheaper key derivation than the current one (a faster unlock); otherwise it is kept. */
  allowWeaker?: boolean;
}

export class VaultSession {
  readonly file: string;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly #readOptions: ReadOptions;
  readonly #onLocked: ((reason: VaultLockReason) => void) | undefined;
  readonly #calibrator: (targetMs: number) => Promise<Calibration>;
  readonly #trustDirs: () => readonly string[];
  readonly #auditLog: { snapshot(): LogSnapshot };
  #auditAtUnlock: AuditCheckpointReport | null = null;
  #open: Unlocked | null = null;
  #lockedBy: VaultLockReason | null = null;
  #idle: { cancel(): void } | null = null;
  readonly #removals = new Map<string, { cancel(): void }>();
  readonly #wipers = new Set<Wiper>();
  /** Bumped by every lock, so an unlock that was deriving when the vault locked does not leave it open. */
  #generation = 0;

  constructor(options: VaultSessionOptions) {
    this.dataDir = options.dataDir;
    this.file = vaultPath(options.dataDir);
    this.clock = options.clock;
    this.#onLocked = options.onLocked;
    this.#readOptions = options.minimumMemoryKiB !== undefined ? { minimumMemoryKiB: options.minimumMemoryKiB } : {};
    this.#calibrator = options.calibrator ?? ((targetMs) => calibrate(targetMs));
    this.#trustDirs = options.trustDirs ?? (() => registeredTrustDirs(options.dataDir, null));
    this.#auditLog = options.auditLog ?? new AuditLog({ dataDir: options.dataDir, via: 'app' });
    // Keys whose time online ended while nothing was running go offline now; the others get their timers.
    try {
      this.sweep();
      const parsed = this.#readParsed();
      if (parsed) this.#scheduleRemovals(parsed.header.index);
    } catch {
      /* a damaged or unreadable vault is reported by status() and unlock(), never by constructing a session */
    }
  }

  // ---- state ----

  isUnlocked(): boolean {
    return this.#open !== null;
  }

  /** The auto-lock time in minutes (0: never), read without sweeping: the default when there is no readable vault. */
  autoLockMinutes(): number {
    if (this.#open) return this.#open.header.autoLockMinutes;
    try {
      return this.#readParsed()?.header.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES;
    } catch {
      return DEFAULT_AUTO_LOCK_MINUTES;
    }
  }

  /** Never throws for a damaged file: it then reports exists with no KDF details (unlock says what is wrong). */
  status(): VaultStatus {
    this.sweep();
    const base = { file: this.file, unlocked: this.#open !== null, lockedBy: this.#open ? null : this.#lockedBy };
    if (this.#open) {
      const h = this.#open.header;
      return {
        ...base,
        exists: true,
        kdf: kdfInfo(h),
        autoLockMinutes: h.autoLockMinutes,
        savedPassphrases: this.#savedList(),
        offlineKeys: this.#publicLocated(this.#locatedAll(this.#open)),
        auditAtUnlock: this.#auditAtUnlock,
      };
    }
    let parsed: ParsedVault | null = null;
    let exists = false;
    try {
      parsed = this.#readParsed();
      exists = parsed !== null;
    } catch {
      exists = true;
    }
    return {
      ...base,
      exists,
      kdf: parsed ? kdfInfo(parsed.header) : null,
      autoLockMinutes: parsed ? parsed.header.autoLockMinutes : DEFAULT_AUTO_LOCK_MINUTES,
      savedPassphrases: [],
      offlineKeys: parsed ? this.#publicDerived(parsed.header.index) : [],
    };
  }

  /** Offline keys from the header: readable while locked (key IDs are public). Empty when there is no vault. */
  offlineKeys(): OfflineKeyInfo[] {
    if (this.#open) return this.#publicLocated(this.#locatedAll(this.#open));
    const parsed = this.#readParsed();
    return parsed ? this.#publicDerived(parsed.header.index) : [];
  }

  // ---- create, unlock, lock ----

  async create(passphrase: string, options: { unlockSeconds?: number } = {}): Promise<VaultStatus> {
    if (readVaultBytes(this.file) !== null) throw new VaultError('ALREADY_EXISTS', `A vault already exists at ${this.file}; nothing was changed`);
    checkMasterPassphrase(passphrase);
    const targetMs = unlockMs(options.unlockSeconds);
    const generation = this.#generation;
    await refuseWeakPassphrase(passphrase, "vault's master passphrase");
    const cal = await this.#calibrator(targetMs);
    const keys = await this.#deriveKeys(passphrase, cal);
    const header = newHeader(cal, keys, DEFAULT_AUTO_LOCK_MINUTES, [], this.clock.now());
    const payload = emptyPayload();
    payload.audit = this.#advanceAudit(newAuditSecrets());
    const plain = serializePayload(payload);
    const bytes = sealVault(header, keys.encryption, plain);
    plain.fill(0);
    ensureSecureDir(dirname(this.file));
    try {
      writeNewFileAtomically(this.file, bytes);
    } catch (e) {
      wipeKeys(keys);
      if (e instanceof VaultError && e.code === 'ALREADY_EXISTS') throw new VaultError('ALREADY_EXISTS', `A vault already exists at ${this.file}; nothing was changed`);
      throw e;
    }
    const written = this.#verifyWritten(bytes, keys);
    if (generation !== this.#generation) {
      // Locked (e.g. the system slept) while calibrating: the vault exists, but it stays locked.
      wipeKeys(keys);
      return this.status();
    }
    this.#replaceOpen({ keys, header: written.header, payload, fileSha256: written.fileSha256 });
    return this.status();
  }

  async unlock(passphrase: string): Promise<VaultStatus> {
    if (!passphrase) throw new VaultError('PASSPHRASE_REQUIRED', 'The vault passphrase is needed to unlock it');
    const generation = this.#generation;
    const parsed = this.#requireParsed();
    const keys = await this.#deriveKeys(passphrase, { params: kdfParamsOf(parsed.header) });
    if (!keyCheckMatches(parsed.header, keys.check)) {
      wipeKeys(keys);
      throw new VaultError('VAULT_WRONG_PASSPHRASE', `The passphrase does not open the vault ${this.file}`);
    }
    let payload: VaultPayload;
    try {
      const plain = openVault(parsed, keys.encryption, this.file);
      try {
        payload = parsePayload(plain, this.file);
      } finally {
        plain.fill(0);
      }
    } catch (e) {
      wipeKeys(keys);
      throw e;
    }
    if (generation !== this.#generation) {
      wipeKeys(keys);
      wipePayload(payload);
      throw new VaultError('VAULT_LOCKED', 'The vault was locked while it was being unlocked; unlock it again');
    }
    this.#replaceOpen({ keys, header: parsed.header, payload, fileSha256: parsed.fileSha256 });
    this.#scheduleRemovals(parsed.header.index);
    // Each unlock checkpoints the audit log's head, when it goes on intact from the last checkpoint; what the log
    // looked like before that (tampered, or entries not yet confirmed) is kept for the app and `audit verify`.
    try {
      this.#auditAtUnlock = this.auditCheck();
    } catch {
      this.#auditAtUnlock = null;
    }
    try {
      this.checkpointAudit();
    } catch {
      /* the vault stays unlocked; auditCheck() reports what the log looks like */
    }
    // The index is authenticated now: quarantined files that are exactly the vault's copy can go.
    try {
      dropQuarantinedCopies(this.dataDir, (id) => (this.#open?.payload.offlineKeys.has(id) ? Buffer.from(this.#open.payload.offlineKeys.get(id)!) : undefined));
    } catch {
      /* the quarantine stays as it is; it is listed */
    }
    return this.status();
  }

  /**
   * Wipes every secret: the AES key and key file bytes are zero-filled, the payload dropped, the idle timer
   * cancelled; then every wiper runs (even when the vault was already locked: a system lock must clear the
   * caches others registered either way), then onLocked. Timers that take online keys offline again keep running.
   */
  lock(reason: VaultLockReason): void {
    this.#generation++;
    this.#cancelIdle();
    if (this.#open) {
      wipeKeys(this.#open.keys);
      wipePayload(this.#open.payload);
      this.#open = null;
    }
    this.#lockedBy = reason;
    for (const w of [...this.#wipers]) {
      try {
        w(reason);
      } catch {
        /* one failing wiper must not keep the others from running */
      }
    }
    try {
      this.#onLocked?.(reason);
    } catch {
      /* ditto */
    }
  }

  /** Registers something to wipe on every lock; returns the function that unregisters it. */
  onLock(fn: Wiper): () => void {
    this.#wipers.add(fn);
    return () => this.#wipers.delete(fn);
  }

  /** Activity: restarts the idle timer (no-op while locked). */
  touch(): void {
    this.#cancelIdle();
    const open = this.#open;
    if (!open || open.header.autoLockMinutes === 0) return;
    this.#idle = this.clock.setTimeout(() => {
      if (this.#open === open) this.lock('idle');
    }, open.header.autoLockMinutes * 60_000);
  }

  /** Cancels every timer (the app on quit; tests). Does not lock. */
  dispose(): void {
    this.#cancelIdle();
    for (const t of this.#removals.values()) t.cancel();
    this.#removals.clear();
  }

  // ---- settings ----

  setAutoLock(minutes: number): VaultStatus {
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_AUTO_LOCK_MINUTES) {
      throw new VaultError('INVALID_ARGUMENT', `Auto-lock is a whole number of minutes from 0 (never) to ${MAX_AUTO_LOCK_MINUTES}`);
    }
    this.update((d) => {
      d.autoLockMinutes = minutes;
    });
    return this.status();
  }

  /**
   * New salt and iterations calibrated to a new unlock time; the passphrase stays, and is checked first. The cost
   * never drops below the current one (a busy machine measures slow) unless `allowWeaker` (see keepKdfCost).
   */
  async recalibrate(passphrase: string, unlockSeconds: number, options: KdfChangeOptions = {}): Promise<VaultStatus> {
    const open = this.#requireOpen();
    const generation = this.#generation;
    const check = await this.#deriveKeys(passphrase, { params: kdfParamsOf(open.header) });
    const ok = keyCheckMatches(open.header, check.check);
    wipeKeys(check);
    if (!ok) throw new VaultError('VAULT_WRONG_PASSPHRASE', `The passphrase does not open the vault ${this.file}`);
    const cal = keepKdfCost(await this.#calibrator(unlockMs(unlockSeconds)), open.header.kdf, options.allowWeaker === true).calibration;
    const keys = await this.#deriveKeys(passphrase, cal);
    if (generation !== this.#generation || this.#open !== open) {
      wipeKeys(keys);
      throw new VaultError('VAULT_LOCKED', 'The vault was locked during recalibration; nothing was changed');
    }
    const header = newHeader(cal, keys, open.header.autoLockMinutes, open.header.index, this.clock.now());
    open.payload = this.#write(open, header, keys, open.payload);
    wipeKeys(open.keys);
    open.keys = keys;
    this.touch();
    return this.status();
  }

  /**
   * Changes the master passphrase: `passphrase` must open the file (VAULT_WRONG_PASSPHRASE otherwise, nothing
   * changed), `newPassphrase` must pass checkMasterPassphrase. A new salt and iterations calibrated to
   * `unlockSeconds` (else the current target), the same payload and index re-encrypted, written through the same
   * compare-and-replace as every change; the old key material is zero-filled. Works locked too (the CLI): the
   * current passphrase then unlocks it first. Leaves the vault unlocked. As recalibrate, the cost stays at least
   * the current one unless `allowWeaker`.
   */
  async changePassphrase(passphrase: string, newPassphrase: string, unlockSeconds?: number, options: KdfChangeOptions = {}): Promise<VaultStatus> {
    if (!passphrase) throw new VaultError('PASSPHRASE_REQUIRED', "The vault's current passphrase is needed to change it");
    checkMasterPassphrase(newPassphrase);
    const before = this.#generation;
    await refuseWeakPassphrase(newPassphrase, "vault's new master passphrase");
    if (before !== this.#generation) throw new VaultError('VAULT_LOCKED', "The vault was locked while its passphrase was being changed; nothing was changed");
    const requestedMs = unlockSeconds === undefined ? undefined : unlockMs(unlockSeconds);
    if (!this.#open) {
      // Unlocking checks the passphrase against the file and decrypts it; a wrong one leaves it locked.
      await this.unlock(passphrase);
    } else {
      const open = this.#requireOpen();
      const check = await this.#deriveKeys(passphrase, { params: kdfParamsOf(open.header) });
      const ok = keyCheckMatches(open.header, check.check);
      wipeKeys(check);
      if (!ok) throw new VaultError('VAULT_WRONG_PASSPHRASE', `The passphrase does not open the vault ${this.file}`);
    }
    const open = this.#requireOpen();
    const generation = this.#generation;
    const cal = keepKdfCost(await this.#calibrator(requestedMs ?? open.header.kdf.targetMs), open.header.kdf, options.allowWeaker === true).calibration;
    const keys = await this.#deriveKeys(newPassphrase, cal);
    if (generation !== this.#generation || this.#open !== open) {
      wipeKeys(keys);
      throw new VaultError('VAULT_LOCKED', "The vault was locked while its passphrase was being changed; nothing was changed");
    }
    const header = newHeader(cal, keys, open.header.autoLockMinutes, open.header.index, this.clock.now());
    try {
      open.payload = this.#write(open, header, keys, open.payload);
    } catch (e) {
      wipeKeys(keys);
      throw e;
    }
    wipeKeys(open.keys);
    open.keys = keys;
    this.touch();
    return this.status();
  }

  // ---- saved passphrases ----

  /** The saved passphrase of a key; undefined when none is saved or the vault is locked. Using one is activity. */
  savedPassphrase(keyId: string): string | undefined {
    const p = this.#open?.payload.passphrases.get(keyId)?.passphrase;
    if (p !== undefined) this.touch();
    return p;
  }

  /** Whether a passphrase is saved for the key (false when locked). Not activity: key listings ask this. */
  hasSavedPassphrase(keyId: string): boolean {
    return this.#open?.payload.passphrases.has(keyId) ?? false;
  }

  /** Saves a key's passphrase; the caller has checked it opens the key (see verifyKeyPassphrase). */
  savePassphrase(keyId: string, passphrase: string, meta: { role: string | null; gun: string | null }): VaultStatus {
    checkKeyId(keyId);
    if (!passphrase) throw new VaultError('PASSPHRASE_REQUIRED', 'There is no passphrase to save');
    if (passphrase.length > 1024) throw new VaultError('INVALID_ARGUMENT', 'The passphrase is too long to save');
    const saved: SavedPassphrase = { passphrase, role: meta.role, gun: meta.gun, savedAt: this.clock.now().toISOString() };
    this.update((d) => {
      d.payload.passphrases.set(keyId, saved);
    });
    return this.status();
  }

  forgetPassphrase(keyId: string): VaultStatus {
    this.update((d) => {
      d.payload.passphrases.delete(keyId);
    });
    return this.status();
  }

  // ---- for offline-keys.ts ----

  /** @internal A copy of the stored key file bytes (offline-keys.ts); the caller zero-fills it. */
  offlineKeyBytes(keyId: string): Buffer | undefined {
    const b = this.#requireOpen().payload.offlineKeys.get(keyId);
    return b ? Buffer.from(b) : undefined;
  }

  /** @internal The index entry of an offline key with its authenticated location, from the unlocked vault. */
  offlineEntry(keyId: string): LocatedEntry | undefined {
    const open = this.#requireOpen();
    const e = open.header.index.find((x) => x.keyId === keyId);
    return e ? this.#located(open.payload, e) : undefined;
  }

  /**
   * @internal Changes the vault: `change` edits a copy of the index and payload; the file is written atomically
   * and read back, and only then does the session take the change. Throws VAULT_LOCKED when locked.
   */
  update(change: (draft: VaultDraft) => void): void {
    const open = this.#requireOpen();
    // Another process (the app and the CLI, or two CLIs) may have written the vault since it was unlocked here: the
    // change is applied to what is on disk now, under the same lock as the write, so neither change is lost.
    withFileLock(`${this.file}.lock`, () => {
      this.#catchUp(open);
      this.#apply(open, change);
    });
  }

  #apply(open: Unlocked, change: (draft: VaultDraft) => void): void {
    const draft: VaultDraft = {
      index: open.header.index.map((e) => ({ ...e })),
      payload: { ...open.payload, passphrases: new Map(open.payload.passphrases), offlineKeys: new Map(open.payload.offlineKeys), locations: new Map(open.payload.locations) },
      autoLockMinutes: open.header.autoLockMinutes,
    };
    // A location a pre-issue-12 header named moves into the payload (sealVault leaves it out of the header).
    for (const e of draft.index) if (e.legacyLocation && !draft.payload.locations.has(e.keyId)) draft.payload.locations.set(e.keyId, { ...e.legacyLocation });
    change(draft);
    // Entries whose time online is over and whose file is gone are plain offline again.
    const now = this.clock.now().getTime();
    for (const e of draft.index) {
      if (e.onlineUntil !== null && Date.parse(e.onlineUntil) <= now && !presentInTrustDir(this.#located(draft.payload, e))) e.onlineUntil = null;
    }
    const header: VaultHeader = { ...open.header, autoLockMinutes: draft.autoLockMinutes, index: draft.index, writtenAt: this.clock.now().toISOString() };
    // Already under the vault's lock (update): written without taking it again.
    const written = this.#writeLocked(open, header, open.keys, draft.payload);
    // Zero the key bytes the change dropped, now that the file no longer needs them.
    for (const [id, b] of open.payload.offlineKeys) if (draft.payload.offlineKeys.get(id) !== b) b.fill(0);
    open.payload = written;
    this.#scheduleRemovals(open.header.index);
    this.touch();
  }

  /** Takes keys whose time online is over out of the trust dir again (identical files only). */
  sweep(): SweepAction[] {
    const now = this.clock.now();
    if (this.#open) return sweepEntries(this.#locatedAll(this.#open), now);
    return sweepExpired(this.dataDir, now, this.#trustDirs(), this.#readOptions);
  }

  // ---- internals ----

  #requireOpen(): Unlocked {
    if (!this.#open) {
      if (readVaultBytes(this.file) === null) throw notCreated(this.file);
      throw new VaultError('VAULT_LOCKED', `The vault ${this.file} is locked; unlock it with its passphrase first`);
    }
    return this.#open;
  }

  #readParsed(): ParsedVault | null {
    const bytes = readVaultBytes(this.file);
    return bytes ? parseVault(bytes, this.file, this.#readOptions) : null;
  }

  #requireParsed(): ParsedVault {
    const parsed = this.#readParsed();
    if (!parsed) throw notCreated(this.file);
    return parsed;
  }

  async #deriveKeys(passphrase: string, cal: Pick<Calibration, 'params'>): Promise<VaultKeys> {
    const master = await deriveVaultKey(passphrase, cal.params);
    try {
      return splitMasterKey(master, cal.params.salt);
    } finally {
      master.fill(0);
    }
  }

  /**
   * Loads what another process wrote since this session last read or wrote the file, when it opens with the same
   * keys (same passphrase and salt). A file that no longer parses is damaged (VAULT_DAMAGED); one whose passphrase
   * was changed elsewhere asks for the vault to be unlocked again (VAULT_LOCKED): neither is overwritten.
   */
  #catchUp(open: Unlocked): void {
    const onDisk = readVaultBytes(this.file);
    if (!onDisk || sha256Hex(onDisk) === open.fileSha256) return; // gone: #compareAndWrite says so
    const parsed = parseVault(onDisk, this.file, this.#readOptions);
    if (!keyCheckMatches(parsed.header, open.keys.check)) {
      throw new VaultError('VAULT_LOCKED', `The vault ${this.file} was given another passphrase by another process since it was unlocked here; nothing was written: unlock it again`);
    }
    const plain = openVault(parsed, open.keys.encryption, this.file);
    let payload: VaultPayload;
    try {
      payload = parsePayload(plain, this.file);
    } finally {
      plain.fill(0);
    }
    wipePayload(open.payload);
    open.payload = payload;
    open.header = parsed.header;
    open.fileSha256 = parsed.fileSha256;
  }

  /**
   * Writes header + payload, refusing if the file on disk is not what this session last saw. Updates `open`'s header;
   * returns the payload written (with the audit checkpoint taken now), which the caller makes the session's.
   */
  #write(open: Unlocked, header: VaultHeader, keys: VaultKeys, payload: VaultPayload): VaultPayload {
    // The app and the CLI may both hold a session: compare and replace under one cross-process lock.
    return withFileLock(`${this.file}.lock`, () => this.#writeLocked(open, header, keys, payload));
  }

  /** #write for a caller that already holds the vault's lock. */
  #writeLocked(open: Unlocked, header: VaultHeader, keys: VaultKeys, payload: VaultPayload): VaultPayload {
    return this.#compareAndWrite(open, header, keys, { ...payload, audit: this.#advanceAudit(payload.audit ?? newAuditSecrets()) });
  }

  /** A checkpoint over the audit log's head, when the log goes on intact from the last one (audit/checkpoint.ts). */
  #advanceAudit(secrets: AuditSecrets): AuditSecrets {
    try {
      return advanceCheckpoints(this.#auditLog.snapshot(), secrets, this.clock.now());
    } catch {
      return secrets; // an unreadable log is never confirmed; the checkpoints stay as they were
    }
  }

  // ---- audit checkpoints (issue 12, point 3) ----

  /** The audit log against the vault's checkpoints; throws VAULT_LOCKED while locked. */
  auditCheck(): AuditCheckpointReport {
    const open = this.#requireOpen();
    if (!open.payload.audit) return { state: 'none', last: null, tampered: null, unconfirmed: [] };
    return compareWithCheckpoints(this.#auditLog.snapshot(), open.payload.audit);
  }

  /** The audit log against the checkpoints as the last unlock found it, before it checkpointed; null while locked. */
  auditCheckAtUnlock(): AuditCheckpointReport | null {
    return this.#open ? this.#auditAtUnlock : null;
  }

  /** The last checkpoint (for a backup's manifest); null while locked or before the first. */
  lastAuditCheckpoint(): StoredCheckpoint | null {
    const cps = this.#open?.payload.audit?.checkpoints;
    return cps && cps.length > 0 ? { ...cps[cps.length - 1]! } : null;
  }

  /** Checkpoints the log's head now (an unlock does this; a write does it anyway). */
  checkpointAudit(): void {
    const open = this.#requireOpen();
    const next = this.#advanceAudit(open.payload.audit ?? newAuditSecrets());
    // Nothing new to confirm, and no path left in a pre-issue-12 header to move into the payload: no write.
    if (open.payload.audit && next === open.payload.audit && !open.header.index.some((e) => e.legacyLocation)) return;
    this.update(() => undefined);
  }

  /** After "start a new log" with the vault unlocked: checkpoints start again from the new log. */
  rebaseAuditCheckpoints(): void {
    const open = this.#requireOpen();
    const key = open.payload.audit?.key ?? newAuditSecrets().key;
    this.update((d) => {
      d.payload.audit = { key, checkpoints: [] };
    });
  }

  #compareAndWrite(open: Unlocked, header: VaultHeader, keys: VaultKeys, payload: VaultPayload): VaultPayload {
    const onDisk = readVaultBytes(this.file);
    if (!onDisk) throw new VaultError('VAULT_DAMAGED', `The vault file ${this.file} has disappeared since it was unlocked; nothing was written`);
    if (sha256Hex(onDisk) !== open.fileSha256) {
      throw new VaultError('VAULT_DAMAGED', `The vault file ${this.file} changed on disk since it was unlocked (damaged, or changed by another program); it was not overwritten. Lock and unlock the vault to load it again`);
    }
    const plain = serializePayload(payload);
    let bytes: Buffer;
    try {
      bytes = sealVault(header, keys.encryption, plain);
    } finally {
      plain.fill(0);
    }
    replaceFileAtomically(this.file, bytes);
    const written = this.#verifyWritten(bytes, keys);
    open.header = written.header;
    open.fileSha256 = written.fileSha256;
    return payload;
  }

  /** Reads the file back and checks it is what was written and that it decrypts. */
  #verifyWritten(bytes: Buffer, keys: VaultKeys): ParsedVault {
    const back = readVaultBytes(this.file);
    if (!back || !back.equals(bytes)) throw new VaultError('VAULT_DAMAGED', `The vault file ${this.file} did not read back as written; check the disk`);
    const parsed = parseVault(back, this.file, this.#readOptions);
    openVault(parsed, keys.encryption, this.file).fill(0);
    return parsed;
  }

  #replaceOpen(next: Unlocked): void {
    if (this.#open) {
      wipeKeys(this.#open.keys);
      if (this.#open.payload !== next.payload) wipePayload(this.#open.payload);
    }
    this.#open = next;
    this.#lockedBy = null;
    this.touch();
  }

  #cancelIdle(): void {
    this.#idle?.cancel();
    this.#idle = null;
  }

  #scheduleRemovals(index: OfflineIndexEntry[]): void {
    for (const t of this.#removals.values()) t.cancel();
    this.#removals.clear();
    const now = this.clock.now().getTime();
    for (const e of index) {
      if (e.onlineUntil === null) continue;
      const ms = Math.max(0, Date.parse(e.onlineUntil) - now);
      this.#removals.set(
        e.keyId,
        this.clock.setTimeout(() => {
          this.#removals.delete(e.keyId);
          try {
            this.sweep();
          } catch {
            /* reported by the next status() */
          }
        }, ms),
      );
    }
  }

  #savedList(): SavedPassphraseInfo[] {
    if (!this.#open) return [];
    return [...this.#open.payload.passphrases].map(([keyId, s]) => ({ keyId, role: s.role, gun: s.gun, savedAt: s.savedAt }));
  }

  /** The registered trust dirs; an unreadable settings file gives none (a locked vault then touches nothing). */
  registeredTrustDirs(): readonly string[] {
    try {
      return this.#trustDirs();
    } catch {
      return [];
    }
  }

  /** An entry with its authenticated location: the payload's, else (a vault from before issue 12) the authenticated header's. */
  #located(payload: VaultPayload, e: OfflineIndexEntry): LocatedEntry {
    const { legacyLocation, ...entry } = e;
    const at = payload.locations.get(e.keyId) ?? legacyLocation;
    // No location at all cannot come from this app; the derived place in no trust dir touches nothing.
    return { ...entry, trustDir: at?.trustDir ?? '', file: at?.file ?? `private/${e.keyId}.key` };
  }

  #locatedAll(open: Unlocked): LocatedEntry[] {
    return open.header.index.map((e) => this.#located(open.payload, e));
  }

  /** The index as the DTO shows it: a time online that is over, with the file gone, is no longer "online". */
  #publicLocated(entries: LocatedEntry[]): OfflineKeyInfo[] {
    const now = this.clock.now().getTime();
    return entries.map(({ sha256: _sha, trustDirId: _id, ...e }) => ({
      ...e,
      onlineUntil: e.onlineUntil !== null && Date.parse(e.onlineUntil) <= now && !presentInTrustDir(e) ? null : e.onlineUntil,
    }));
  }

  /** Locked: the header's entries with the path derived in the registered trust dir their ID names (none: empty trustDir). */
  #publicDerived(index: OfflineIndexEntry[]): OfflineKeyInfo[] {
    const now = this.clock.now().getTime();
    const dirs = this.registeredTrustDirs();
    return index.map(({ sha256: _sha, trustDirId, legacyLocation: _legacy, ...e }) => {
      const dir = trustDirById(dirs, trustDirId);
      let present = false;
      try {
        present = dir !== null && presentAt(derivedKeyPath(dir, e.keyId));
      } catch {
        present = false;
      }
      return {
        ...e,
        trustDir: dir ?? '',
        file: `private/${e.keyId}.key`,
        onlineUntil: e.onlineUntil !== null && Date.parse(e.onlineUntil) <= now && !present ? null : e.onlineUntil,
      };
    });
  }
}

const notCreated = (file: string) => new VaultError('VAULT_NOT_CREATED', `There is no vault yet (${file}); create one first (trust-vault vault init)`);

function wipeKeys(k: VaultKeys): void {
  k.encryption.fill(0);
  k.check.fill(0);
}

function checkKeyId(keyId: string): void {
  if (!/^[0-9a-f]{64}$/.test(keyId)) throw new VaultError('INVALID_ARGUMENT', 'A key ID is 64 lowercase hex characters');
}

/**
 * The master passphrase guards every root key taken offline, so its floor is higher than notary's 8 characters
 * (issue 12, point 4); the strength floor (refuseWeakPassphrase) is checked after this, asynchronously.
 */
export const MIN_MASTER_PASSPHRASE_LENGTH = 12;

export function checkMasterPassphrase(passphrase: string | undefined): string {
  if (!passphrase) throw new VaultError('PASSPHRASE_REQUIRED', 'The vault needs a master passphrase');
  if (passphrase.length < MIN_MASTER_PASSPHRASE_LENGTH) throw new VaultError('PASSPHRASE_TOO_SHORT', `The vault's passphrase needs at least ${MIN_MASTER_PASSPHRASE_LENGTH} characters`);
  if (passphrase.length > 1024) throw new VaultError('INVALID_ARGUMENT', "The vault's passphrase is longer than 1024 characters");
  return passphrase;
}

function unlockMs(seconds: number | undefined): number {
  const s = seconds ?? DEFAULT_UNLOCK_SECONDS;
  if (!Number.isFinite(s) || s < MIN_UNLOCK_SECONDS || s > MAX_UNLOCK_SECONDS) {
    throw new VaultError('INVALID_ARGUMENT', `The unlock time is from ${MIN_UNLOCK_SECONDS} to ${MAX_UNLOCK_SECONDS} seconds`);
  }
  return Math.round(s * 1000);
}

function newHeader(cal: Calibration | (Pick<Calibration, 'params'> & { targetMs: number; measuredMs: number }), keys: VaultKeys, autoLockMinutes: number, index: OfflineIndexEntry[], now: Date): VaultHeader {
  return {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    kdf: {
      algorithm: 'argon2id',
      version: 19,
      memoryKiB: cal.params.memoryKiB,
      iterations: cal.params.iterations,
      parallelism: cal.params.parallelism,
      salt: cal.params.salt.toString('base64'),
      targetMs: Math.round(cal.targetMs),
      measuredMs: Math.round(cal.measuredMs),
    },
    cipher: { algorithm: 'aes-256-gcm', nonce: '' },
    keyCheck: keys.check.toString('base64'),
    autoLockMinutes,
    index,
    writtenAt: now.toISOString(),
  };
}

function kdfInfo(h: VaultHeader): VaultStatus['kdf'] {
  return { algorithm: 'argon2id', memoryKiB: h.kdf.memoryKiB, iterations: h.kdf.iterations, parallelism: h.kdf.parallelism, targetMs: h.kdf.targetMs, measuredMs: h.kdf.measuredMs };
}

