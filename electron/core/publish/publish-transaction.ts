import { accessSync, constants as fsc, existsSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VaultError, isVaultError } from '../errors';
import { type FileToWrite, replaceFileAtomically, writeNewFilesAtomically } from '../fs/atomic-write';
import { encodeKeyFile } from '../keys/key-block';
import { currentKeyPath } from '../keys/store/layout';
import type { ServerOptions } from '../notary/http-client';
import { NotaryPublisherClient } from '../notary/publisher-client';
import { checkChangeLocally } from './local-check';
import type { PendingKey } from './role-signers';
import { byChecksum, loadRepoState, metadataDir, type RepoState, stateFiles } from './repo-state';
import { readRegularFile } from '../fs/read-regular-file';

export interface PublishChange {
  trustDir: string;
  gun: string;
  server: ServerOptions;
  /** The repository before the change; null when it is a new one. */
  current: RepoState | null;
  /** The files to send, by role (root, targets, snapshot, ...). */
  files: Map<string, Buffer>;
  /** The snapshot key the new root lists is the server's: no snapshot is sent, the server signs one. */
  serverSignsSnapshot: boolean;
  /** Keys made for this change, written to `private/<id>.key` only once the server took it. */
  newKeys: PendingKey[];
  /** Key files (canonical IDs) the change makes useless, removed after success as `notary key rotate` does. */
  retiredKeyIds: string[];
  now: Date;
}

export interface PublishOutcome {
  /** The version of each base role on the server after the publish (from the refreshed state). */
  versions: Partial<Record<'root' | 'targets' | 'snapshot' | 'timestamp', number>>;
  keysWritten: { role: string; id: string; file: string }[];
  keysRemoved: string[];
  /** False when the publish worked but the cache could not be refreshed; `notary list` refreshes it later. */
  cacheUpdated: boolean;
  cacheProblem?: string;
  /** The repository as the server has it now, when it could be fetched again. */
  state: RepoState | null;
}

/**
 * One change to a repository, as a transaction with the server as the point of no return:
 * 1. the repository after the change is verified locally (local-check.ts), and the trust dir is checked to be
 *    writable and free of the new key file names, so nothing foreseeable can fail after the server took it;
 * 2. the files are published;
 * 3. only then are the new key files written (notary's format), retired key files removed, and the cache
 *    `tuf/<gun>/metadata` refreshed from the server and verified, as a `notary publish` + `notary list` leaves it.
 * Any failure before or during the publish leaves the trust dir exactly as it was; the generated keys only ever
 * lived in memory.
 */
export async function publishChange(c: PublishChange): Promise<PublishOutcome> {
  const after = c.current ? stateFiles(c.current) : new Map<string, Buffer>();
  for (const [role, b] of c.files) after.set(role, b);
  checkChangeLocally({ gun: c.gun, after, currentRoot: c.current?.root.bytes ?? null, serverSignsSnapshot: c.serverSignsSnapshot, now: c.now });

  // Encrypting is done before the publish, so what is left afterwards is only writing bytes.
  const keyFiles: (FileToWrite & { role: string; id: string })[] = c.newKeys.map((k) => ({
    path: currentKeyPath(c.trustDir, k.key.id),
    data: encodeKeyFile(k.key, { role: k.role, gun: k.gun, passphrase: k.passphrase }),
    role: k.role,
    id: k.key.id,
  }));
  for (const f of keyFiles) if (existsSync(f.path)) throw new VaultError('ALREADY_EXISTS', `${f.path} already exists; nothing was sent`);
  checkWritable(c.trustDir);

  const client = new NotaryPublisherClient(c.gun, c.server);
  await client.publish([...c.files].map(([role, bytes]) => ({ role, bytes })));

  try {
    writeNewFilesAtomically(keyFiles);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new VaultError(
      isVaultError(e) ? e.code : 'IO_ERROR',
      `the server accepted the change to ${c.gun}, but the new key files could not be written (${why}); the keys are lost with this process, so rotate again with the root key`,
    );
  }
  const keysRemoved = removeRetired(c.trustDir, c.retiredKeyIds);
  const outcome: PublishOutcome = {
    versions: {},
    keysWritten: keyFiles.map((f) => ({ role: f.role, id: f.id, file: join('private', `${f.id}.key`) })),
    keysRemoved,
    cacheUpdated: false,
    state: null,
  };
  try {
    // What was just sent and what was there before need not come back over the wire: the server's new timestamp
    // names the snapshot by checksum, the snapshot the rest, so those files are taken by checksum from here.
    const known = byChecksum([...after.values()]);
    const state = await loadRepoState(c.trustDir, c.gun, c.server, c.now, known);
    for (const [role, b] of c.files) {
      const served = stateFiles(state).get(role);
      if (!served?.equals(b)) throw new VaultError('SERVER_MALFORMED', `the server serves another ${role}.json than the one just published`);
    }
    writeCache(c.trustDir, c.gun, state);
    outcome.state = state;
    outcome.cacheUpdated = true;
    outcome.versions = { root: state.root.signed.version, targets: state.targets.signed.version, snapshot: state.snapshot.signed.version, timestamp: state.timestamp.signed.version };
  } catch (e) {
    outcome.cacheProblem = `the change was published, but the cache could not be refreshed: ${e instanceof Error ? e.message : String(e)}`;
  }
  return outcome;
}

/**
 * The cache as the notary client leaves it after fetching: every file of the repository, exact bytes. Files that
 * are already there unchanged are left alone; the rest are replaced atomically, and only root.json (the pinned root
 * later fetches are checked against) with fsync: the others are rebuilt from the server if a crash loses them.
 */
function writeCache(trustDir: string, gun: string, state: RepoState): void {
  const dir = metadataDir(trustDir, gun);
  for (const [role, bytes] of stateFiles(state)) {
    const path = join(dir, `${role}.json`);
    if (sameBytes(path, bytes)) continue;
    replaceFileAtomically(path, bytes, { durable: role === 'root' });
  }
}

function sameBytes(path: string, bytes: Buffer): boolean {
  try {
    const r = readRegularFile(path, bytes.length);
    return r.kind === 'ok' && r.bytes.equals(bytes);
  } catch {
    return false;
  }
}

/** Removes retired key files of the current layout; a file already gone is fine. Returns the IDs removed. */
function removeRetired(trustDir: string, ids: string[]): string[] {
  const removed: string[] = [];
  for (const id of ids) {
    try {
      unlinkSync(currentKeyPath(trustDir, id));
      removed.push(id);
    } catch {
      /* not there (e.g. the lost key being replaced), or not ours to remove */
    }
  }
  return removed;
}

/** The trust dir (or the nearest folder that exists above it) must take new files before anything is sent. */
function checkWritable(trustDir: string): void {
  let dir = join(trustDir, 'private');
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, fsc.W_OK);
  } catch {
    throw new VaultError('IO_ERROR', `${dir} is not writable, so new key files could not be saved; nothing was sent`);
  }
}
