import type { OfflineOutcome, OnlineOutcome, QuarantinedKey, VaultStatus } from '../../../shared/dto/vault';
import { listQuarantine, restoreQuarantined } from '../vault/quarantine';
import { registeredTrustDirs } from '../vault/registered-trust-dirs';
import type { TokenInfo } from '../../../shared/dto/tokens';
import { readLedger, verifiedCopiesOf } from '../backup/ledger';
import { setSavedPassphraseLookup } from '../keys/saved-passphrases';
import { setOfflineKeyLookup } from '../keys/offline-key-source';
import type { CorePorts } from '../ports';
import { auditApi } from '../audit/audit-api';
import { AuditLog } from '../audit/audit-log';
import { recordQuietly } from '../audit/audited';
import { bringOnline, savePassphraseChecked, takeOffline } from '../vault/offline-keys';
import { VaultSession } from '../vault/vault-session';
import type { RegistryLogins } from '../tags/registry-logins';
import type { VaultView } from './vault-key-listing';
import { type BackupPassphrases, vaultBackupPassphrases } from './backup-passphrases';

const safely = <T>(fn: () => T, fallback: T): T => {
  try {
    return fn();
  } catch {
    return fallback;
  }
};

/** What locking must wipe besides the vault itself: every secret another part of main keeps between calls. */
export interface LockWipers {
  clipboard: { clearNow(): void };
  backups: { forgetSecrets(): void; useSavedPassphrases(saved: BackupPassphrases): void };
  imports: { clear(): void };
  tokens: { logoutAll(): Promise<void>; known(): TokenInfo[] };
  /** Registry passwords typed into main's prompt (issue 14): wiped on every lock, a vault unlocked or not. */
  registryLogins?: Pick<RegistryLogins, 'clear' | 'touch' | 'expireAfterIdle'>;
}

/**
 * The vault as the app runs it (issue 7): one session per core, its saved passphrases offered to every key
 * operation, locking on the button, on idle and on the system's lock or sleep, and each lock wiping every secret
 * main holds and telling the renderer (`vaultLocked`), which then resets its state.
 */
export function createAppVault(ports: CorePorts, wipers: LockWipers) {
  const audit = new AuditLog({ dataDir: ports.dataDir, via: 'app', clock: ports.clock });
  const trustDirs = () => registeredTrustDirs(ports.dataDir, ports.env);
  const session = new VaultSession({
    dataDir: ports.dataDir,
    clock: ports.clock,
    trustDirs,
    onLocked: (reason) => {
      // The lock button is audited as an operation; idle and the system lock the vault on their own.
      if (reason !== 'manual') recordQuietly(audit, { action: 'vault.locked', result: 'ok', detail: reason });
      ports.events.emit('vaultLocked', { reason });
    },
  });
  setSavedPassphraseLookup((keyId) => session.savedPassphrase(keyId));
  // An offline key signs a publisher operation from the vault's copy: "online for one operation", never on disk.
  setOfflineKeyLookup((keyId) => (session.isUnlocked() ? session.offlineKeyBytes(keyId) : undefined));
  wipers.backups.useSavedPassphrases(vaultBackupPassphrases(session, ports.dataDir));
  session.onLock(() => {
    wipers.clipboard.clearNow();
    wipers.backups.forgetSecrets();
    wipers.imports.clear();
    wipers.registryLogins?.clear();
    void wipers.tokens.logoutAll();
  });
  // With no vault unlocked there is no vault to lock, but registry passwords are still main's to forget.
  wipers.registryLogins?.expireAfterIdle(() => session.autoLockMinutes());
  ports.power?.onLockOrSleep(() => {
    if (session.isUnlocked()) session.lock('system');
    else wipers.registryLogins?.clear();
  });
  /** Where else a key is, for "take offline": verified backup copies (the ledger) and tokens holding it. */
  const otherCopiesOf = (keyId: string): string[] => {
    const backups = verifiedCopiesOf(readLedger(ports.dataDir), keyId).map((c) => `a verified backup on ${c.location} (${c.file})`);
    const tokens = wipers.tokens.known().filter((t) => t.keys.some((k) => k.id === keyId)).map((t) => `the token ${t.label} (serial ${t.serial})`);
    return [...backups, ...tokens];
  };

  return {
    session,
    audit,
    /** What the key list needs of the vault; a vault file that cannot be read lists no offline keys. */
    view: (): VaultView => ({
      file: session.file,
      offlineKeys: safely(() => session.offlineKeys(), []),
      hasPassphrase: (keyId) => session.hasSavedPassphrase(keyId),
    }),
    vault: {
      status: (): VaultStatus => session.status(),
      create: ({ passphrase, unlockSeconds }: { passphrase: string; unlockSeconds: number }) => session.create(passphrase, { unlockSeconds }),
      unlock: ({ passphrase }: { passphrase: string }) => session.unlock(passphrase),
      lock: (): VaultStatus => {
        if (session.isUnlocked()) session.lock('manual');
        else wipers.registryLogins?.clear();
        return session.status();
      },
      touch: (): null => {
        session.touch();
        wipers.registryLogins?.touch();
        return null;
      },
      settings: ({ autoLockMinutes }: { autoLockMinutes: number }) => session.setAutoLock(autoLockMinutes),
      recalibrate: ({ passphrase, unlockSeconds, allowWeakerKdf }: { passphrase: string; unlockSeconds: number; allowWeakerKdf?: boolean | undefined }) =>
        session.recalibrate(passphrase, unlockSeconds, { allowWeaker: allowWeakerKdf === true }),
      changePassphrase: ({
        passphrase,
        newPassphrase,
        unlockSeconds,
        allowWeakerKdf,
      }: {
        passphrase: string;
        newPassphrase: string;
        unlockSeconds?: number | undefined;
        allowWeakerKdf?: boolean | undefined;
      }) => session.changePassphrase(passphrase, newPassphrase, unlockSeconds, { allowWeaker: allowWeakerKdf === true }),
      savePassphrase: (trustDir: string, keyId: string, passphrase: string) => savePassphraseChecked(session, trustDir, keyId, passphrase),
      forgetPassphrase: ({ keyId }: { keyId: string }) => session.forgetPassphrase(keyId),
      takeOffline: (trustDir: string, keyId: string, insist: boolean): OfflineOutcome =>
        takeOffline(session, trustDir, keyId, { insist, otherCopies: otherCopiesOf(keyId) }),
      bringOnline: (trustDir: string, keyId: string, forSeconds: number): OnlineOutcome => bringOnline(session, trustDir, keyId, { forSeconds }),
      quarantine: (): QuarantinedKey[] => {
        session.sweep();
        return listQuarantine(ports.dataDir, trustDirs());
      },
      restoreQuarantined: ({ name }: { name: string }): QuarantinedKey[] => {
        restoreQuarantined(ports.dataDir, name, trustDirs());
        return listQuarantine(ports.dataDir, trustDirs());
      },
    },
    auditLog: auditApi(audit, ports.dialogs, {
      check: () => (session.isUnlocked() ? session.auditCheck() : null),
      rebase: () => {
        if (session.isUnlocked()) session.rebaseAuditCheckpoints();
      },
    }),
  };
}
