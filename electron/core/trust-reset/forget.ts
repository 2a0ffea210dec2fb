import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { VaultError, ioError } from '../errors';
import { ensureSecureDir } from '../fs/secure-dir';
import { isSafeGun } from '../tuf/gun';
import { moveTree, type MoveOps, realOps, treeDigest } from './move-tree';
import { gunDir, type PinnedRootKey, pinnedRootIn } from './pinned-root';
import { readRegularFile } from '../fs/read-regular-file';

/**
 * Consumer reset (issue 3, point 5): after a publisher re-initialises a repository with a new root, notary refuses
 * it until the consumer's cached trust data for that GUN is gone. "Forget" moves `<trust>/tuf/<gun>` into the app's
 * data folder, `<data>/forgotten/<id>/repository`, beside a manifest.json saying what it was, so it can be restored.
 * Nothing is ever deleted.
 */

export interface ForgottenEntry {
  id: string;
  gun: string;
  /** Where the folder was: `<trust>/tuf/<gun>`. */
  originalPath: string;
  trustDir: string;
  forgottenAt: string;
  /** The root keys the forgotten cache pinned (x509 ID and canonical ID), to compare with the server's new one. */
  pinnedRootKeys: PinnedRootKey[];
  rootVersion: number | null;
  /** Relative path -> mode, size and sha256 of every file, as forgotten. */
  files: Record<string, string>;
}

export interface ForgetResult {
  entry: ForgottenEntry;
  /** The folder holding manifest.json and repository/. */
  path: string;
  /** `renamed`: one atomic rename; `copied`: another file system, copied, verified, then the original removed. */
  method: 'renamed' | 'copied';
}

export interface ForgetOptions {
  now?: Date;
  /** Test seam: the file-system steps (to simulate EXDEV or a failing copy). */
  ops?: MoveOps;
}

const MANIFEST = 'manifest.json';
const PAYLOAD = 'repository';
const ID_RE = /^\d{8}T\d{9}Z-[A-Za-z0-9._-]{1,200}$/;

export const forgottenRoot = (dataDir: string): string => join(dataDir, 'forgotten');

/** `20261123T124500123Z-example.com_team_app`: sortable by time, one path segment, no dot segments. */
function entryId(now: Date, gun: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${gun.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 180)}`;
}

/** Refuses a path whose folders (from `base` down) include a symlink: a move must not follow one out of the tree. */
function refuseSymlinks(base: string, path: string): void {
  const rel = relative(base, path);
  let p = base;
  for (const seg of rel.split(sep)) {
    p = join(p, seg);
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isSymbolicLink()) throw new VaultError('INVALID_ARGUMENT', `${p} is a symlink; trust data behind a symlink is not moved`);
  }
}

export function forgetRepository(trustDir: string, dataDir: string, gun: string, options: ForgetOptions = {}): ForgetResult {
  const src = gunDir(trustDir, gun);
  refuseSymlinks(trustDir, src);
  const st = lstatSync(src, { throwIfNoEntry: false });
  if (!st?.isDirectory()) throw new VaultError('NOT_FOUND', `no trust data cached for ${gun} in ${src}`);
  // tuf/<gun> may also hold the folders of longer GUNs (tuf/example.com/app and tuf/example.com/app/web): moving
  // it would forget those too.
  const others = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'metadata' && e.name !== 'changelist');
  if (others.length > 0) {
    throw new VaultError('INVALID_ARGUMENT', `${src} also holds other repositories (${others.map((e) => `${gun}/${e.name}`).join(', ')}); forget those first`);
  }
  const files = treeDigest(src); // also refuses symlinks and devices anywhere inside
  const pinned = pinnedRootIn(join(src, 'metadata'), gun);
  const now = options.now ?? new Date();

  const root = forgottenRoot(dataDir);
  ensureSecureDir(root);
  let id = entryId(now, gun);
  for (let n = 2; lstatSync(join(root, id), { throwIfNoEntry: false }); n++) id = `${entryId(now, gun)}-${n}`;
  const entry: ForgottenEntry = {
    id,
    gun,
    originalPath: src,
    trustDir,
    forgottenAt: now.toISOString(),
    pinnedRootKeys: pinned.keys,
    rootVersion: pinned.version,
    files,
  };

  // Everything is assembled in a hidden staging folder, which listForgotten ignores, and renamed to its name last.
  const staging = join(root, `.${id}.${randomBytes(6).toString('hex')}.partial`);
  const final = join(root, id);
  try {
    mkdirSync(staging, { mode: 0o700 });
    writeFileSync(join(staging, MANIFEST), `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw ioError('Could not prepare', staging, e);
  }
  const ops = options.ops ?? realOps;
  let method: 'renamed' | 'copied';
  try {
    // The entry gets its final name before the original is taken away, so at no moment is the data nowhere.
    method = moveTree(src, join(staging, PAYLOAD), ops, () => ops.rename(staging, final));
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    rmSync(final, { recursive: true, force: true });
    throw e instanceof VaultError ? e : ioError('Could not move', src, e);
  }
  return { entry, path: final, method };
}

/** The forgotten repositories in the data folder, newest first. Entries without a readable manifest are skipped. */
export function listForgotten(dataDir: string): ForgottenEntry[] {
  const root = forgottenRoot(dataDir);
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const out: ForgottenEntry[] = [];
  for (const name of names) {
    if (!ID_RE.test(name)) continue;
    const entry = readManifest(join(root, name));
    if (entry && entry.id === name) out.push(entry);
  }
  return out.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

function readManifest(dir: string): ForgottenEntry | null {
  try {
    const bytes = readRegularFile(join(dir, MANIFEST), 64 * 1024);
    if (bytes.kind !== 'ok') return null;
    const m = JSON.parse(bytes.bytes.toString('utf8')) as Partial<ForgottenEntry>;
    if (typeof m.id !== 'string' || typeof m.gun !== 'string' || !isSafeGun(m.gun) || typeof m.forgottenAt !== 'string') return null;
    if (!lstatSync(join(dir, PAYLOAD), { throwIfNoEntry: false })?.isDirectory()) return null;
    return {
      id: m.id,
      gun: m.gun,
      originalPath: String(m.originalPath ?? ''),
      trustDir: String(m.trustDir ?? ''),
      forgottenAt: m.forgottenAt,
      pinnedRootKeys: Array.isArray(m.pinnedRootKeys) ? m.pinnedRootKeys : [],
      rootVersion: typeof m.rootVersion === 'number' ? m.rootVersion : null,
      files: typeof m.files === 'object' && m.files !== null ? m.files : {},
    };
  } catch {
    return null;
  }
}

export interface RestoreResult {
  entry: ForgottenEntry;
  /** `<trust>/tuf/<gun>` as restored. */
  path: string;
  method: 'renamed' | 'copied';
}

/**
 * Puts a forgotten repository back at `<trust>/tuf/<gun>` (the trust dir given, not necessarily the one it came
 * from). Refuses when trust data for that GUN exists again: it never overwrites. The entry leaves the list once
 * restored.
 */
export function restoreRepository(trustDir: string, dataDir: string, entryId: string, options: { ops?: MoveOps } = {}): RestoreResult {
  if (!ID_RE.test(entryId)) throw new VaultError('INVALID_ARGUMENT', `not a forgotten-repository ID: ${JSON.stringify(entryId)}`);
  const dir = join(forgottenRoot(dataDir), entryId);
  const entry = readManifest(dir);
  if (!entry || entry.id !== entryId) throw new VaultError('NOT_FOUND', `no forgotten repository ${entryId} in ${forgottenRoot(dataDir)}`);
  const dest = gunDir(trustDir, entry.gun);
  refuseSymlinks(trustDir, dest);
  if (lstatSync(dest, { throwIfNoEntry: false })) {
    throw new VaultError('ALREADY_EXISTS', `${dest} exists again (trust data for ${entry.gun} was fetched since it was forgotten); forget it first, nothing was overwritten`);
  }
  const payload = join(dir, PAYLOAD);
  // The copy must still be what was forgotten.
  const files = treeDigest(payload);
  const same = Object.keys(files).length === Object.keys(entry.files).length && Object.entries(files).every(([k, v]) => entry.files[k] === v);
  if (!same) throw new VaultError('IO_ERROR', `the forgotten copy in ${payload} no longer matches its manifest; nothing was restored`);

  const parent = dirname(dest);
  const created = !lstatSync(parent, { throwIfNoEntry: false });
  ensureSecureDir(parent);
  let method: 'renamed' | 'copied';
  try {
    method = moveTree(payload, dest, options.ops ?? realOps);
  } catch (e) {
    if (created) removeEmptyUpTo(parent, join(trustDir, 'tuf'));
    if (e instanceof VaultError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' || (e as NodeJS.ErrnoException).code === 'ENOTEMPTY') {
      throw new VaultError('ALREADY_EXISTS', `${dest} appeared while restoring; nothing was overwritten`);
    }
    throw ioError('Could not restore', dest, e);
  }
  // The data is back in place; the manifest is all that is left of the entry.
  rmSync(dir, { recursive: true, force: true });
  return { entry, path: dest, method };
}

function removeEmptyUpTo(dir: string, stop: string): void {
  for (let p = dir; p.startsWith(stop) && p !== stop; p = dirname(p)) {
    try {
      rmdirSync(p);
    } catch {
      return;
    }
  }
}
