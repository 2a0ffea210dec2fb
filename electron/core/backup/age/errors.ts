import { VaultError } from '../../errors';

// One place for the four ways an age file can fail, so every message starts the same way for the user.

export const notABackup = (why: string): VaultError => new VaultError('NOT_A_BACKUP', `This file is not a passphrase-encrypted backup: ${why}`);

export const wrongPassphrase = (): VaultError => new VaultError('WRONG_PASSPHRASE', 'The passphrase does not open this backup');

export const backupTruncated = (why: string): VaultError => new VaultError('BACKUP_TRUNCATED', `The backup ends before its last part: ${why}`);

export const backupDamaged = (why: string): VaultError => new VaultError('BACKUP_DAMAGED', `The backup is damaged: ${why}`);
