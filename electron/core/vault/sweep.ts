import { lstatSync, unlinkSync } from 'node:fs';
import { readRegularFile } from '../fs/read-regular-file';
import { join } from 'node:path';
import { parseVault, readVaultBytes, sha256Hex, vaultPath, type OfflineIndexEntry, type ReadOptions } from './vault-file';

/**
 * Puts offline keys back offline once their time online is over. Needs no passphrase: the header's index says
 * where each key went and the SHA-256 of its exact bytes, and a trust-dir file is deleted only when its bytes are
 * exactly the vault's copy (a file that differs, e.g. after a passphrase change, is left alone and reported).
 */

export type SweepOutcome = 'removed' | 'already-gone' | 'kept-different' | 'failed';

export interface SweepAction {
  keyId: string;
  path: string;
  outcome: SweepOutcome;
  /** Why a file was kept or could not be removed. */
  note: string | null;
}

const MAX_KEY_FILE_BYTES = 64 * 1024;

/** The exact bytes of a small regular file, not following a symlink; null when absent, empty when not a small regular file. */
export function readKeyFileBytes(path: string): Buffer | null {
  const r = readRegularFile(path, MAX_KEY_FILE_BYTES);
  if (r.kind === 'missing') return null;
  // A symlink, a folder or a big file is never the vault's copy: empty bytes match no checksum.
  return r.kind === 'ok' ? r.bytes : Buffer.alloc(0);
}

export const onlinePathOf = (e: OfflineIndexEntry): string => join(e.trustDir, e.file);

/** True when the trust dir still has something at the key's path (file or not). */
export function presentInTrustDir(e: OfflineIndexEntry): boolean {
  try {
    lstatSync(onlinePathOf(e));
    return true;
  } catch {
    return false;
  }
}

/** Sweeps the given index entries whose onlineUntil is at or before `now`. */
export function sweepEntries(index: OfflineIndexEntry[], now: Date): SweepAction[] {
  const actions: SweepAction[] = [];
  for (const e of index) {
    if (e.onlineUntil === null || Date.parse(e.onlineUntil) > now.getTime()) continue;
    const path = onlinePathOf(e);
    try {
      const bytes = readKeyFileBytes(path);
      if (bytes === null) {
        actions.push({ keyId: e.keyId, path, outcome: 'already-gone', note: null });
      } else if (sha256Hex(bytes) !== e.sha256) {
        actions.push({ keyId: e.keyId, path, outcome: 'kept-different', note: `${path} differs from the copy in the vault (changed since it was brought online), so it was left in place` });
      } else {
        unlinkSync(path);
        actions.push({ keyId: e.keyId, path, outcome: 'removed', note: null });
      }
    } catch (err) {
      actions.push({ keyId: e.keyId, path, outcome: 'failed', note: `could not remove ${path}: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return actions;
}

/**
 * Sweeps by reading the vault file's header (locked or not). A missing or damaged vault sweeps nothing: without
 * a trustworthy index nothing is deleted.
 */
export function sweepExpired(dataDir: string, now: Date, options: ReadOptions = {}): SweepAction[] {
  const path = vaultPath(dataDir);
  try {
    const bytes = readVaultBytes(path);
    if (!bytes) return [];
    return sweepEntries(parseVault(bytes, path, options).header.index, now);
  } catch {
    return [];
  }
}
