import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BackupCopyResult, BackupCreated, DriveInfo, ProgressEvent } from '../../../shared/dto/backups';
import { isVaultError, VaultError } from '../errors';
import { checkNewPassphrase } from '../keys/store/passphrase-rules';
import { readFileFromDrive, writeNewFileOnDrive } from '../drives/drive-file';
import { AgeFileWriter, DerivedKeys } from './age';
import { backupFileStream } from './backup-stream';
import { factsOf, recordWrittenAndVerified } from './ledger';
import { openBackup } from './open-backup';
import type { BackupPlan } from './pack-backup';
import { planBackup } from './pack-backup';
import type { ManifestCheckpoint } from './manifest';
import { reportOf } from './verify-backup';

/** Where one copy goes, resolved before any work starts (dialogs first, so a cancel costs nothing). */
export interface ResolvedDestination {
  /** Shown to the user and kept in the ledger: the drive label, or the folder's name. */
  label: string;
  dir: string | null;
  noPermissions: boolean;
  /** Set when the drive cannot take the copy (not mounted, read-only, full). */
  problem: { code: string; message: string } | null;
}

export interface CreateContext {
  dataDir: string;
  trustDir: string;
  appVersion: string;
  now: () => Date;
  progress: (event: Omit<ProgressEvent, 'jobId'>) => void;
  /** The vault's last audit checkpoint for the manifest, when it is unlocked (issue 12, point 3). */
  auditCheckpoint?: () => ManifestCheckpoint | null;
}

export interface CreateRequest {
  keyIds?: string[] | undefined;
  includePinnedRoots: boolean;
  passphrase: string;
  /** Verified trust-data archive folders to carry (issue 15, point 3), resolved by main, never named by the renderer. */
  archiveDirs?: string[];
}

export const destinationOfDrive = (drive: DriveInfo): ResolvedDestination => ({
  label: drive.label,
  dir: drive.mountPoint,
  noPermissions: drive.noPermissions,
  problem: drive.problem,
});

/** trust-vault-backup-20261123-142501Z.tar.gz.age: sorts by time, says what it is, and `age -d | tar -xz` fits it. */
export function backupFileName(at: Date, dir: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  for (let n = 1; ; n++) {
    const name = `trust-vault-backup-${stamp}Z${n > 1 ? `-${n}` : ''}.tar.gz.age`;
    if (!existsSync(join(dir, name))) return name;
  }
}

const errorOf = (e: unknown): { code: string; message: string } =>
  isVaultError(e) ? { code: e.code, message: e.message } : { code: 'IO_ERROR', message: e instanceof Error ? e.message : String(e) };

/**
 * One backup, written to every destination and read back from each: plan the keys (what goes in, checked against
 * what a restore accepts), then per copy write atomically (never over a file) and verify by reading the file back
 * from its drive. The first copy is made as it is written (tar -> gzip -> age -> the drive, never whole in memory);
 * later copies are the same bytes, copied from the first copy that read back sound. A copy that fails reports its
 * own error; the others still count.
 */
export async function createBackup(destinations: ResolvedDestination[], request: CreateRequest, ctx: CreateContext): Promise<BackupCreated> {
  checkNewPassphrase(request.passphrase);
  const createdAt = ctx.now();
  ctx.progress({ phase: 'encrypting', done: 0, total: 1 });
  return withBackupWriter(request.passphrase, async (age, derivedKeys) => {
    ctx.progress({ phase: 'encrypting', done: 1, total: 1 });
    ctx.progress({ phase: 'packing', done: 0, total: 1 });
    const plan = planBackup(ctx.trustDir, { keyIds: request.keyIds, includePinnedRoots: request.includePinnedRoots, createdAt, appVersion: ctx.appVersion, auditCheckpoint: ctx.auditCheckpoint?.() ?? null, archiveDirs: request.archiveDirs });
    ctx.progress({ phase: 'packing', done: 1, total: 1 });
    return writeAndVerify(destinations, request, ctx, plan, age, derivedKeys);
  });
}

/**
 * Runs `fn` with an age header made for the passphrase: scrypt runs first, so its 256 MiB come and go before the keys
 * are listed and the two never add up; the read-back reuses its result (age/derived-keys.ts). Both are wiped after.
 */
export async function withBackupWriter<T>(passphrase: string, fn: (age: AgeFileWriter, derivedKeys: DerivedKeys) => Promise<T>): Promise<T> {
  const derivedKeys = new DerivedKeys();
  try {
    const age = await AgeFileWriter.start(passphrase, { derivedKeys });
    try {
      return await fn(age, derivedKeys);
    } finally {
      age.wipe();
    }
  } finally {
    derivedKeys.wipe();
  }
}

async function writeAndVerify(
  destinations: ResolvedDestination[],
  request: CreateRequest,
  ctx: CreateContext,
  plan: BackupPlan,
  age: AgeFileWriter,
  derivedKeys: DerivedKeys,
): Promise<BackupCreated> {
  const m = plan.manifest;
  const copies: BackupCopyResult[] = [];
  /** The first copy that read back sound: the others are copied from it. */
  let sound: string | null = null;
  for (const dest of destinations) {
    const result: BackupCopyResult = { destination: dest.label, file: null, bytes: null, verify: null, error: null, noPermissions: dest.noPermissions };
    copies.push(result);
    try {
      if (dest.problem || !dest.dir) throw new VaultError('DRIVE_UNAVAILABLE', dest.problem?.message ?? `${dest.label} is not mounted`);
      const writing = (done: number, total: number) => ctx.progress({ phase: 'writing', target: dest.label, done, total });
      const { path, bytes } = await writeNewFileOnDrive(dest.dir, backupFileName(plan.createdAt, dest.dir), sound ? readFileFromDrive(sound, { onProgress: writing }) : backupFileStream(plan, ctx.trustDir, age, writing));
      result.file = path;
      result.bytes = bytes;
      // Read back from the drive before anything goes into the ledger: a copy that fails its own read-back is never
      // recorded as a backup of anything.
      const opened = await openBackup(path, request.passphrase, { onProgress: (done, total) => ctx.progress({ phase: 'verifying', target: dest.label, done, total }), derivedKeys, keepKeyData: false, written: plan.manifest });
      const at = ctx.now();
      result.verify = reportOf(opened, ctx.trustDir, at);
      if (!result.verify.ok) throw new VaultError('BACKUP_DAMAGED', `the copy written to ${path} did not read back as written (${result.verify.differences.join('; ') || 'it differs'}); it is not recorded as a backup`);
      recordWrittenAndVerified(ctx.dataDir, factsOf(m), { file: path, location: dest.label, writtenAt: plan.createdAt, verifiedAt: at });
      sound ??= path;
    } catch (e) {
      result.error = errorOf(e);
    }
  }
  return { backupId: m.backupId, createdAt: m.createdAt, keyIds: m.keys.map((k) => k.id), pinnedRoots: m.pinnedRoots.map((r) => r.gun), copies };
}

export const folderDestination = (dir: string): ResolvedDestination => ({ label: basename(dir) || dir, dir, noPermissions: false, problem: null });
