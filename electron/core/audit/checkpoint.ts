import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditCheckpointReport, AuditEntry, AuditProblem } from '../../../shared/dto/vault';
import type { AuditSecrets, StoredCheckpoint } from '../vault/payload';
import { MAX_CHECKPOINTS } from '../vault/payload';
import { ZERO_HASH, parseLine } from './entry';
import { splitLines, verifyLog, type HeadRecord } from './verify-log';

/**
 * Audit checkpoints (issue 12, point 3). The hash chain shows an edit by anyone who does not recompute it; anyone
 * who can write the data folder can. So the vault keeps, inside its ciphertext, a key of its own and a list of
 * checkpoints: HMAC-SHA256(key, "trust-vault audit checkpoint v1" | seq | hash) over the log's head, taken on every
 * vault write and at each unlock, and copied into each backup's manifest. A log that is shorter than the last
 * checkpoint, or whose entry at that number has another hash, was rewritten: no one without the vault's passphrase
 * can make a matching one. The chain then carries the checkpoint back to entry #1.
 *
 * A checkpoint only moves forward over a log that is intact and goes on from the last one: a tampered log is never
 * confirmed, until the user starts a new log with the vault unlocked (rebase).
 */

const LABEL = 'trust-vault audit checkpoint v1';

export function checkpointMac(key: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', key).update(`${LABEL}\n${seq}\n${hash}`).digest('hex');
}

export function makeCheckpoint(key: Buffer, seq: number, hash: string, at: Date): StoredCheckpoint {
  return { seq, hash, at: at.toISOString(), mac: checkpointMac(key, seq, hash) };
}

export function checkpointValid(key: Buffer, cp: StoredCheckpoint): boolean {
  const want = Buffer.from(checkpointMac(key, cp.seq, cp.hash), 'hex');
  const got = Buffer.from(cp.mac, 'hex');
  return want.length === got.length && timingSafeEqual(want, got);
}

export const newAuditSecrets = (): AuditSecrets => ({ key: randomBytes(32), checkpoints: [] });

/** The log as read for a comparison: its text and head file (AuditLog.snapshot). */
export interface LogSnapshot {
  text: string | null;
  head: HeadRecord;
}

function entriesBySeq(text: string | null): Map<number, AuditEntry> {
  const out = new Map<number, AuditEntry>();
  for (const l of splitLines(text ?? '').lines) {
    const p = parseLine(l.text);
    if ('entry' in p && !out.has(p.entry.seq)) out.set(p.entry.seq, p.entry);
  }
  return out;
}

const matches = (bySeq: Map<number, AuditEntry>, cp: StoredCheckpoint) => cp.seq === 0 || bySeq.get(cp.seq)?.hash === cp.hash;
const range = (a: number, b: number) => (a === b ? `#${a}` : `#${a} to #${b}`);

/** The log against the checkpoints (oldest first); every checkpoint's MAC must verify under `key`. */
export function compareWithCheckpoints(log: LogSnapshot, secrets: AuditSecrets): AuditCheckpointReport {
  const cps = secrets.checkpoints;
  const bySeq = entriesBySeq(log.text);
  const highest = Math.max(0, ...bySeq.keys());
  const last = cps[cps.length - 1];
  if (!last) return { state: 'none', last: null, tampered: null, unconfirmed: [...bySeq.keys()].sort((a, b) => a - b) };
  const forged = cps.find((c) => !checkpointValid(secrets.key, c));
  const unconfirmed = [...bySeq.keys()].filter((s) => s > last.seq).sort((a, b) => a - b);
  if (!forged && matches(bySeq, last)) return { state: 'confirmed', last: { seq: last.seq, at: last.at }, tampered: null, unconfirmed };
  const good = [...cps].reverse().find((c) => c !== last && checkpointValid(secrets.key, c) && matches(bySeq, c)) ?? null;
  const firstSeq = (good?.seq ?? 0) + 1;
  const since = good ? good.at : null;
  const after = !good ? '' : good.seq === 0 ? `; the change was made after ${good.at}, when the vault first saw the log` : `; it still matches the checkpoint of ${good.at} (up to #${good.seq}), so the change was made after that`;
  let message: string;
  if (forged) message = `A checkpoint in the vault does not verify under the vault's key: the vault's contents were not written by this app`;
  else if (log.text === null) message = `The audit log is gone, but the vault's checkpoint of ${last.at} recorded ${last.seq} entries${after}`;
  else if (highest < last.seq) {
    const gone = range(Math.max(highest + 1, firstSeq), last.seq);
    message = `The audit log ends at #${highest}, but the vault's checkpoint of ${last.at} recorded entries up to #${last.seq}: ${gone.includes(' to ') ? `entries ${gone} were` : `entry ${gone} was`} removed${after}`;
  } else {
    const which = range(firstSeq, last.seq);
    message = `${which.includes(' to ') ? `Entries ${which} are not the entries` : `Entry ${which} is not the entry`} the vault's checkpoint of ${last.at} recorded: the log was rewritten${after}`;
  }
  // Entries after a checkpoint the log no longer matches cannot be told apart from the rewrite: none is listed as merely unconfirmed.
  return { state: 'tampered', last: { seq: last.seq, at: last.at }, tampered: { firstSeq, lastSeq: last.seq, since, message }, unconfirmed: [] };
}

/** The report as a verify problem (for the chain's problem list). */
export function checkpointProblem(report: AuditCheckpointReport): AuditProblem | null {
  return report.tampered ? { line: 1, kind: 'tampered', message: report.tampered.message } : null;
}

/**
 * The secrets after a vault write or an unlock: a new checkpoint over the log's head when the log is intact and
 * goes on from the last checkpoint; unchanged otherwise (a tampered or damaged log is never confirmed).
 */
export function advanceCheckpoints(log: LogSnapshot, secrets: AuditSecrets, now: Date): AuditSecrets {
  const report = compareWithCheckpoints(log, secrets);
  if (report.state === 'tampered') return secrets;
  const chain = verifyLog(log.text, log.head);
  if (!chain.ok) return secrets;
  const bySeq = entriesBySeq(log.text);
  const seq = Math.max(0, ...bySeq.keys());
  const hash = seq === 0 ? ZERO_HASH : bySeq.get(seq)!.hash;
  const last = secrets.checkpoints[secrets.checkpoints.length - 1];
  if (last && last.seq === seq && last.hash === hash) return secrets;
  return { key: secrets.key, checkpoints: [...secrets.checkpoints, makeCheckpoint(secrets.key, seq, hash, now)].slice(-MAX_CHECKPOINTS) };
}

/** After "start a new log" with the vault unlocked: the checkpoints start again from the new log's head. */
export function rebaseCheckpoints(log: LogSnapshot, secrets: AuditSecrets, now: Date): AuditSecrets {
  return advanceCheckpoints(log, { key: secrets.key, checkpoints: [] }, now);
}
