import type { AuditEntry, AuditFilter } from '../../../shared/dto/vault';
import { AUDIT_ACTIONS } from '../../../shared/dto/vault';
import { AuditLog, RESTART_CONFIRMATION, problemsSummary } from '../../core/audit/audit-log';
import { isAuditAction } from '../../core/audit/entry';
import { allowOnly } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';

export { auditFor, auditedCli } from '../../core/audit/for-cli';

const KEY_ID_PREFIX = /^[0-9a-f]{1,64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function timeArg(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`--${option} ${value}: an ISO time such as 2026-01-31 or 2026-01-31T12:00:00Z`);
  return new Date(value).toISOString();
}

function filterOf(ctx: CliContext): AuditFilter {
  const v = ctx.args.values;
  const filter: AuditFilter = {};
  if (v.action?.length) {
    const bad = v.action.find((a) => !isAuditAction(a));
    if (bad !== undefined) throw new UsageError(`--action ${bad}: one of ${AUDIT_ACTIONS.join(', ')}`);
    filter.actions = v.action.filter(isAuditAction);
  }
  if (v.id !== undefined) {
    if (v.id.length !== 1 || !KEY_ID_PREFIX.test(v.id[0]!)) throw new UsageError('--id: one key ID, or its start, in lowercase hex');
    filter.keyId = v.id[0];
  }
  if (v.result !== undefined) {
    if (v.result !== 'ok' && v.result !== 'failed') throw new UsageError('--result is ok or failed');
    filter.result = v.result;
  }
  filter.since = timeArg('since', v.since);
  filter.until = timeArg('until', v.until);
  return filter;
}

const entryText = (e: AuditEntry) =>
  [
    e.at,
    `#${e.seq}`,
    e.action,
    e.result === 'ok' ? 'ok' : `FAILED ${e.error ?? ''}`.trim(),
    e.keyIds.length === 0 ? '-' : e.keyIds.slice(0, 4).map((k) => k.slice(0, 12)).join(',') + (e.keyIds.length > 4 ? `,+${e.keyIds.length - 4}` : ''),
    e.gun ?? '-',
    `${e.actor.user}@${e.actor.host} (${e.actor.via})`,
  ].join('  ') + (e.detail ? `  ${e.detail}` : '');

/**
 * `audit list [--action A...] [--id ID] [--result ok|failed] [--since ISO] [--until ISO]` and `audit verify`
 * (issue 7, point 5): the hash-chained log of key operations in `<data-dir>/audit`. verify exits 1 when the chain
 * is broken, naming each problem with its line. `audit restart --yes` is the way out of a damaged log: it is kept
 * aside (never deleted) and a new chain starts whose first entry names it; exit 1 while the log is intact.
 */
export function audit(ctx: CliContext): number {
  const sub = ctx.args.positionals[1];
  if (ctx.args.positionals.length > 2) throw new UsageError(`audit ${sub} takes no arguments (got ${ctx.args.positionals.slice(2).join(' ')})`);
  const log = new AuditLog({ dataDir: ctx.dataDir, via: 'cli' });
  if (sub === 'list') {
    allowOnly(ctx.args, 'audit list', ['action', 'id', 'result', 'since', 'until']);
    const entries = log.list(filterOf(ctx));
    if (ctx.json) ctx.stdout(`${JSON.stringify(entries)}\n`);
    else ctx.stdout(entries.length === 0 ? 'No audit entries\n' : entries.map((e) => `${entryText(e)}\n`).join(''));
    // What a damaged log lists cannot be relied on: say so, and fail (issue 13, point 5).
    const r = log.verify();
    if (!r.ok) {
      ctx.stderr(`trust-vault: the audit log ${log.file} is damaged: its hash chain is broken (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}, first at line ${r.problems[0]!.line}: ${r.problems[0]!.message}); the entries listed cannot be relied on: run audit verify, then audit restart --yes (AUDIT_LOG_DAMAGED)\n`);
      return 1;
    }
    return 0;
  }
  if (sub === 'verify') {
    allowOnly(ctx.args, 'audit verify', []);
    const r = log.verify();
    if (ctx.json) ctx.stdout(`${JSON.stringify({ file: log.file, ...r })}\n`);
    else if (r.ok) ctx.stdout(`The audit log is intact: ${r.entries} entries${r.head ? `, ending with ${r.head}` : ''} (${log.file})\n`);
    else ctx.stdout(`The audit log is NOT intact (${log.file}): ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}\n${r.problems.map((p) => `  line ${p.line}: ${p.kind}: ${p.message}\n`).join('')}`);
    if (!r.ok) ctx.stderr(`trust-vault: the audit log's hash chain is broken (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}, first at line ${r.problems[0]!.line}) (AUDIT_LOG_DAMAGED)\n`);
    return r.ok ? 0 : 1;
  }
  if (sub === 'restart') {
    allowOnly(ctx.args, 'audit restart', ['yes']);
    if (!ctx.args.values.yes) {
      throw new UsageError(
        `audit restart moves the damaged audit log aside (kept in ${log.dir}, not deleted) and starts a new chain whose first entry names it; add --yes to do it`,
      );
    }
    // --yes is the typed confirmation.
    const r = log.restartWithReport(RESTART_CONFIRMATION);
    if (ctx.json) ctx.stdout(`${JSON.stringify({ file: log.file, keptLog: r.keptLog, keptHead: r.keptHead, sha256: r.sha256, found: r.problems, ...r.verification })}\n`);
    else {
      const kept = r.keptLog ? `The damaged log was kept as ${r.keptLog} (sha256 ${r.sha256})` : `There was no audit log to keep${r.keptHead ? `; its head file was kept as ${r.keptHead}` : ''}`;
      ctx.stdout(`${kept}; it had ${problemsSummary(r.problems)}.\nA new log was started (${log.file}): ${r.verification.entries} entry, chain intact.\n`);
    }
    return 0;
  }
  throw new UsageError(`unknown command: audit ${sub ?? '(none)'}; use audit list, audit verify or audit restart --yes`);
}
