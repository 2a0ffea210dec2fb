import { type Dirent, linkSync, lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError, ioError } from '../errors';
import { readRegularFile } from '../fs/read-regular-file';
import { classifyKeyFile } from '../keys/store/classify';
import { isKeyId, MAX_KEY_FILE_BYTES } from '../keys/store/layout';
import { offlineKeyFile } from '../keys/offline-key-source';

/**
 * Files our own interrupted writes leave behind (issue 13, point 3): atomic writes' temporary files
 * `.<name>.<12 hex>.tmp` (fs/atomic-write.ts) and drive writes' `.<name>.partial-<12 hex>` (drives/drive-file.ts),
 * found in the trust dir's `private/` and the data dir. Only files older than any operation that could still be
 * writing them (MIN_AGE_MS) count. One that holds a key the trust dir does not otherwise have is shown as such and
 * can be promoted (linked to its key file name, never over one); the rest can be removed. Nothing happens without
 * the user asking (CLI flags, the app's action).
 */

export const MIN_AGE_MS = 2 * 60 * 1000;
const TMP_NAME = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;
const PARTIAL_NAME = /^\.(.+)\.partial-[0-9a-f]{12}$/;
const MAX_DEPTH = 3;

export interface Leftover {
  path: string;
  /** The file the write was making. */
  target: string;
  kind: 'temp' | 'partial';
  bytes: number;
  modifiedAt: string;
  /** The key ID, when the file is a complete key file whose own file is missing: the only copy of that key. */
  uniqueKeyId: string | null;
}

export function findLeftovers(dirs: string[], now: Date): Leftover[] {
  const out: Leftover[] = [];
  for (const d of dirs) walk(d, 0, now.getTime(), out);
  // One folder may lie inside another (a data dir holding a trust dir): each file once.
  const seen = new Set<string>();
  return out.filter((l) => !seen.has(l.path) && seen.add(l.path));
}

function walk(dir: string, depth: number, now: number, out: Leftover[]): void {
  let entries: Dirent[];
  try {
    // The entry types come with the names: a private/ of 10,000 key files costs no lstat per key (the app lists
    // leftovers with every key listing). Only folders and names of our temporary files are looked at further.
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const name = entry.name;
    const m = TMP_NAME.exec(name) ?? PARTIAL_NAME.exec(name);
    if (!m && !entry.isDirectory()) continue;
    const path = join(dir, name);
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory() && !st.isSymbolicLink()) {
      if (depth < MAX_DEPTH) walk(path, depth + 1, now, out);
      continue;
    }
    if (!m || !st.isFile() || now - st.mtimeMs < MIN_AGE_MS) continue;
    const target = join(dir, m[1]!);
    out.push({ path, target, kind: TMP_NAME.test(name) ? 'temp' : 'partial', bytes: st.size, modifiedAt: st.mtime.toISOString(), uniqueKeyId: uniqueKey(path, target, m[1]!) });
  }
}

/**
 * A complete key file for `<id>.key` whose own file is not there, and whose key the unlocked vault does not hold
 * offline either: a key taken offline has no file in the trust dir, yet its leftover is not its only copy. Only the
 * unlocked vault's payload counts (keys/offline-key-source.ts); a locked vault's header is unauthenticated, and
 * "only copy" guards a removal, so it stays the conservative answer then.
 */
function uniqueKey(path: string, target: string, targetName: string): string | null {
  const id = targetName.endsWith('.key') ? targetName.slice(0, -4) : null;
  if (!id || !isKeyId(id) || lstatSync(target, { throwIfNoEntry: false })) return null;
  const held = offlineKeyFile(id);
  if (held) {
    held.fill(0);
    return null;
  }
  const r = readRegularFile(path, MAX_KEY_FILE_BYTES);
  if (r.kind !== 'ok') return null;
  return classifyKeyFile(r.bytes, null).problem === null ? id : null;
}

/** Removes leftovers; one holding a key we have nowhere else is refused unless `insist`. Returns what was removed. */
export function removeLeftovers(found: Leftover[], options: { insist?: boolean } = {}): string[] {
  // Checked for all before any is removed: a refusal leaves every file where it was.
  const keyHolder = options.insist ? undefined : found.find((l) => l.uniqueKeyId);
  if (keyHolder) throw new VaultError('CONFIRMATION_REQUIRED', `${keyHolder.path} holds the only copy of key ${keyHolder.uniqueKeyId}: promote it, or insist to remove it`);
  const removed: string[] = [];
  for (const l of found) {
    try {
      unlinkSync(l.path);
      removed.push(l.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError('Could not remove', l.path, e);
    }
  }
  return removed;
}

/** Puts a leftover that is a whole key file in place as `<id>.key` (a hard link, never over a file), then drops it. */
export function promoteLeftover(l: Leftover): string {
  if (!l.uniqueKeyId) throw new VaultError('INVALID_ARGUMENT', `${l.path} is not a key file whose key is missing: nothing to promote`);
  try {
    linkSync(l.path, l.target);
  } catch (e) {
    throw ioError('Could not promote to', l.target, e);
  }
  unlinkSync(l.path);
  return l.target;
}

export const describeLeftover = (l: Leftover): string =>
  l.uniqueKeyId
    ? `${l.path} is an interrupted write holding the only copy of key ${l.uniqueKeyId} (promote it to ${l.target})`
    : `${l.path} is the leftover of an interrupted write of ${l.target} (${l.bytes} bytes, ${l.modifiedAt}); it can be removed`;
