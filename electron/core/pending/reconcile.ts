import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { isVaultError } from '../errors';
import type { ServerAuth, ServerOptions } from '../notary/http-client';
import { NotaryPublisherClient } from '../notary/publisher-client';
import { loadRepoState } from '../publish/repo-state';
import { writeCache } from '../publish/write-cache';
import { RETIRED_DIR, settleAccepted, settleRefused } from './key-change';
import { listPending, type PendingChange } from './pending-store';

/**
 * Settling changes whose outcome is unknown (the connection broke after sending, the answer came too late, the
 * process was interrupted): the server is asked whether it has exactly the bytes that were sent, by their SHA-256
 * (`GET <role>.<sha256>.json`). Only a file with that checksum counts, so a server cannot make us remove a key by
 * answering with something else; "does not have it" only moves the new keys aside, never deletes anything.
 */

export type ServerAnswer = 'has-it' | 'lacks-it';

/** Asks the server whether it holds the change: the first sent file (root when it was sent), by checksum. */
export async function askServer(p: PendingChange, server: ServerOptions): Promise<ServerAnswer> {
  const role = 'root' in p.sent ? 'root' : Object.keys(p.sent)[0];
  if (!role) return 'lacks-it';
  const hash = p.sent[role]!;
  const bytes = await new NotaryPublisherClient(p.gun, server).fetchRoleByChecksum(role, hash);
  if (!bytes) return 'lacks-it';
  return createHash('sha256').update(bytes).digest('hex') === hash ? 'has-it' : 'lacks-it';
}

export interface Settlement {
  change: PendingChange;
  outcome: 'accepted' | 'refused' | 'pending';
  /** One sentence that says what happened and what was done, for the CLI's stderr and the app's notices. */
  message: string;
  keysRemoved: string[];
  movedTo: string[];
}

export interface ReconcileOptions {
  /** Credentials for the server, when the command was given some for it. */
  auth?: ServerAuth | undefined;
  /** Only for this server (the CLI's --server): other records wait for a command about theirs. */
  server?: string | undefined;
  timeoutMs?: number;
  now?: Date;
}

/** Settles every pending change of the trust dir that the server can be asked about now. */
export async function reconcilePending(dataDir: string, trustDir: string, o: ReconcileOptions = {}): Promise<Settlement[]> {
  const out: Settlement[] = [];
  for (const p of listPending(dataDir, trustDir)) {
    if (o.server !== undefined && o.server !== p.server) continue;
    out.push(await reconcileOne(dataDir, p, o));
  }
  return out;
}

export async function reconcileOne(dataDir: string, p: PendingChange, o: ReconcileOptions = {}): Promise<Settlement> {
  const server: ServerOptions = { server: p.server, ...(p.caFile ? { caFile: p.caFile } : {}), ...(o.auth ? { auth: o.auth } : {}), timeoutMs: o.timeoutMs ?? 10_000 };
  const what = `the ${p.action} of ${p.gun} started ${p.startedAt}`;
  let answer: ServerAnswer;
  try {
    answer = await askServer(p, server);
  } catch (e) {
    const why = isVaultError(e) || e instanceof Error ? e.message : String(e);
    const ids = p.newKeys.map((k) => k.id).join(', ') || 'none';
    return { change: p, outcome: 'pending', keysRemoved: [], movedTo: [], message: `${what} is still unsettled: ${p.server} could not be asked whether it took the change (${why}); its new keys (${ids}) stay in private/ and the next command asks again` };
  }
  return answer === 'has-it' ? settleAsAccepted(dataDir, p, server, what, o.now ?? new Date()) : settleAsRefused(dataDir, p, what);
}

export async function settleAsAccepted(dataDir: string, p: PendingChange, server: ServerOptions, what: string, now: Date): Promise<Settlement> {
  const { keysRemoved } = settleAccepted(dataDir, p);
  // The cache follows as after a publish; a failure here only means `notary list` refreshes it later.
  let cache = '';
  try {
    writeCache(p.trustDir, p.gun, await loadRepoState(p.trustDir, p.gun, server, now));
  } catch (e) {
    cache = `; the cache could not be refreshed (${e instanceof Error ? e.message : String(e)})`;
  }
  const kept = p.newKeys.length ? `; its new keys (${p.newKeys.map((k) => `${k.role} ${k.id}`).join(', ')}) stay in private/` : '';
  const removed = keysRemoved.length ? `; the key files it retired were removed (${keysRemoved.join(', ')})` : '';
  return { change: p, outcome: 'accepted', keysRemoved, movedTo: [], message: `${what} was taken by ${p.server}: settled${kept}${removed}${cache}` };
}

export function settleAsRefused(dataDir: string, p: PendingChange, what: string): Settlement {
  const { moved } = settleRefused(dataDir, p);
  const where = moved.length ? `; its new keys were moved out of private/ into ${join(dataDir, RETIRED_DIR)} (${moved.map((m) => m.id).join(', ')})` : '';
  return { change: p, outcome: 'refused', keysRemoved: [], movedTo: moved.map((m) => m.to), message: `${what} never reached ${p.server}: nothing changed there${where}` };
}
