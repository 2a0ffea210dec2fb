import { randomBytes } from 'node:crypto';
import { readdirSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { replaceFileAtomically } from '../fs/atomic-write';
import { readRegularFile } from '../fs/read-regular-file';
import { isKeyId } from '../keys/store/layout';

/**
 * A change to a notary repository that made new keys, recorded in the data dir before anything is sent (issue 13):
 * the new key files are already in `private/`, and until the record is settled nobody knows whether the server
 * took the change. Records hold no secrets: key IDs, the server's address and the SHA-256 of each file sent (by
 * which the server is later asked whether it has exactly those bytes).
 */
export interface PendingChange {
  id: string;
  trustDir: string;
  gun: string;
  /** The server's address and the CA file it was reached with; never credentials. */
  server: string;
  caFile?: string;
  /** What was being done, for messages: "init", "rotate targets", "sign tag v1"... */
  action: string;
  startedAt: string;
  /** Key files (canonical IDs) written for the change, with their roles. */
  newKeys: { id: string; role: string }[];
  /** Key files the change makes useless, removed once the server has it (as `notary key rotate` does). */
  retiredKeyIds: string[];
  /** The hex SHA-256 of each metadata file sent, by role. */
  sent: Record<string, string>;
}

export const PENDING_DIR = 'pending-changes';
const MAX_RECORD_BYTES = 256 * 1024;
const RECORD_NAME = /^[0-9a-f]{24}\.json$/;

export const pendingDir = (dataDir: string): string => join(dataDir, PENDING_DIR);
const recordPath = (dataDir: string, id: string): string => join(pendingDir(dataDir), `${id}.json`);

export const newPendingId = (): string => randomBytes(12).toString('hex');

/** Writes (or rewrites) a record durably: it must be on disk before the keys it explains are used. */
export function savePending(dataDir: string, p: PendingChange): void {
  replaceFileAtomically(recordPath(dataDir, p.id), `${JSON.stringify(p, null, 2)}\n`);
}

/** Drops a settled record; one already gone is fine (another process settled it). */
export function dropPending(dataDir: string, id: string): void {
  try {
    unlinkSync(recordPath(dataDir, id));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * The pending changes recorded for one trust dir. A record for another trust dir is never acted on from here (its
 * paths are not ours to touch), and a record that does not parse is skipped: it names nothing we would act on.
 */
export function listPending(dataDir: string, trustDir?: string): PendingChange[] {
  let names: string[];
  try {
    names = readdirSync(pendingDir(dataDir)).filter((n) => RECORD_NAME.test(n)).sort();
  } catch {
    return [];
  }
  const want = trustDir === undefined ? undefined : resolve(trustDir);
  const out: PendingChange[] = [];
  for (const name of names) {
    const r = readRegularFile(join(pendingDir(dataDir), name), MAX_RECORD_BYTES);
    if (r.kind !== 'ok') continue;
    const p = parseRecord(r.bytes, name.slice(0, -'.json'.length));
    if (p && (want === undefined || resolve(p.trustDir) === want)) out.push(p);
  }
  return out;
}

function parseRecord(bytes: Buffer, id: string): PendingChange | null {
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : null);
  if (o.id !== id || !str('trustDir') || !str('gun') || !str('server') || !str('action') || !str('startedAt')) return null;
  if (!Array.isArray(o.newKeys) || !Array.isArray(o.retiredKeyIds) || typeof o.sent !== 'object' || o.sent === null) return null;
  const newKeys = (o.newKeys as unknown[]).filter(
    (k): k is { id: string; role: string } => typeof k === 'object' && k !== null && isKeyId(String((k as { id?: unknown }).id)) && typeof (k as { role?: unknown }).role === 'string',
  );
  const retiredKeyIds = (o.retiredKeyIds as unknown[]).filter((k): k is string => typeof k === 'string' && isKeyId(k));
  const sent = Object.fromEntries(Object.entries(o.sent as Record<string, unknown>).filter(([, h]) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) as Record<string, string>;
  return {
    id,
    trustDir: str('trustDir')!,
    gun: str('gun')!,
    server: str('server')!,
    ...(str('caFile') ? { caFile: str('caFile')! } : {}),
    action: str('action')!,
    startedAt: str('startedAt')!,
    newKeys: newKeys.map((k) => ({ id: k.id, role: k.role })),
    retiredKeyIds,
    sent,
  };
}
