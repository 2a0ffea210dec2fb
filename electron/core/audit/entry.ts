import { createHash } from 'node:crypto';
import type { AuditAction, AuditEntry } from '../../../shared/dto/vault';
import { AUDIT_ACTIONS } from '../../../shared/dto/vault';
import { canonicalJson } from '../tuf/canonical-json';

/** `prev` of the first entry. */
export const ZERO_HASH = '0'.repeat(64);
/** A line longer than this is refused when writing and reported as malformed when reading. */
export const MAX_LINE_BYTES = 64 * 1024;
/** `detail` is a short note from our own code (a drive label, a count), never user secrets: longer ones are refused. */
export const MAX_DETAIL_CHARS = 500;
/** Key IDs one entry lists; beyond that the entry keeps the first ones and its detail says how many more. */
export const MAX_KEY_IDS = 800;

const HEX64 = /^[0-9a-f]{64}$/;
const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);
const FIELDS = ['seq', 'at', 'action', 'keyIds', 'gun', 'role', 'result', 'error', 'detail', 'actor', 'prev', 'hash'] as const;

/**
 * sha256 (hex) of the entry's canonical JSON without `hash`: sorted keys, no whitespace (tuf/canonical-json.ts), so
 * the hash does not depend on how the line happens to be laid out.
 */
export function hashOf(entry: Omit<AuditEntry, 'hash'> | AuditEntry): string {
  const { hash: _hash, ...rest } = entry as AuditEntry;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

/** The line written for an entry: its fields in the DTO's order, as plain JSON (control characters escaped). */
export function lineOf(entry: AuditEntry): string {
  const ordered: Record<string, unknown> = {};
  for (const f of FIELDS) ordered[f] = entry[f];
  return JSON.stringify(ordered);
}

const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** Why the value is not an entry as this app writes them, or null when it is one. */
export function shapeProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  const extra = keys.find((k) => !(FIELDS as readonly string[]).includes(k));
  if (extra !== undefined) return `unexpected field "${extra.slice(0, 40)}"`;
  const missing = FIELDS.find((f) => !(f in o));
  if (missing !== undefined) return `field "${missing}" is missing`;
  if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 1) return 'seq is not a positive whole number';
  if (typeof o.at !== 'string' || Number.isNaN(Date.parse(o.at))) return 'at is not a time';
  if (typeof o.action !== 'string' || !ACTIONS.has(o.action)) return 'action is not a known audit action';
  if (!Array.isArray(o.keyIds) || !o.keyIds.every((k) => typeof k === 'string')) return 'keyIds is not a list of strings';
  if (!isStringOrNull(o.gun) || !isStringOrNull(o.role) || !isStringOrNull(o.error) || !isStringOrNull(o.detail)) return 'gun, role, error or detail is not a string or null';
  if (o.result !== 'ok' && o.result !== 'failed') return 'result is neither ok nor failed';
  const a = o.actor as Record<string, unknown> | null;
  if (typeof a !== 'object' || a === null || Array.isArray(a) || Object.keys(a).length !== 3 || typeof a.user !== 'string' || typeof a.host !== 'string' || (a.via !== 'app' && a.via !== 'cli')) {
    return 'actor is not {user, host, via}';
  }
  if (typeof o.prev !== 'string' || !HEX64.test(o.prev)) return 'prev is not a sha256 in hex';
  if (typeof o.hash !== 'string' || !HEX64.test(o.hash)) return 'hash is not a sha256 in hex';
  return null;
}

/** One line of the log: the entry, or why it is not one. */
export function parseLine(line: string): { entry: AuditEntry } | { problem: string } {
  if (Buffer.byteLength(line, 'utf8') > MAX_LINE_BYTES) return { problem: `longer than ${MAX_LINE_BYTES} bytes` };
  if (line.trim() === '') return { problem: 'empty line' };
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { problem: 'not JSON' };
  }
  const problem = shapeProblem(v);
  return problem === null ? { entry: v as AuditEntry } : { problem };
}

export const isAuditAction = (a: string): a is AuditAction => ACTIONS.has(a);
