import { createHash } from 'node:crypto';
import { readLedger } from '../backup/ledger';
import type { StoredCheckpoint } from '../vault/payload';
import type { VaultSession } from '../vault/vault-session';

/** What the backup service asks of the vault: the passphrase of a backup it wrote, by the file of one of its copies. */
export interface BackupPassphrases {
  /** Called after a backup was written: the unlocked vault keeps its passphrase (a locked one keeps nothing). */
  remember(backupId: string, passphrase: string): void;
  /** The saved passphrase of the backup the ledger knows this file as a copy of; undefined when none. */
  forFile(file: string): string | undefined;
  /** The vault's last audit checkpoint, for the backup's manifest; null while locked (issue 12, point 3). */
  auditCheckpoint?(): StoredCheckpoint | null;
}

/**
 * The vault's entry for a backup's passphrase. Saved passphrases are filed by a 64-hex ID like key passphrases;
 * a backup's is derived from its backup ID under its own label, so it can never be taken for a key's.
 */
export const backupSecretId = (backupId: string): string => createHash('sha256').update(`trust-vault backup passphrase\0${backupId}`).digest('hex');

/**
 * Backup passphrases in the vault (issue 7, point 2): while the vault is unlocked, each backup written has its
 * passphrase saved, and verifying or restoring a copy the ledger knows does not ask for it again.
 */
export function vaultBackupPassphrases(session: VaultSession, dataDir: string): BackupPassphrases {
  return {
    remember(backupId, passphrase) {
      if (!session.isUnlocked()) return;
      try {
        session.savePassphrase(backupSecretId(backupId), passphrase, { role: 'backup', gun: null });
      } catch {
        /* the backup is written either way; the passphrase is then asked for when it is verified */
      }
    },
    auditCheckpoint: () => session.lastAuditCheckpoint(),
    forFile(file) {
      if (!session.isUnlocked()) return undefined;
      let backupId: string | undefined;
      try {
        backupId = readLedger(dataDir).backups.find((b) => b.copies.some((c) => c.file === file))?.backupId;
      } catch {
        return undefined;
      }
      return backupId === undefined ? undefined : session.savedPassphrase(backupSecretId(backupId));
    },
  };
}
