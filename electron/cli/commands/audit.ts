import type { AuditCheckpointReport, AuditEntry, AuditFilter, AuditVerification } from '../../../shared/dto/vault';
import { checkpointProblem } from '../../core/audit/checkpoint';
import type { VaultSession } from '../../core/vault/vault-session';
import { unlockForCommand } from '../unlock';
import { vaultSession } from './vault';
import { AUDIT_ACTIONS } from '../../../shared/dto/vault';
import { AuditLog, RESTART_CONFIRMATION, problemsSummary } from '../../core/audit/audit-log';
import { isAuditAction } from '../../core/audit/entry';
import { allowOnly, secretFromEnv } from '../args';
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
/** Unlocks the vault for `audit verify|restart --vault-passphrase-env VAR`; runs `use` on it, then locks it again. */
async function withVault<T>(ctx: CliContext, use: (session: VaultSession) => T): Promise<T | null> {
  const variable = ctx.args.values['vault-passphrase-env'];
  if (variable === undefined) return null;
  const passphrase = secretFromEnv(ctx.env, 'vault-passphrase-env', variable)!;
  const session = vaultSession(ctx);
  try {
    await unlockForCommand(ctx, session, passphrase);
    return use(session);
  } finally {
    session.lock('manual');
    session.dispose();
  }
}

function checkpointText(c: AuditCheckpointReport): string {
  const lines: string[] = [];
  if (c.state === 'none') lines.push('The vault holds no checkpoint of the log yet; this unlock took the first.');
  else if (c.state === 'confirmed') lines.push(`The log goes on from the vault's last checkpoint (entry #${c.last!.seq}, ${c.last!.at}): no entry up to it was changed or removed.`);
  else lines.push(`The log does NOT match the vault's checkpoints: ${c.tampered!.message}.`);
  if (c.unconfirmed.length > 0) {
    const [a, b] = [c.unconfirmed[0]!, c.unconfirmed[c.unconfirmed.length - 1]!];
    lines.push(
      `Not yet confirmed: ${c.unconfirmed.length === 1 ? `entry #${a}` : `${c.unconfirmed.length} entries (#${a} to #${b})`}, written after the last checkpoint by commands that did not open the vault${c.state === 'tampered' ? '' : '; checkpointed now'}.`,
    );
  }
  return `${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

export async function audit(ctx: CliContext): Promise<number> {
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
    allowOnly(ctx.args, 'audit verify', ['vault-passphrase-env']);
    // With the vault: the log against its checkpoints as this unlock found them (the unlock then checkpoints anew).
    const checkpoint = await withVault(ctx, (s) => s.auditCheckAtUnlock());
    const chain = log.verify();
    const tampered = checkpoint ? checkpointProblem(checkpoint) : null;
    const r: AuditVerification = { ...chain, ok: chain.ok && !tampered, problems: tampered ? [tampered, ...chain.problems] : chain.problems, ...(checkpoint ? { checkpoint } : {}) };
    if (ctx.json) ctx.stdout(`${JSON.stringify({ file: log.file, ...r })}\n`);
    else {
      if (r.ok) ctx.stdout(`The audit log is intact: ${r.entries} entries${r.head ? `, ending with ${r.head}` : ''} (${log.file})\n`);
      else ctx.stdout(`The audit log is NOT intact (${log.file}): ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}\n${r.problems.map((p) => `  line ${p.line}: ${p.kind}: ${p.message}\n`).join('')}`);
      if (checkpoint) ctx.stdout(checkpointText(checkpoint));
      else ctx.stdout('  (Only the hash chain was checked: add --vault-passphrase-env VAR to check the log against the vault\'s checkpoints, which a rewrite cannot match.)\n');
    }
    if (tampered) ctx.stderr(`trust-vault: the audit log was tampered with: ${tampered.message} (AUDIT_LOG_DAMAGED)\n`);
    else if (!r.ok) ctx.stderr(`trust-vault: the audit log's hash chain is broken (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}, first at line ${r.problems[0]!.line}) (AUDIT_LOG_DAMAGED)\n`);
    return r.ok ? 0 : 1;
  }
  if (sub === 'restart') {
    allowOnly(ctx.args, 'audit restart', ['yes', 'vault-passphrase-env']);
    if (!ctx.args.values.yes) {
      throw new UsageError(
        `audit restart moves the damaged audit log aside (kept in ${log.dir}, not deleted) and starts a new chain whose first entry names it; add --yes to do it`,
      );
    }
    // --yes is the typed confirmation. With the vault unlocked, a log its checkpoints show as rewritten can be
    // restarted too, and the checkpoints then start again from the new log.
    const run = (session: VaultSession | null) => {
      const tampered = session?.auditCheckAtUnlock()?.tampered?.message ?? null;
      const report = log.restartWithReport(RESTART_CONFIRMATION, { tampered });
      session?.rebaseAuditCheckpoints();
      return report;
    };
    const r = (await withVault(ctx, run)) ?? run(null);
    if (ctx.json) ctx.stdout(`${JSON.stringify({ file: log.file, keptLog: r.keptLog, keptHead: r.keptHead, sha256: r.sha256, found: r.problems, ...r.verification })}\n`);
    else {
      const kept = r.keptLog ? `The damaged log was kept as ${r.keptLog} (sha256 ${r.sha256})` : `There was no audit log to keep${r.keptHead ? `; its head file was kept as ${r.keptHead}` : ''}`;
      ctx.stdout(`${kept}; it had ${problemsSummary(r.problems)}.\nA new log was started (${log.file}): ${r.verification.entries} entry, chain intact.\n`);
    }
    return 0;
  }
  throw new UsageError(`unknown command: audit ${sub ?? '(none)'}; use audit list, audit verify or audit restart --yes`);
}
