import { lstatSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularFile } from '../fs/read-regular-file';
import type { KeyLocation } from './payload';
import { derivedKeyPath, insideTrustDir } from './derived-path';
import { quarantineKeyFile, wasPutBack } from './quarantine';
import { trustDirById } from './registered-trust-dirs';
import { parseVault, readVaultBytes, sha256Hex, vaultPath, type OfflineIndexEntry, type ReadOptions } from './vault-file';

/**
 * Puts offline keys back offline once their time online is over. A trust-dir file is touched only when its bytes
 * are exactly the vault's copy (a file that differs, e.g. after a passphrase change, is left alone and reported).
 *
 * Issue 12, point 2: unlocked, the index is authenticated and the file is deleted at the place the payload
 * recorded. Locked, the header is anyone's bytes: the place is derived (<registered trust dir>/private/<id>.key) and
 * the file is at most moved into the quarantine (quarantine.ts), never deleted.
 */

export type SweepOutcome = 'removed' | 'quarantined' | 'already-gone' | 'kept-different' | 'failed';

export interface SweepAction {
  keyId: string;
  path: string;
  outcome: SweepOutcome;
  /** Why a file was kept or could not be removed; the quarantine entry's name when it was moved there. */
  note: string | null;
}

/** An index entry with its authenticated location (only an unlocked vault has one). */
export type LocatedEntry = OfflineIndexEntry & KeyLocation;

const MAX_KEY_FILE_BYTES = 64 * 1024;

/** The exact bytes of a small regular file, not following a symlink; null when absent, empty when not a small regular file. */
export function readKeyFileBytes(path: string): Buffer | null {
  const r = readRegularFile(path, MAX_KEY_FILE_BYTES);
  if (r.kind === 'missing') return null;
  // A symlink, a folder or a big file is never the vault's copy: empty bytes match no checksum.
  return r.kind === 'ok' ? r.bytes : Buffer.alloc(0);
}

export const onlinePathOf = (e: KeyLocation): string => insideTrustDir(e.trustDir, e.file);

/** True when the trust dir still has something at the path (file or not). */
export function presentAt(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export const presentInTrustDir = (e: KeyLocation): boolean => {
  try {
    return presentAt(onlinePathOf(e));
  } catch {
    return false;
  }
};

const expired = (e: OfflineIndexEntry, now: Date) => e.onlineUntil !== null && Date.parse(e.onlineUntil) <= now.getTime();

/** Unlocked: deletes the identical file at each expired entry's authenticated location. */
export function sweepEntries(entries: LocatedEntry[], now: Date): SweepAction[] {
  const actions: SweepAction[] = [];
  for (const e of entries) {
    if (!expired(e, now)) continue;
    let path = join(e.trustDir, e.file);
    try {
      path = onlinePathOf(e);
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

/** True when <dir>/private is a real folder (not a link that could lead out of the trust dir). */
function privateIsAFolder(dir: string): boolean {
  try {
    return lstatSync(join(dir, 'private')).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Locked: for each expired entry, the registered trust dir its trustDirId names, the derived path in it, and only
 * if the file there is exactly the bytes the header's SHA-256 names, a move into the quarantine.
 */
export function sweepLocked(index: OfflineIndexEntry[], trustDirs: readonly string[], dataDir: string, now: Date): SweepAction[] {
  const actions: SweepAction[] = [];
  for (const e of index) {
    if (!expired(e, now)) continue;
    const dir = trustDirById(trustDirs, e.trustDirId);
    if (dir === null) continue; // a trust dir this run does not know: nothing to do until it is known, or unlocked
    let path = join(dir, 'private', `${e.keyId}.key`);
    try {
      path = derivedKeyPath(dir, e.keyId);
      if (!privateIsAFolder(dir)) continue;
      const bytes = readKeyFileBytes(path);
      if (bytes === null) {
        actions.push({ keyId: e.keyId, path, outcome: 'already-gone', note: null });
      } else if (sha256Hex(bytes) !== e.sha256) {
        actions.push({ keyId: e.keyId, path, outcome: 'kept-different', note: `${path} differs from the copy in the vault (changed since it was brought online), so it was left in place` });
      } else if (wasPutBack(dataDir, e.keyId, e.sha256, e.onlineUntil!)) {
        actions.push({ keyId: e.keyId, path, outcome: 'kept-different', note: `${path} was put back from the quarantine; it stays until the vault is unlocked` });
      } else {
        const name = quarantineKeyFile(dataDir, path, { keyId: e.keyId, trustDir: dir, reason: 'its time online ended while the vault was locked', now });
        actions.push({ keyId: e.keyId, path, outcome: 'quarantined', note: name });
      }
    } catch (err) {
      actions.push({ keyId: e.keyId, path, outcome: 'failed', note: `could not move ${path} into the quarantine: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return actions;
}

/**
 * Sweeps by reading the vault file's header while locked. A missing or damaged vault sweeps nothing: without a
 * readable index nothing is moved.
 */
export function sweepExpired(dataDir: string, now: Date, trustDirs: readonly string[], options: ReadOptions = {}): SweepAction[] {
  const path = vaultPath(dataDir);
  try {
    const bytes = readVaultBytes(path);
    if (!bytes) return [];
    return sweepLocked(parseVault(bytes, path, options).header.index, trustDirs, dataDir, now);
  } catch {
    return [];
  }
}
