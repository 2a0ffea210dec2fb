import { createHash, randomBytes } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyInfo } from '../../../shared/dto/keys';
import { VaultError, ioError } from '../errors';
import { readSmallFile } from '../keys/store/key-file-info';
import { PRIVATE_DIR } from '../keys/store/layout';
import { listKeys } from '../keys/store/scan';
import { listCachedGuns } from '../tuf/list-guns';
import type { TarInput } from './tar';
import { gzipDeterministic, packTar } from './tar';
import { DEFAULT_TAR_LIMITS } from './tar/limits';
import type { BackupManifest, ManifestCheckpoint } from './manifest';
import { MANIFEST_FORMAT, MANIFEST_PATH, encodeManifest } from './manifest';
import { pinnedRootPath } from './archive-paths';
import { padGzipToChunks } from './chunk-padding';
import { packArchives } from './archive-entries';
import { readExistingFile } from '../fs/read-regular-file';

/** A pinned root.json is a few KiB; a much larger one is not something to copy into a backup. */
const MAX_ROOT_JSON_BYTES = 1024 * 1024;

export interface PackRequest {
  /** Only these keys (all usable keys when absent). */
  keyIds?: string[] | undefined;
  includePinnedRoots: boolean;
  createdAt: Date;
  appVersion: string;
  /** The vault's last audit checkpoint, when it is unlocked (issue 12, point 3). */
  auditCheckpoint?: ManifestCheckpoint | null | undefined;
  /** Verified trust-data archive folders to carry (issue 15, point 3); each is verified first. */
  archiveDirs?: string[] | undefined;
}

export interface PackedBackup {
  manifest: BackupManifest;
  /** The tar.gz bytes (not yet encrypted). */
  archive: Buffer;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Key files worth backing up: readable key files, including those whose only problem is loose permissions (the
 * backup restores them 0600). Empty, unreadable, symlinked or oversized files are not keys to keep.
 */
function backupable(k: KeyInfo): boolean {
  return k.status === 'ok' || k.problem?.code === 'LOOSE_PERMISSIONS' || k.problem?.code === 'NO_ROLE';
}

function chooseKeys(trustDir: string, keyIds: string[] | undefined): KeyInfo[] {
  const keys = listKeys(trustDir).filter(backupable);
  if (!keyIds) {
    if (keys.length === 0) throw new VaultError('NOT_FOUND', `There are no keys to back up in ${trustDir}`);
    return keys;
  }
  const wanted = new Set(keyIds);
  const chosen = keys.filter((k) => wanted.has(k.id));
  const missing = keyIds.filter((id) => !chosen.some((k) => k.id === id));
  if (missing.length > 0) throw new VaultError('NOT_FOUND', `No usable key file for ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`);
  return chosen;
}

/** A key file (at most 64 KiB, as listing reads it), never through a symlink swapped in after listing. */
function readKeyBytes(path: string): Buffer {
  try {
    return Buffer.from(readSmallFile(path));
  } catch (e) {
    throw ioError('Could not read', path, e);
  }
}

/** A whole pinned root.json (already checked to be a regular file of at most 1 MiB), not through a symlink. */
function readRootBytes(path: string): Buffer {
  return readExistingFile(path, { what: 'the pinned root', maxBytes: 1024 * 1024 });
}

/** The folders a path sits in, outermost first: private/, private/tuf_keys/, ... */
function parentDirs(rel: string): string[] {
  const parts = rel.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

function pinnedRoots(trustDir: string): { gun: string; rel: string; data: Buffer }[] {
  const out: { gun: string; rel: string; data: Buffer }[] = [];
  for (const gun of listCachedGuns(trustDir)) {
    const rel = pinnedRootPath(gun);
    const abs = join(trustDir, rel);
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (!st?.isFile() || st.size > MAX_ROOT_JSON_BYTES) continue;
    out.push({ gun, rel, data: readRootBytes(abs) });
  }
  return out;
}

/**
 * The archive Docker's guide describes (`tar -zcf backup.tar.gz private`), made deterministic: relative paths,
 * folders 0700 and files 0600, owner 0/0 with no names, sorted, one mtime. The manifest and the pinned roots sit
 * beside `private/`, where `tar -xz` in a trust dir puts them back where notary reads them.
 */
export function packBackup(trustDir: string, request: PackRequest): PackedBackup {
  const keys = chooseKeys(trustDir, request.keyIds);
  const roots = request.includePinnedRoots ? pinnedRoots(trustDir) : [];
  const files = new Map<string, Buffer>();
  for (const k of keys) files.set(k.file, readKeyBytes(k.path));
  for (const r of roots) files.set(r.rel, r.data);
  const archives = packArchives(request.archiveDirs ?? []);

  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    version: 1,
    backupId: randomBytes(12).toString('base64url'),
    createdAt: request.createdAt.toISOString(),
    appVersion: request.appVersion,
    keys: keys.map((k) => ({ path: k.file, id: k.id, role: k.role, gun: k.gun, algorithm: k.algorithm, sha256: sha256(files.get(k.file)!) })),
    pinnedRoots: roots.map((r) => ({ gun: r.gun, path: r.rel, sha256: sha256(r.data) })),
    ...(request.auditCheckpoint ? { auditCheckpoint: { ...request.auditCheckpoint } } : {}),
    ...(archives.manifest.length > 0 ? { trustDataArchives: archives.manifest } : {}),
  };

  const dirs = new Set<string>([PRIVATE_DIR]);
  for (const rel of files.keys()) parentDirs(rel).forEach((d) => dirs.add(d));
  const manifestEntry: TarInput = { path: MANIFEST_PATH, type: 'file', mode: 0o600, data: encodeManifest(manifest) };
  const entries: TarInput[] = [
    manifestEntry,
    ...[...dirs].map((path): TarInput => ({ path, type: 'dir', mode: 0o700 })),
    ...[...files].map(([path, data]): TarInput => ({ path, type: 'file', mode: 0o600, data })),
    ...archives.entries,
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  checkRestorable(entries, trustDir);
  return { manifest, archive: padGzipToChunks(gzipDeterministic(packTar(entries, { mtime: request.createdAt }))) };
}

/** A backup the restore would refuse (more entries or bytes than an archive may hold) is never written. */
function checkRestorable(entries: TarInput[], trustDir: string): void {
  const bytes = entries.reduce((n, e) => n + 512 + (Math.ceil((e.data?.length ?? 0) / 512) * 512), 0);
  if (entries.length > DEFAULT_TAR_LIMITS.maxEntries || bytes > DEFAULT_TAR_LIMITS.maxUnpackedBytes) {
    throw new VaultError(
      'INVALID_ARGUMENT',
      `A backup of ${trustDir} would hold ${entries.length} entries and ${bytes} bytes, more than a backup may (${DEFAULT_TAR_LIMITS.maxEntries} entries, ${DEFAULT_TAR_LIMITS.maxUnpackedBytes} bytes): back up the keys in parts (choose keys)`,
    );
  }
}
