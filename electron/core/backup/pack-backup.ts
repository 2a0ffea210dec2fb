import { createHash, randomBytes } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestKey } from '../../../shared/dto/backups';
import type { KeyInfo } from '../../../shared/dto/keys';
import { VaultError, ioError } from '../errors';
import { readSmallFile } from '../keys/store/key-file-info';
import { PRIVATE_DIR } from '../keys/store/layout';
import { forEachKey } from '../keys/store/scan';
import { listCachedGuns } from '../tuf/list-guns';
import { DEFAULT_TAR_LIMITS } from './tar/limits';
import type { BackupManifest, ManifestCheckpoint } from './manifest';
import { MANIFEST_FORMAT, MANIFEST_PATH } from './manifest';
import { manifestBytes } from './manifest-encoding';
import { pinnedRootPath } from './archive-paths';
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

/**
 * What a backup will hold, worked out (and checked against the limits) before anything is written: the entries in
 * archive order, by where their bytes come from, and the manifest, whose key hashes are filled in as the key files
 * are read into the archive. Holds no file's bytes (but for carried trust-data archives, verified and read first).
 */
export interface BackupPlan {
  manifest: BackupManifest;
  entries: PlannedEntry[];
  createdAt: Date;
  /** The uncompressed archive's size as planned, for progress. */
  tarBytes: number;
}

export type PlannedEntry =
  | { path: string; from: 'dir' }
  /** A key file, read when its turn comes; `key` is its manifest entry (path and hash). */
  | { path: string; from: 'key'; key: ManifestKey }
  /** A pinned root, hashed while planning (the manifest, before it in the archive, lists its hash). */
  | { path: string; from: 'root'; sha256: string }
  | { path: string; from: 'bytes'; data: Buffer }
  | { path: string; from: 'manifest' };

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Key files worth backing up: readable key files, including those whose only problem is loose permissions (the
 * backup restores them 0600). Empty, unreadable, symlinked or oversized files are not keys to keep.
 */
function backupable(k: KeyInfo): boolean {
  return k.status === 'ok' || k.problem?.code === 'LOOSE_PERMISSIONS' || k.problem?.code === 'NO_ROLE';
}

/**
 * The manifest entries of the keys to back up, with each file's size as it is now, in listing order. The listing
 * streams past (forEachKey): only what the manifest needs of each key is kept, sharing the listing's strings.
 */
function chooseKeys(trustDir: string, keyIds: string[] | undefined, unhashed: string): { keys: ManifestKey[]; sizes: number[] } {
  const wanted = keyIds ? new Set(keyIds) : null;
  const keys: ManifestKey[] = [];
  const sizes: number[] = [];
  forEachKey(trustDir, (k) => {
    if (!backupable(k) || (wanted && !wanted.has(k.id))) return;
    keys.push({ path: k.file, id: k.id, role: k.role, gun: k.gun, algorithm: k.algorithm, sha256: unhashed });
    sizes.push(sizeOf(k.path));
  });
  if (!wanted) {
    if (keys.length === 0) throw new VaultError('NOT_FOUND', `There are no keys to back up in ${trustDir}`);
    return { keys, sizes };
  }
  const found = new Set(keys.map((k) => k.id));
  const missing = keyIds!.filter((id) => !found.has(id));
  if (missing.length > 0) throw new VaultError('NOT_FOUND', `No usable key file for ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`);
  return { keys, sizes };
}

/** A key file (at most 64 KiB, as listing reads it), never through a symlink swapped in after listing. A view of a shared buffer: copy what is kept. */
export function readKeyBytes(path: string): Buffer {
  try {
    return readSmallFile(path);
  } catch (e) {
    throw ioError('Could not read', path, e);
  }
}

/** A whole pinned root.json (already checked to be a regular file of at most 1 MiB), not through a symlink. */
export function readRootBytes(path: string): Buffer {
  return readExistingFile(path, { what: 'the pinned root', maxBytes: MAX_ROOT_JSON_BYTES });
}

/** A key file's size as it is now (the archive's size is checked before anything is written). */
function sizeOf(path: string): number {
  try {
    return lstatSync(path).size;
  } catch (e) {
    throw ioError('Could not read', path, e);
  }
}

/** The folders a path sits in, outermost first: private/, private/tuf_keys/, ... */
function parentDirs(rel: string): string[] {
  const parts = rel.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

function pinnedRoots(trustDir: string): { gun: string; rel: string; size: number; sha256: string }[] {
  const out: { gun: string; rel: string; size: number; sha256: string }[] = [];
  for (const gun of listCachedGuns(trustDir)) {
    const rel = pinnedRootPath(gun);
    const abs = join(trustDir, rel);
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (!st?.isFile() || st.size > MAX_ROOT_JSON_BYTES) continue;
    const data = readRootBytes(abs);
    out.push({ gun, rel, size: data.length, sha256: sha256(data) });
  }
  return out;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const blocks = (size: number) => 512 + Math.ceil(size / 512) * 512;

/**
 * The archive Docker's guide describes (`tar -zcf backup.tar.gz private`), made deterministic: relative paths,
 * folders 0700 and files 0600, owner 0/0 with no names, sorted, one mtime. The manifest and the pinned roots sit
 * beside `private/`, where `tar -xz` in a trust dir puts them back where notary reads them. The manifest sorts after
 * every key file (`private/...` < `trust-...`), so it is written once their hashes are known.
 */
export function planBackup(trustDir: string, request: PackRequest): BackupPlan {
  const unhashed = '0'.repeat(64);
  const { keys, sizes } = chooseKeys(trustDir, request.keyIds, unhashed);
  const roots = request.includePinnedRoots ? pinnedRoots(trustDir) : [];
  const archives = packArchives(request.archiveDirs ?? []);

  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    version: 1,
    backupId: randomBytes(12).toString('base64url'),
    createdAt: request.createdAt.toISOString(),
    appVersion: request.appVersion,
    keys,
    pinnedRoots: roots.map((r) => ({ gun: r.gun, path: r.rel, sha256: r.sha256 })),
    ...(request.auditCheckpoint ? { auditCheckpoint: { ...request.auditCheckpoint } } : {}),
    ...(archives.manifest.length > 0 ? { trustDataArchives: archives.manifest } : {}),
  };

  const dirs = new Set<string>([PRIVATE_DIR]);
  for (const k of manifest.keys) parentDirs(k.path).forEach((d) => dirs.add(d));
  for (const r of roots) parentDirs(r.rel).forEach((d) => dirs.add(d));
  let tarBytes = 1024 + blocks(manifestBytes(manifest));
  const entries: PlannedEntry[] = [{ path: MANIFEST_PATH, from: 'manifest' }];
  for (const path of dirs) entries.push({ path, from: 'dir' });
  manifest.keys.forEach((key, i) => {
    entries.push({ path: key.path, from: 'key', key });
    tarBytes += blocks(sizes[i]!);
  });
  for (const r of roots) entries.push({ path: r.rel, from: 'root', sha256: r.sha256 });
  for (const e of archives.entries) entries.push(e.type === 'dir' ? { path: e.path, from: 'dir' } : { path: e.path, from: 'bytes', data: Buffer.from(e.data ?? []) });
  tarBytes += dirs.size * 512 + roots.reduce((n, r) => n + blocks(r.size), 0) + archives.entries.reduce((n, e) => n + blocks(e.data?.length ?? 0), 0);
  entries.sort(byPath);
  if (entries.findIndex((e) => e.from === 'manifest') < entries.findLastIndex((e) => e.from === 'key')) throw new Error('the manifest must follow every key file in the archive');
  checkRestorable(entries.length, tarBytes - 1024, trustDir);
  return { manifest, entries, createdAt: request.createdAt, tarBytes };
}

/** A backup the restore would refuse (more entries or bytes than an archive may hold) is never written. */
function checkRestorable(entries: number, bytes: number, trustDir: string): void {
  if (entries > DEFAULT_TAR_LIMITS.maxEntries || bytes > DEFAULT_TAR_LIMITS.maxUnpackedBytes) {
    throw new VaultError(
      'INVALID_ARGUMENT',
      `A backup of ${trustDir} would hold ${entries} entries and ${bytes} bytes, more than a backup may (${DEFAULT_TAR_LIMITS.maxEntries} entries, ${DEFAULT_TAR_LIMITS.maxUnpackedBytes} bytes): back up the keys in parts (choose keys)`,
    );
  }
}
