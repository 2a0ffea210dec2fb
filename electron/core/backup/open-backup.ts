import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { VaultError, ioError } from '../errors';
import { classifyKeyFile } from '../keys/store/classify';
import { MAX_KEY_FILE_BYTES } from '../keys/store/layout';
import { readFileFromDrive } from '../drives/drive-file';
import type { DerivedKeys } from './age';
import { ageDecrypt, isAgeFile } from './age';
import { isGzip, readTarGz } from './tar';
import type { KeyPath } from './archive-paths';
import { keyPathOf, pinnedRootGunOf, trustDirPrefixOf } from './archive-paths';
import type { ManifestKey } from '../../../shared/dto/backups';
import type { KeyStaging } from './restore/key-staging';
import type { BackupManifest } from './manifest';
import { MANIFEST_PATH, MAX_MANIFEST_BYTES } from './manifest';
import { ManifestReader } from './manifest-reader';
import { manifestPieces } from './manifest-encoding';
import { createHash } from 'node:crypto';
import { isArchiveEntry } from './archive-entries';
import { sizeInWords } from '../fs/read-regular-file';
import { sha256Hex } from './compare';

/**
 * Reads a backup file from where it lies (a drive: read back fresh by path, never from memory), decrypts it when
 * it is an age file, and collects the key files and pinned roots it holds, mapped to trust-dir-relative paths.
 * The tar reader refuses hostile archives as it goes; this adds what a key backup must look like.
 */

export interface ArchivedKey extends KeyPath {
  /** The file's bytes; null when the backup was opened only to check it (keepKeyData: false). */
  data: Buffer | null;
  sha256: string;
  size: number;
  role: string | null;
  gun: string | null;
  algorithm: string | null;
  /** Why this file cannot be restored as a key (unreadable PEM, no role...); null when it is a usable key file. */
  problem: string | null;
  /** Where its bytes wait instead, in the data dir (a restore of a backup opened with `staging`; see restore/key-staging.ts). */
  staged?: string;
}

export interface ArchivedRoot {
  gun: string;
  rel: string;
  data: Buffer;
}

export interface OpenedBackup {
  file: string;
  format: 'vault' | 'tar.gz';
  encrypted: boolean;
  manifest: BackupManifest | null;
  /** By trust-dir-relative path. */
  keys: Map<string, ArchivedKey>;
  roots: Map<string, ArchivedRoot>;
  /** Files of carried trust-data archives, by tar path (`trust-data-archives/...`); never keys or roots. */
  archiveFiles: Map<string, Buffer>;
  /** Entries that are neither key files nor pinned roots, and were left alone. */
  ignored: { path: string; reason: string }[];
  /** The staged key files, when opened with `staging`: the caller places or discards them. */
  staging?: KeyStaging;
}

export type FileKind = 'age' | 'gzip' | 'unknown';

/**
 * No backup this app writes or restores comes near this: restore refuses more than 256 MiB unpacked, and neither
 * gzip nor age makes a file much bigger than what it holds. A larger file is refused before it is read.
 */
export const MAX_ARCHIVE_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Whether the file is an age file or a tar.gz, from its first bytes. Opened without blocking and checked to be a
 * regular file of at most MAX_ARCHIVE_FILE_BYTES first (issue 12, point 7): a FIFO or a device is refused, never
 * waited on or read without end.
 */
export function fileKindOf(path: string): FileKind {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) throw new VaultError('FILE_REFUSED', `the backup ${path} is not a regular file (a pipe, a device or a folder); nothing was read`);
    if (st.size > MAX_ARCHIVE_FILE_BYTES) {
      throw new VaultError('FILE_REFUSED', `the backup ${path} is ${st.size} bytes, over the ${sizeInWords(MAX_ARCHIVE_FILE_BYTES)} limit for a backup; nothing was read`);
    }
    const head = Buffer.alloc(64);
    const n = readSync(fd, head, 0, head.length, 0);
    const bytes = head.subarray(0, n);
    return isAgeFile(bytes) ? 'age' : isGzip(bytes) ? 'gzip' : 'unknown';
  } catch (e) {
    if (e instanceof VaultError) throw e;
    throw ioError('Could not read', path, e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function* counted(source: AsyncIterable<Buffer>, total: number, onProgress?: (done: number, total: number) => void): AsyncGenerator<Buffer> {
  let done = 0;
  for await (const chunk of source) {
    done += chunk.length;
    onProgress?.(done, total);
    yield chunk;
  }
}

/**
 * Which entries are worth keeping in memory: anything that could be a key file, a root.json, a carried trust-data
 * archive or the manifest. The manifest grows about 360 bytes a key, so it gets a cap of its own that fits the
 * 100,000 entries a backup may hold.
 */
const worthKeeping = (path: string): boolean | number =>
  path === MANIFEST_PATH
    ? MAX_MANIFEST_BYTES
    : isArchiveEntry(path) || (path.endsWith('.key') && path.split('/').includes('private')) || path.endsWith('/metadata/root.json');

/**
 * `keepKeyData: false` (verify, and create's read-back) keeps each key file's hash and what it is, not its bytes, so
 * checking a backup of 100,000 keys does not hold 100,000 key files; a restore keeps them to write them.
 */
export async function openBackup(
  file: string,
  passphrase: string | undefined,
  options: { onProgress?: (done: number, total: number) => void; derivedKeys?: DerivedKeys; keepKeyData?: boolean; written?: BackupManifest; staging?: KeyStaging } = {},
): Promise<OpenedBackup> {
  try {
    return await openAndRead(file, passphrase, options);
  } catch (e) {
    // Nothing of a backup that does not open stays staged.
    options.staging?.discard();
    throw e;
  }
}

async function openAndRead(file: string, passphrase: string | undefined, options: Parameters<typeof openBackup>[2] = {}): Promise<OpenedBackup> {
  const kind = fileKindOf(file);
  if (kind === 'unknown') throw new VaultError('NOT_A_BACKUP', `${file} is neither an age-encrypted backup nor a tar.gz archive`);
  if (kind === 'age' && passphrase === undefined) throw new VaultError('PASSPHRASE_REQUIRED', `${file} is encrypted: its passphrase is needed`);
  let total = 0;
  try {
    total = statSync(file).size;
  } catch (e) {
    throw ioError('Could not read', file, e);
  }
  const raw = counted(readFileFromDrive(file), total, options.onProgress);
  const plain = kind === 'age' ? ageDecrypt(raw, passphrase!, { derivedKeys: options.derivedKeys }) : raw;

  const kept = new Map<string, KeptFile>();
  const archiveFiles = new Map<string, Buffer>();
  const others: string[] = [];
  // The manifest is read as it streams past (manifest-reader.ts): never whole in memory, as bytes or as text.
  let reader: ManifestReader | WrittenManifest | null = null;
  const streamData = (path: string) => {
    if (path !== MANIFEST_PATH) return null;
    reader = options.written ? new WrittenManifest(file, options.written) : new ManifestReader();
    return (slice: Buffer) => reader!.write(slice);
  };
  const interned = new Map<string, string>();
  // Reading back a file just written: its key files are expected to be the ones the manifest lists (see keptFile).
  const expected = options.written ? new Map(options.written.keys.map((k) => [k.path, k])) : null;
  for await (const entry of readTarGz(plain, { keepData: worthKeeping, streamData })) {
    if (entry.type !== 'file' || entry.path === MANIFEST_PATH) continue;
    if (entry.data && isArchiveEntry(entry.path)) archiveFiles.set(entry.path, entry.data);
    else if (entry.data) kept.set(entry.path, keptFile(entry.path, entry.data, options.keepKeyData ?? true, interned, expected, options.staging ?? null));
    else others.push(entry.path);
  }
  const manifest = reader === null ? null : (reader as ManifestReader | WrittenManifest).end();
  return { file, encrypted: kind === 'age', ...collect(kept, others, manifest !== null), archiveFiles, manifest, format: manifest ? 'vault' : 'tar.gz', ...(options.staging ? { staging: options.staging } : {}) };
}

/**
 * Reading back a file just written (`written`: the manifest that went into it): its manifest must be those bytes
 * exactly, so it is hashed as it streams past and compared, rather than parsed into a second copy of 100,000 keys.
 */
class WrittenManifest {
  readonly #hash = createHash('sha256');
  constructor(
    private readonly file: string,
    private readonly manifest: BackupManifest,
  ) {}

  write(slice: Buffer): void {
    this.#hash.update(slice);
  }

  end(): BackupManifest {
    const expected = createHash('sha256');
    for (const piece of manifestPieces(this.manifest)) expected.update(piece);
    if (!this.#hash.digest().equals(expected.digest())) throw new VaultError('BACKUP_DAMAGED', `the manifest read back from ${this.file} is not the one written into it`);
    return this.manifest;
  }
}

/**
 * A file worth keeping, looked at as it arrives: a key file (below the first `private/` of its path, the only place
 * the archive's common prefix can put it) is described then, so its bytes need not be kept; anything else is kept.
 */
interface KeptFile {
  data: Buffer | null;
  key: ArchivedKey | null;
}

function keptFile(path: string, data: Buffer, keepKeyData: boolean, interned: Map<string, string>, expected: Map<string, ManifestKey> | null, staging: KeyStaging | null): KeptFile {
  const prefix = trustDirPrefixOf(path);
  const key = prefix === null ? null : keyPathOf(path.slice(prefix.length));
  if (!key) return { data, key: null };
  // A key file read back exactly as the manifest just written lists it: described by that entry (the same strings,
  // and the same file the listing classified), so a read-back of 100,000 keys holds no second copy of them.
  const listed = expected?.get(key.rel);
  if (listed && !keepKeyData && data.length <= MAX_KEY_FILE_BYTES) {
    const sha256 = sha256Hex(data);
    if (sha256 === listed.sha256) {
      data.fill(0);
      return { data: null, key: { ...key, rel: listed.path, id: listed.id, data: null, sha256: listed.sha256, size: data.length, role: listed.role, gun: listed.gun, algorithm: listed.algorithm, problem: null } };
    }
  }
  const described = describeKey(key, data);
  // Role, GUN and algorithm repeat from key to key: one string each for 100,000 keys, not 100,000 copies.
  const intern = (s: string | null) => (s === null ? null : (interned.get(s) ?? (interned.size < 10_000 ? (interned.set(s, s), s) : s)));
  const compact = { ...described, role: intern(described.role), gun: intern(described.gun), algorithm: intern(described.algorithm) };
  if (keepKeyData && staging) {
    // Kept on disk in the data dir's staging folder rather than in memory (restore/key-staging.ts).
    const staged = staging.stage(key.rel, key.id, data);
    data.fill(0);
    return { data: null, key: { ...compact, data: null, ...(staged ? { staged } : {}) } };
  }
  if (keepKeyData) return { data, key: compact };
  data.fill(0);
  return { data: null, key: { ...compact, data: null } };
}

/** The one prefix (e.g. `home/ana/.docker/trust/`) in front of `private/` that every key file of the archive shares. */
function commonPrefix(paths: string[]): string {
  const prefixes = new Set<string>();
  for (const p of paths) {
    const prefix = trustDirPrefixOf(p);
    if (prefix !== null && p.endsWith('.key')) prefixes.add(prefix);
  }
  if (prefixes.size > 1) {
    const [a, b] = [...prefixes];
    throw new VaultError('ARCHIVE_REFUSED', `The archive holds key folders of more than one trust folder (${a}private and ${b}private); restore each from its own archive`);
  }
  return [...prefixes][0] ?? '';
}

function collect(kept: Map<string, KeptFile>, others: string[], isVault: boolean): Pick<OpenedBackup, 'keys' | 'roots' | 'ignored'> {
  // A vault archive is already trust-dir-relative; a plain one carries the path the user's tar command saw.
  const prefix = isVault ? '' : commonPrefix([...kept.keys()]);
  const keys = new Map<string, ArchivedKey>();
  const roots = new Map<string, ArchivedRoot>();
  const ignored = others.map((path) => ({ path, reason: 'not a key file' }));
  for (const [path, file] of kept) {
    const rel = path.startsWith(prefix) ? path.slice(prefix.length) : null;
    const gun = rel === null ? null : pinnedRootGunOf(rel);
    if (gun !== null && rel !== null && file.data) {
      roots.set(gun, { gun, rel, data: file.data });
      continue;
    }
    const key = rel === null ? null : keyPathOf(rel);
    // Described on arrival at the same path (see keptFile), or not a key file of this archive's trust folder.
    if (!key || !file.key || file.key.rel !== key.rel) {
      ignored.push({ path, reason: 'not at a key file path of a trust folder' });
      continue;
    }
    keys.set(key.rel, file.key);
  }
  return { keys, roots, ignored };
}

function describeKey(key: KeyPath, data: Buffer): ArchivedKey {
  const digest = { data, sha256: sha256Hex(data), size: data.length };
  if (data.length > MAX_KEY_FILE_BYTES) {
    return { ...key, ...digest, role: null, gun: null, algorithm: null, problem: `${data.length} bytes is too large for a key file` };
  }
  const content = classifyKeyFile(data, key.fallback);
  return { ...key, ...digest, role: content.role, gun: content.gun, algorithm: content.algorithm, problem: content.problem?.reason ?? null };
}
