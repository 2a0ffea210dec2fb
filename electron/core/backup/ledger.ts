import { join } from 'node:path';
import { VaultError } from '../errors';
import { replaceFileAtomically } from '../fs/atomic-write';
import { ensureSecureDir } from '../fs/secure-dir';
import { array, bool, literal, nullable, object, str } from './json-shape';
import { readFileOrRefuse } from '../fs/read-regular-file';

/**
 * The backup ledger, in the app's data folder: for each backup (by the ID in its manifest) the keys it holds and
 * every copy of it (drive label, file, when written, when last read back and verified). Coverage and "is this the
 * only copy?" are answered from it. A damaged ledger is reported, never overwritten.
 */

export interface LedgerCopy {
  location: string;
  file: string;
  writtenAt: string | null;
  lastVerifiedAt: string | null;
  lastVerifyOk: boolean | null;
}

export interface LedgerBackup {
  backupId: string;
  createdAt: string;
  keys: { id: string; sha256: string }[];
  copies: LedgerCopy[];
}

export interface Ledger {
  version: 1;
  backups: LedgerBackup[];
}

const checkLedger = object<Ledger>({
  version: literal(1),
  backups: array(
    object<LedgerBackup>({
      backupId: str(64),
      createdAt: str(40),
      keys: array(object<{ id: string; sha256: string }>({ id: str(256), sha256: str(64) }), 1_000_000),
      copies: array(
        object<LedgerCopy>({
          location: str(512),
          file: str(4096),
          writtenAt: nullable(str(40)),
          lastVerifiedAt: nullable(str(40)),
          lastVerifyOk: nullable(bool),
        }),
        10_000,
      ),
    }),
    100_000,
  ),
});

const MAX_LEDGER_BYTES = 256 * 1024 * 1024;

export const ledgerPath = (dataDir: string): string => join(dataDir, 'backups', 'ledger.json');

export function readLedger(dataDir: string): Ledger {
  const path = ledgerPath(dataDir);
  // 100,000 backups of a few hundred bytes each: far under this.
  const bytes = readFileOrRefuse(path, { what: 'the backup ledger', maxBytes: MAX_LEDGER_BYTES });
  if (bytes === null) return { version: 1, backups: [] };
  const text = bytes.toString('utf8');
  let parsed: Ledger | undefined;
  try {
    parsed = checkLedger(JSON.parse(text), 'ledger');
  } catch {
    parsed = undefined;
  }
  if (!parsed) {
    throw new VaultError('IO_ERROR', `The backup ledger ${path} is damaged; it was left as it is. Move it aside to start a new one (your backup files are not affected).`);
  }
  return parsed;
}

function writeLedger(dataDir: string, ledger: Ledger): void {
  ensureSecureDir(join(dataDir, 'backups'));
  replaceFileAtomically(ledgerPath(dataDir), `${JSON.stringify(ledger, null, 2)}\n`);
}

export interface BackupFacts {
  backupId: string;
  createdAt: string;
  keys: { id: string; sha256: string }[];
}

/** Reads, changes and writes the ledger in one step (the app is single-instance; the CLI runs one command). */
function update(dataDir: string, facts: BackupFacts, change: (backup: LedgerBackup) => void): void {
  const ledger = readLedger(dataDir);
  let backup = ledger.backups.find((b) => b.backupId === facts.backupId);
  if (!backup) {
    backup = { backupId: facts.backupId, createdAt: facts.createdAt, keys: facts.keys, copies: [] };
    ledger.backups.push(backup);
  }
  change(backup);
  writeLedger(dataDir, ledger);
}

function copyOf(backup: LedgerBackup, file: string, location: string): LedgerCopy {
  let copy = backup.copies.find((c) => c.file === file);
  if (!copy) {
    copy = { location, file, writtenAt: null, lastVerifiedAt: null, lastVerifyOk: null };
    backup.copies.push(copy);
  }
  copy.location = location;
  return copy;
}

/** What the ledger keeps of a backup; the key hashes are the ones the written archive's manifest holds. */
export const factsOf = (m: { backupId: string; createdAt: string; keys: { id: string; sha256: string }[] }): BackupFacts => ({
  backupId: m.backupId,
  createdAt: m.createdAt,
  keys: m.keys.map((k) => ({ id: k.id, sha256: k.sha256 })),
});

export function recordWritten(dataDir: string, facts: BackupFacts, copy: { file: string; location: string; at: Date }): void {
  update(dataDir, facts, (b) => {
    copyOf(b, copy.file, copy.location).writtenAt = copy.at.toISOString();
  });
}

export function recordVerified(dataDir: string, facts: BackupFacts, copy: { file: string; location: string; at: Date; ok: boolean }): void {
  update(dataDir, facts, (b) => {
    const c = copyOf(b, copy.file, copy.location);
    c.lastVerifiedAt = copy.at.toISOString();
    c.lastVerifyOk = copy.ok;
  });
}

/**
 * A copy just written and read back sound: both facts in one read and write of the ledger (a backup of 100,000 keys
 * makes the ledger tens of MB; reading and writing it twice doubled what `backup create` held).
 */
export function recordWrittenAndVerified(dataDir: string, facts: BackupFacts, copy: { file: string; location: string; writtenAt: Date; verifiedAt: Date }): void {
  update(dataDir, facts, (b) => {
    const c = copyOf(b, copy.file, copy.location);
    c.writtenAt = copy.writtenAt.toISOString();
    c.lastVerifiedAt = copy.verifiedAt.toISOString();
    c.lastVerifyOk = true;
  });
}

/** Copies of backups holding `keyId` whose last read-back verified; for "is this the only copy?". */
export function verifiedCopiesOf(ledger: Ledger, keyId: string): LedgerCopy[] {
  return ledger.backups.filter((b) => b.keys.some((k) => k.id === keyId)).flatMap((b) => b.copies.filter((c) => c.lastVerifyOk === true));
}
