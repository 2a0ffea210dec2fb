import type { VerifyReport } from '../../../shared/dto/backups';
import type { DerivedKeys } from './age';
import { archiveIsSound, compareKeys, describeDifferences } from './compare';
import { recordVerified } from './ledger';
import { archiveDifferences } from './archive-entries';
import type { OpenedBackup } from './open-backup';
import { openBackup } from './open-backup';

export interface VerifyContext {
  dataDir: string;
  trustDir: string;
  now: () => Date;
  /** The drive label (or folder) the file lies on, for the ledger. */
  location: string;
  onProgress?: (done: number, total: number) => void;
  /** scrypt results of the operation that just wrote this file (see age/derived-keys.ts). */
  derivedKeys?: DerivedKeys;
}

export function reportOf(opened: OpenedBackup, trustDir: string, verifiedAt: Date): VerifyReport {
  const keys = compareKeys(opened, trustDir);
  const archives = archiveDifferences(opened.manifest?.trustDataArchives, opened.archiveFiles);
  return {
    backupId: opened.manifest?.backupId ?? null,
    file: opened.file,
    createdAt: opened.manifest?.createdAt ?? null,
    appVersion: opened.manifest?.appVersion ?? null,
    keys,
    pinnedRoots: [...opened.roots.keys()].sort(),
    ok: archiveIsSound(keys, opened) && archives.length === 0,
    differences: [...describeDifferences(keys, opened), ...archives],
    ...(opened.manifest?.trustDataArchives ? { trustDataArchives: opened.manifest.trustDataArchives.map((a) => a.name) } : {}),
    verifiedAt: verifiedAt.toISOString(),
  };
}

/**
 * Reads the file back from where it lies, decrypts it, and checks every key against the manifest's hash and the
 * trust dir's current file. A vault backup's result goes into the ledger (a plain archive has no backup ID).
 * Errors (wrong passphrase, truncated, damaged) propagate; the ledger then records nothing.
 */
export async function verifyBackupFile(file: string, passphrase: string | undefined, ctx: VerifyContext): Promise<VerifyReport> {
  const opened = await openBackup(file, passphrase, { onProgress: ctx.onProgress, derivedKeys: ctx.derivedKeys, keepKeyData: false });
  const at = ctx.now();
  const report = reportOf(opened, ctx.trustDir, at);
  if (opened.manifest) {
    const m = opened.manifest;
    recordVerified(
      ctx.dataDir,
      { backupId: m.backupId, createdAt: m.createdAt, keys: m.keys.map((k) => ({ id: k.id, sha256: k.sha256 })) },
      { file, location: ctx.location, at, ok: report.ok },
    );
  }
  return report;
}
