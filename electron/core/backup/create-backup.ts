import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BackupCopyResult, BackupCreated, DriveInfo, ProgressEvent } from '../../../shared/dto/backups';
import { isVaultError, VaultError } from '../errors';
import { checkNewPassphrase } from '../keys/store/passphrase-rules';
import { writeNewFileOnDrive } from '../drives/drive-file';
import { DerivedKeys, ageEncrypt } from './age';
import { recordVerified, recordWritten } from './ledger';
import { openBackup } from './open-backup';
import type { PackedBackup } from './pack-backup';
import { packBackup } from './pack-backup';
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
 * One backup, written to every destination and read back from each: pack the keys (tar.gz + manifest), encrypt
 * once (age, passphrase), then per copy write atomically (never over a file) and verify by reading the file back
 * from its drive. A copy that fails reports its own error; the others still count.
 */
export async function createBackup(destinations: ResolvedDestination[], request: CreateRequest, ctx: CreateContext): Promise<BackupCreated> {
  checkNewPassphrase(request.passphrase);
  const createdAt = ctx.now();
  ctx.progress({ phase: 'packing', done: 0, total: 1 });
  const packed = packBackup(ctx.trustDir, { keyIds: request.keyIds, includePinnedRoots: request.includePinnedRoots, createdAt, appVersion: ctx.appVersion, auditCheckpoint: ctx.auditCheckpoint?.() ?? null, archiveDirs: request.archiveDirs });
  ctx.progress({ phase: 'packing', done: 1, total: 1 });
  ctx.progress({ phase: 'encrypting', done: 0, total: 1 });
  const derivedKeys = new DerivedKeys();
  try {
    return await writeAndVerify(destinations, request, ctx, packed, await ageEncrypt(packed.archive, request.passphrase, { derivedKeys }), derivedKeys);
  } finally {
    derivedKeys.wipe();
  }
}

async function writeAndVerify(
  destinations: ResolvedDestination[],
  request: CreateRequest,
  ctx: CreateContext,
  packed: PackedBackup,
  encrypted: Buffer,
  derivedKeys: DerivedKeys,
): Promise<BackupCreated> {
  const createdAt = new Date(packed.manifest.createdAt);
  ctx.progress({ phase: 'encrypting', done: 1, total: 1 });

  const m = packed.manifest;
  const facts = { backupId: m.backupId, createdAt: m.createdAt, keys: m.keys.map((k) => ({ id: k.id, sha256: k.sha256 })) };
  const copies: BackupCopyResult[] = [];
  for (const dest of destinations) {
    const result: BackupCopyResult = { destination: dest.label, file: null, bytes: null, verify: null, error: null, noPermissions: dest.noPermissions };
    copies.push(result);
    try {
      if (dest.problem || !dest.dir) throw new VaultError('DRIVE_UNAVAILABLE', dest.problem?.message ?? `${dest.label} is not mounted`);
      const { path } = await writeNewFileOnDrive(dest.dir, backupFileName(createdAt, dest.dir), encrypted, {
        onProgress: (done, total) => ctx.progress({ phase: 'writing', target: dest.label, done, total }),
      });
      result.file = path;
      result.bytes = encrypted.length;
      // Read back from the drive before anything goes into the ledger: a copy that fails its own read-back is never
      // recorded as a backup of anything.
      const opened = await openBackup(path, request.passphrase, { onProgress: (done, total) => ctx.progress({ phase: 'verifying', target: dest.label, done, total }), derivedKeys });
      const at = ctx.now();
      result.verify = reportOf(opened, ctx.trustDir, at);
      if (!result.verify.ok) throw new VaultError('BACKUP_DAMAGED', `the copy written to ${path} did not read back as written (${result.verify.differences.join('; ') || 'it differs'}); it is not recorded as a backup`);
      recordWritten(ctx.dataDir, facts, { file: path, location: dest.label, at: createdAt });
      recordVerified(ctx.dataDir, facts, { file: path, location: dest.label, at, ok: true });
    } catch (e) {
      result.error = errorOf(e);
    }
  }
  return { backupId: m.backupId, createdAt: m.createdAt, keyIds: m.keys.map((k) => k.id), pinnedRoots: m.pinnedRoots.map((r) => r.gun), copies };
}

export const folderDestination = (dir: string): ResolvedDestination => ({ label: basename(dir) || dir, dir, noPermissions: false, problem: null });
