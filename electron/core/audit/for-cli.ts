import { AuditLog } from './audit-log';
import { type AuditOutcome, type AuditWhat, audited } from './audited';

/** The audit log of the CLI: the same file as the app's (`<dataDir>/audit/audit.jsonl`), entries marked via 'cli'. */
export function auditFor(ctx: { dataDir: string }): AuditLog {
  return new AuditLog({ dataDir: ctx.dataDir, via: 'cli' });
}

/**
 * For CLI commands: runs the operation and appends exactly one entry to the CLI's audit log (see audited.ts). Wrap
 * the operation only, after the arguments are checked: a usage error is not an operation.
 * e.g. `const r = await auditedCli(ctx, { action: 'key.offline', keyIds: [id] }, () => vault.takeOffline(...))`.
 */
export function auditedCli<T>(ctx: { dataDir: string }, what: AuditWhat, run: () => T | Promise<T>, fromResult?: (r: T) => AuditOutcome | undefined): Promise<T> {
  return audited(auditFor(ctx), what, run, fromResult);
}
