import { accessSync, constants as fsc, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VaultError, isVaultError } from '../errors';
import { encodeKeyFile } from '../keys/key-block';
import { currentKeyPath } from '../keys/store/layout';
import type { ServerOptions } from '../notary/http-client';
import { NotaryPublisherClient, NotaryServerError } from '../notary/publisher-client';
import { beginKeyChange, type NewKeyFile, RETIRED_DIR, settleAccepted, settleRefused } from '../pending/key-change';
import type { PendingChange } from '../pending/pending-store';
import { askServer, type ServerAnswer } from '../pending/reconcile';
import { checkChangeLocally } from './local-check';
import type { PendingKey } from './role-signers';
import { byChecksum, loadRepoState, type RepoState, stateFiles } from './repo-state';
import { writeCache } from './write-cache';

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
  /** Keys made for this change, written to `private/<id>.key` (and recorded as pending) before anything is sent. */
  newKeys: PendingKey[];
  /** Key files (canonical IDs) the change makes useless, removed after success as `notary key rotate` does. */
  retiredKeyIds: string[];
  now: Date;
  /** The app's data dir, where the change is recorded as pending and refused keys are moved: needed with newKeys. */
  dataDir?: string | undefined;
  /** What the change is, for the pending record and messages: "init", "rotate targets"... */
  action?: string;
}

export interface PublishOutcome {
  /** The version of each base role on the server after the publish (from the refreshed state). */
  versions: Partial<Record<'root' | 'targets' | 'snapshot' | 'timestamp', number>>;
  keysWritten: { role: string; id: string; file: string }[];
  keysRemoved: string[];
  /** Said when the publish failed on the way back but the server has the change (the answer was lost). */
  note?: string;
  /** False when the publish worked but the cache could not be refreshed; `notary list` refreshes it later. */
  cacheUpdated: boolean;
  cacheProblem?: string;
  /** The repository as the server has it now, when it could be fetched again. */
  state: RepoState | null;
}

/**
 * One change to a repository, as a transaction in which the keys come first (issue 13, point 1):
 * 1. the repository after the change is verified locally (local-check.ts), and the trust dir is checked to be
 *    writable and free of the new key file names;
 * 2. the change is recorded as pending in the data dir and the new key files are written to `private/`, as the
 *    notary CLI does before it publishes, so that whatever happens next neither the vault nor notary loses them;
 * 3. the files are published;
 * 4. accepted: retired key files are removed and the cache `tuf/<gun>/metadata` refreshed from the server, as a
 *    `notary publish` + `notary list` leaves it. Refused: the new key files are moved aside into the data dir.
 *    Unknown (reset, timeout): the server is asked at once whether it has the bytes sent; when it cannot say, the
 *    change stays pending and the next command or app start settles it (pending/reconcile.ts).
 * A failure before step 2 leaves the trust dir exactly as it was.
 */
export async function publishChange(c: PublishChange): Promise<PublishOutcome> {
  const after = c.current ? stateFiles(c.current) : new Map<string, Buffer>();
  for (const [role, b] of c.files) after.set(role, b);
  checkChangeLocally({ gun: c.gun, after, currentRoot: c.current?.root.bytes ?? null, serverSignsSnapshot: c.serverSignsSnapshot, now: c.now });

  const keyFiles: NewKeyFile[] = c.newKeys.map((k) => ({
    path: currentKeyPath(c.trustDir, k.key.id),
    data: encodeKeyFile(k.key, { role: k.role, gun: k.gun, passphrase: k.passphrase }),
    role: k.role,
    id: k.key.id,
  }));
  for (const f of keyFiles) if (existsSync(f.path)) throw new VaultError('ALREADY_EXISTS', `${f.path} already exists; nothing was sent`);
  checkWritable(c.trustDir);
  if (keyFiles.length > 0 && !c.dataDir) throw new VaultError('INVALID_ARGUMENT', 'a change that makes keys needs the data dir to record it as pending; nothing was sent');

  const pending = beginKeyChange({
    dataDir: keyFiles.length > 0 || c.retiredKeyIds.length > 0 ? (c.dataDir ?? null) : null,
    trustDir: c.trustDir,
    gun: c.gun,
    server: c.server,
    action: c.action ?? 'change',
    newKeys: keyFiles,
    retiredKeyIds: c.retiredKeyIds,
    files: c.files,
    now: c.now,
  });
  const client = new NotaryPublisherClient(c.gun, c.server);
  let note: string | undefined;
  try {
    await client.publish([...c.files].map(([role, bytes]) => ({ role, bytes })));
  } catch (e) {
    note = await afterFailedPublish(c, pending, e);
  }
  const { keysRemoved } = settleAccepted(c.dataDir ?? null, pending);
  const outcome: PublishOutcome = {
    versions: {},
    keysWritten: keyFiles.map((f) => ({ role: f.role, id: f.id, file: join('private', `${f.id}.key`) })),
    keysRemoved,
    cacheUpdated: false,
    state: null,
    ...(note ? { note } : {}),
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
 * A publish that threw. Returns a note when the server has the change after all (the answer was lost); otherwise
 * settles the change as refused, or leaves it pending, and throws an error that says which.
 */
async function afterFailedPublish(c: PublishChange, pending: PendingChange, e: unknown): Promise<string> {
  const sent = publishReachedServer(e);
  const why = isVaultError(e) ? withoutLocalClaim(e.message) : e instanceof Error ? e.message : String(e);
  const code = isVaultError(e) ? e.code : 'SERVER_ERROR';
  const what = `the ${pending.action} of ${c.gun}`;
  if (sent !== 'no') {
    let answer: ServerAnswer | null = null;
    try {
      answer = await askServer(pending, { ...c.server, timeoutMs: Math.min(c.server.timeoutMs ?? 10_000, 10_000) });
    } catch {
      answer = null;
    }
    if (answer === 'has-it') return `the answer to the publish was lost (${why}), but ${c.server.server} has the change: it is settled`;
    if (answer === null || sent === 'maybe') {
      // It may still be applied (a slow server), or the server cannot be asked now: the next command settles it.
      if (!c.dataDir || pending.newKeys.length + pending.retiredKeyIds.length === 0) throw new VaultError(code, why);
      const ids = pending.newKeys.map((k) => `${k.role} ${k.id}`).join(', ');
      const kept = ids ? `the new keys (${ids}) are kept in private/` : 'the key files it would retire are kept';
      throw new VaultError(code, `${why}; whether the server took ${what} is not known yet: ${kept} and the change is recorded as pending in ${c.dataDir}, so the next command (or the app when it starts) asks the server and settles it`);
    }
  }
  const { moved } = settleRefused(c.dataDir ?? null, pending);
  const aside = moved.length ? `; the new key files were moved out of private/ into ${join(c.dataDir ?? '', RETIRED_DIR)}` : '';
  throw new VaultError(code, `${why}${aside}`);
}

/**
 * Whether the request got to the server: 'no' when it never connected (or TLS failed before anything was sent),
 * 'answered' when the server answered with an error status (it did not apply the change, unless a proxy lost the
 * real answer: checked), 'maybe' for a connection broken after sending and a timeout.
 */
function publishReachedServer(e: unknown): 'no' | 'answered' | 'maybe' {
  if (!(e instanceof NotaryServerError)) return 'maybe';
  if (e.reason === 'TLS_FAILED') return 'no';
  if (e.reason === 'SERVER_OFFLINE' && /could not connect/.test(e.message)) return 'no';
  if (e.info.status !== undefined) return 'answered';
  return 'maybe';
}

/** The client's messages say nothing changed locally; with keys written first that is no longer the whole truth. */
const withoutLocalClaim = (m: string): string => m.replace('; nothing was sent and nothing was changed locally', '; nothing was sent').replace('; nothing was changed locally', '');

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
