import type { AuditAction } from '../../../shared/dto/vault';
import { isVaultError } from '../errors';
import type { AuditLog, AuditRecord } from './audit-log';

/** What an operation is about, as far as the audit log is concerned. No secrets: IDs, names, counts. */
export interface AuditFacts {
  keyIds?: readonly string[];
  gun?: string | null;
  role?: string | null;
  detail?: string | null;
}

export interface AuditWhat extends AuditFacts {
  action: AuditAction;
}

/** What a result adds or corrects: usually key IDs; `result: 'failed'` when the operation ran but its outcome is a failure (a backup that does not check out). */
export interface AuditOutcome extends AuditFacts {
  result?: 'ok' | 'failed';
  error?: string | null;
}

/**
 * Actions whose operation opens a dialog in main and returns null when the user cancels it. A cancelled dialog is
 * not an operation: nothing is recorded. (A VaultError CANCELLED, thrown when a dialog midway is cancelled, is
 * likewise not recorded, for any action.)
 */
export const CANCELLABLE_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>(['key.exported', 'token.module-added']);

/**
 * Operations that change keys or what they protect (issue 12, point 3): they fail closed. Before one runs, the log
 * must be able to take its entry (AuditLog.checkWritable); when it cannot, the operation is refused with
 * AUDIT_LOG_DAMAGED, naming the way out ("start a new log"), and nothing happens.
 */
export const FAIL_CLOSED_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>([
  'key.generated',
  'key.imported',
  'key.exported',
  'key.removed',
  'key.passphrase-changed',
  'key.offline',
  'key.online',
  'key.quarantine-restored',
  'backup.restored',
  'token.root-generated',
  'publish.init',
  'publish.rotate',
  'publish.resign',
  'publish.signer-added',
  'publish.signer-removed',
  'publish.trust-data-deleted',
  'vault.passphrase-saved',
  'vault.passphrase-forgotten',
  'vault.master-passphrase-changed',
  'key.leftover-promoted',
  'key.leftover-removed',
]);

const warned = new WeakSet<AuditLog>();

/** Records one entry; an audit failure is reported once per log on the console and never reaches the operation. */
export function recordQuietly(log: AuditLog | undefined, record: AuditRecord): void {
  if (!log) return;
  try {
    log.append(record);
  } catch (e) {
    if (warned.has(log)) return;
    warned.add(log);
    console.warn(`trust-vault: the audit log could not record ${record.action}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function safely<R>(f: () => R): R | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/**
 * Runs an operation and appends exactly one audit entry for it: `ok` (with what `fromResult` adds from the result)
 * or `failed` with the error's code (VaultError code, else INTERNAL); the error is rethrown unchanged. Nothing is
 * recorded for a cancelled dialog (see CANCELLABLE_ACTIONS). An operation in FAIL_CLOSED_ACTIONS is refused before it
 * runs when the log cannot take an entry; once an operation has run, the log failing never undoes it.
 * `log` undefined: the operation just runs.
 */
export async function audited<T>(
  log: AuditLog | undefined,
  what: AuditWhat,
  run: () => T | Promise<T>,
  fromResult?: (r: T) => AuditOutcome | undefined,
): Promise<T> {
  // Fails closed: an operation that changes keys does not run when its entry could not be written.
  if (log && FAIL_CLOSED_ACTIONS.has(what.action)) log.checkWritable();
  let result: T;
  try {
    result = await run();
  } catch (e) {
    if (!(isVaultError(e) && e.code === 'CANCELLED')) recordQuietly(log, { ...what, result: 'failed', error: isVaultError(e) ? e.code : 'INTERNAL' });
    throw e;
  }
  if (result === null && CANCELLABLE_ACTIONS.has(what.action)) return result;
  const more = fromResult ? safely(() => fromResult(result)) : undefined;
  const outcome = more?.result ?? 'ok';
  const merged: AuditWhat = { ...what };
  // Only what the result says: a field it leaves undefined keeps the value from the arguments.
  for (const k of ['keyIds', 'gun', 'role', 'detail'] as const) if (more?.[k] !== undefined) (merged as unknown as Record<string, unknown>)[k] = more[k];
  recordQuietly(log, { ...merged, result: outcome, error: outcome === 'failed' ? (more?.error ?? 'INTERNAL') : null });
  return result;
}
