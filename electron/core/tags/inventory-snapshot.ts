import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoStatus } from '../../../shared/dto/status';
import { VaultError } from '../errors';
import { replaceFileAtomically } from '../fs/atomic-write';
import { ensureSecureDir } from '../fs/secure-dir';
import { inventoryOfStatus, type TagInventoryItem } from './put-back';

/** What `<dataDir>/recovery/<gun>-inventory.json` holds: the verified tags of a repository before a recovery. */
export interface InventorySnapshot {
  gun: string;
  takenAt: string;
  /** Where the verified data came from: `cache` or the server's URL. */
  from: string;
  tags: TagInventoryItem[];
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The file for a GUN: slashes become `+` so one flat folder holds every repository's snapshot. */
export function inventoryPath(dataDir: string, gun: string): string {
  return join(dataDir, 'recovery', `${gun.replace(/\//g, '+')}-inventory.json`);
}

/**
 * Keeps the tags of a verified status (cache or server) for "Put the tags back", taken while the old trust data is
 * still there. A status with no tags never replaces a snapshot: after the old data is deleted or a new root is made,
 * planning again finds none, and the tags to put back are the ones seen before. A status that does not verify throws.
 */
export function snapshotInventory(dataDir: string, status: RepoStatus, from: string, now: Date): InventorySnapshot | null {
  const tags = inventoryOfStatus(status);
  if (tags.length === 0) return readInventory(dataDir, status.gun);
  const snap: InventorySnapshot = { gun: status.gun, takenAt: now.toISOString(), from, tags };
  ensureSecureDir(join(dataDir, 'recovery'));
  replaceFileAtomically(inventoryPath(dataDir, status.gun), `${JSON.stringify(snap, null, 2)}\n`);
  return snap;
}

/** The snapshot for a GUN, or null when none was taken; a file that is not one is refused, never half-used. */
export function readInventory(dataDir: string, gun: string): InventorySnapshot | null {
  const path = inventoryPath(dataDir, gun);
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new VaultError('INVALID_ARGUMENT', `${path} is not a tag inventory: ${(e as Error).message}`);
  }
  const s = parsed as Partial<InventorySnapshot>;
  const ok =
    s.gun === gun &&
    typeof s.takenAt === 'string' &&
    typeof s.from === 'string' &&
    Array.isArray(s.tags) &&
    s.tags.every((t) => t && typeof t.tag === 'string' && t.tag.length > 0 && typeof t.digest === 'string' && DIGEST.test(t.digest) && Number.isSafeInteger(t.size) && t.size >= 0);
  if (!ok) throw new VaultError('INVALID_ARGUMENT', `${path} is not a tag inventory of ${gun}: a field is missing or wrong`);
  return s as InventorySnapshot;
}
