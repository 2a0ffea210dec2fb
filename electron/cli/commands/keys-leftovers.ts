import { describeLeftover, findLeftovers, promoteLeftover, removeLeftovers } from '../../core/leftovers/leftovers';
import { auditedCli } from '../../core/audit/for-cli';
import { MAX_DETAIL_CHARS } from '../../core/audit/entry';
import { basename, join } from 'node:path';
import { allowOnly } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';

export const leftoverDirs = (ctx: Pick<CliContext, 'trustDir' | 'dataDir'>): string[] => [join(ctx.trustDir, 'private'), ctx.dataDir];

/**
 * `keys leftovers [--promote] [--remove [--force]]` (issue 13, point 3): the files interrupted writes left in the
 * trust dir's private/ and the data dir. Lists them; --promote puts each that holds the only copy of a key in
 * place as its key file; --remove removes the rest (one holding the only copy of a key only with --force). Each
 * action that has something to act on is one audit entry, as the app's (key.leftover-promoted / -removed).
 */
export async function keysLeftovers(ctx: CliContext): Promise<number> {
  allowOnly(ctx.args, 'keys leftovers', ['promote', 'remove', 'force']);
  const v = ctx.args.values;
  if (v.force && !v.remove) throw new UsageError('--force goes with --remove');
  let found = findLeftovers(leftoverDirs(ctx), new Date());
  const toPromote = v.promote ? found.filter((l) => l.uniqueKeyId) : [];
  const promoted =
    toPromote.length > 0
      ? await auditedCli(ctx, { action: 'key.leftover-promoted', keyIds: toPromote.map((l) => l.uniqueKeyId!) }, () => toPromote.map(promoteLeftover), (paths) => ({
          detail: `put in place as ${paths.map((p) => basename(p)).join(', ')}`.slice(0, MAX_DETAIL_CHARS),
        }))
      : [];
  if (v.promote) found = findLeftovers(leftoverDirs(ctx), new Date());
  const toRemove = v.remove ? (v.force ? found : found.filter((l) => !l.uniqueKeyId)) : [];
  const insisted = toRemove.some((l) => l.uniqueKeyId) ? ', insisted past the only-copy warning (--force)' : '';
  const removed =
    toRemove.length > 0
      ? await auditedCli(
          ctx,
          { action: 'key.leftover-removed', keyIds: toRemove.flatMap((l) => l.uniqueKeyId ?? []), detail: `${toRemove.length} leftover${toRemove.length === 1 ? '' : 's'}${insisted}` },
          () => removeLeftovers(toRemove, { insist: v.force === true }),
        )
      : [];
  const left = findLeftovers(leftoverDirs(ctx), new Date());
  if (ctx.json) {
    ctx.stdout(`${JSON.stringify({ promoted, removed, leftovers: left })}\n`);
    return 0;
  }
  for (const p of promoted) ctx.stdout(`Promoted ${p}\n`);
  for (const r of removed) ctx.stdout(`Removed ${r}\n`);
  ctx.stdout(left.length === 0 ? 'No leftovers of interrupted writes\n' : `${left.map((l) => `${describeLeftover(l)}\n`).join('')}Use --promote and/or --remove.\n`);
  return 0;
}
