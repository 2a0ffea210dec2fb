import type { RepoStatus } from '../../../shared/dto/status';
import { statusOfCache } from '../../core/tuf/cache-status';
import { listCachedGuns } from '../../core/tuf/list-guns';
import { allowOnly } from '../args';
import type { CliContext } from '../context';
import { serverAuthOf } from '../server-auth';
import { UsageError } from '../usage-error';

/**
 * `status [--gun GUN] [--server URL [--ca FILE] [--user-env VAR --password-env VAR | --token-env VAR]]`: the trust
 * status of cached repositories, or with --server of what the server serves, checked against the cached root. The
 * verdict is the answer, so any verdict exits 0; only a status that cannot be computed at all (no cache for the
 * GUN, a bad URL or CA file) exits 1, via the VaultError it throws.
 */
export async function status(ctx: CliContext): Promise<number> {
  allowOnly(ctx.args, 'status', ['gun', 'server', 'ca', 'user-env', 'password-env', 'token-env', 'insecure-http']);
  if (ctx.args.positionals.length > 1) throw new UsageError(`status takes no arguments (got ${ctx.args.positionals.slice(1).join(' ')}); use --gun GUN`);
  const v = ctx.args.values;
  const gun = v.gun;
  let result: RepoStatus | RepoStatus[];
  if (v.server === undefined) {
    for (const k of ['ca', 'user-env', 'password-env', 'token-env', 'insecure-http'] as const) if (v[k] !== undefined) throw new UsageError(`--${k} needs --server`);
    result = gun !== undefined ? statusOfCache(ctx.trustDir, gun) : listCachedGuns(ctx.trustDir).map((g) => statusOfCache(ctx.trustDir, g));
  } else {
    const options = { server: v.server, ...(v.ca !== undefined ? { caFile: v.ca } : {}), ...serverAuthOf(ctx) };
    // Loaded only here: the offline path then starts without node:http/https and TLS.
    const { statusOfServer } = await import('../../core/tuf/remote-status');
    if (gun !== undefined) result = await statusOfServer(ctx.trustDir, gun, options);
    else {
      result = [];
      for (const g of listCachedGuns(ctx.trustDir)) result.push(await statusOfServer(ctx.trustDir, g, options));
    }
  }
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
