import type { RepoStatus } from '../../../shared/dto/status';
import { statusOfCache } from '../../core/tuf/cache-status';
import { listCachedGuns } from '../../core/tuf/list-guns';
import { allowOnly } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';

/**
 * `status [--gun GUN]`: the trust status of cached repositories. The verdict is the answer, so any verdict exits 0;
 * only a status that cannot be computed at all (no cache for the GUN) exits 1, via the VaultError it throws.
 */
export function status(ctx: CliContext): number {
  allowOnly(ctx.args, 'status', ['gun']);
  if (ctx.args.positionals.length > 1) throw new UsageError(`status takes no arguments (got ${ctx.args.positionals.slice(1).join(' ')}); use --gun GUN`);
  const gun = ctx.args.values.gun;
  const result: RepoStatus | RepoStatus[] = gun !== undefined ? statusOfCache(ctx.trustDir, gun) : listCachedGuns(ctx.trustDir).map((g) => statusOfCache(ctx.trustDir, g));
  if (ctx.json) {
    ctx.stdout(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const list = Array.isArray(result) ? result : [result];
  if (list.length === 0) {
    ctx.stdout(`No repositories cached in ${ctx.trustDir}\n`);
    return 0;
  }
  ctx.stdout(list.map(describe).join('\n'));
  return 0;
}

function describe(s: RepoStatus): string {
  const lines = [`${s.gun}: ${s.verdict.toUpperCase()}`];
  for (const p of s.problems) lines.push(`  ${p.code} [${p.role || '-'}] ${p.message}`);
  const rows = s.tags.map((t) => [t.name, t.digest, String(t.size), t.role]);
  if (rows.length > 0) {
    const head = ['TAG', 'DIGEST', 'SIZE', 'ROLE'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const r of [head, ...rows]) lines.push(`  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}`);
  }
  const expiry = s.roles.filter((r) => r.expires).map((r) => `${r.role} ${r.expires!.slice(0, 10)}`);
  if (expiry.length > 0) lines.push(`  expires: ${expiry.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
