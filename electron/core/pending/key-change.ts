import { copyFileSync, constants as fsc, existsSync, fsyncSync, openSync, closeSync, renameSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { ioError } from '../errors';
import { type FileToWrite, writeNewFilesAtomically } from '../fs/atomic-write';
import { ensureSecureDir } from '../fs/secure-dir';
import { currentKeyPath } from '../keys/store/layout';
import { dropPending, newPendingId, type PendingChange, savePending } from './pending-store';

/**
 * Keys first, then the server, then settle (issue 13, point 1), for every operation that makes keys and sends
 * something that lists them (repository init, key rotation, and tag signing with new delegation keys):
 * 1. beginKeyChange records the change as pending in the data dir, then writes the new key files into `private/`
 *    as notary does (encrypted, atomic, 0600, fsync-ed). From here on the notary CLI and the vault can both sign
 *    with them, whatever happens to the request or the process.
 * 2. the caller sends the change;
 * 3. settleAccepted (the server has it: retired key files are removed, as `notary key rotate` does) or
 *    settleRefused (it does not: the new key files are moved aside into the data dir, never deleted). An unknown
 *    outcome leaves the record for reconcilePending (reconcile.ts) to settle on the next command or app start.
 */

export interface NewKeyFile extends FileToWrite {
  id: string;
  role: string;
}

export interface KeyChangeStart {
  /** Where the change is recorded; null for a change that makes and retires no keys (nothing to recover). */
  dataDir: string | null;
  trustDir: string;
  gun: string;
  server: { server: string; caFile?: string | undefined };
  action: string;
  newKeys: NewKeyFile[];
  retiredKeyIds: string[];
  /** The metadata files about to be sent, by role. */
  files: ReadonlyMap<string, Buffer>;
  now: Date;
}

export const RETIRED_DIR = 'retired-keys';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Records the change, then writes its key files (all or none). If the keys cannot be written the record goes too. */
export function beginKeyChange(s: KeyChangeStart): PendingChange {
  const record: PendingChange = {
    id: newPendingId(),
    trustDir: resolve(s.trustDir),
    gun: s.gun,
    server: s.server.server,
    ...(s.server.caFile ? { caFile: resolve(s.server.caFile) } : {}),
    action: s.action,
    startedAt: s.now.toISOString(),
    newKeys: s.newKeys.map((k) => ({ id: k.id, role: k.role })),
    retiredKeyIds: [...s.retiredKeyIds],
    sent: Object.fromEntries([...s.files].map(([role, b]) => [role, sha256(b)])),
  };
  // Recorded first: a crash between the two steps leaves a record naming files that are not there (settled as
  // nothing to do), never key files nobody can explain.
  if (s.dataDir) savePending(s.dataDir, record);
  try {
    writeNewFilesAtomically(s.newKeys);
  } catch (e) {
    if (s.dataDir) dropPending(s.dataDir, record.id);
    throw e;
  }
  return record;
}

/** The server has the change: the keys it retired are removed from `private/`, and the record is dropped. */
export function settleAccepted(dataDir: string | null, p: PendingChange): { keysRemoved: string[] } {
  const keysRemoved: string[] = [];
  for (const id of p.retiredKeyIds) {
    if (p.newKeys.some((k) => k.id === id)) continue;
    try {
      unlinkSync(currentKeyPath(p.trustDir, id));
      keysRemoved.push(id);
    } catch {
      /* not there (e.g. the lost key being replaced), or not ours to remove */
    }
  }
  if (dataDir) dropPending(dataDir, p.id);
  return { keysRemoved };
}

/**
 * The server does not have the change: its new key files are moved into `<dataDir>/retired-keys/` (kept, in
 * case the user wants one back), and the record is dropped. A key file already gone is skipped.
 */
export function settleRefused(dataDir: string | null, p: PendingChange): { moved: { id: string; to: string }[] } {
  const moved: { id: string; to: string }[] = [];
  for (const k of p.newKeys) {
    const from = currentKeyPath(p.trustDir, k.id);
    if (!existsSync(from)) continue;
    if (!dataDir) throw new Error('new keys are only ever written with a data dir to retire them into');
    const dir = join(dataDir, RETIRED_DIR);
    ensureSecureDir(dir);
    const to = freeName(join(dir, `${p.startedAt.replace(/[:.]/g, '-')}-${k.id}.key`));
    moveFile(from, to);
    moved.push({ id: k.id, to });
  }
  if (dataDir) dropPending(dataDir, p.id);
  return { moved };
}

function freeName(path: string): string {
  let candidate = path;
  for (let i = 2; existsSync(candidate); i++) candidate = path.replace(/\.key$/, `-${i}.key`);
  return candidate;
}

/** rename, or (across file systems) copy without overwriting, fsync, then remove the original. */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw ioError('Could not move', from, e);
  }
  try {
    copyFileSync(from, to, fsc.COPYFILE_EXCL);
    const fd = openSync(to, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    unlinkSync(from);
  } catch (e) {
    throw ioError('Could not move', from, e);
  }
}
