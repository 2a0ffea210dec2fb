import type { KeyInfo } from '../../../shared/dto/keys';
import { join } from 'node:path';
import { listKeys, writeKeysJson } from '../../core/keys/store/scan';
import { describeLeftover, findLeftovers } from '../../core/leftovers/leftovers';
import { markPendingKeys } from '../../core/pending/pending-keys';
import { listPending } from '../../core/pending/pending-store';
import { allowOnly } from '../args';
import type { CliContext } from '../context';
import { leanProcess } from '../lean-process';
import { warnLooseFolders } from '../loose-folders-warning';

/**
 * `keys list`: with --json a JSON array streamed to stdout as it is read (rows copied from the listing index, not
 * re-serialised), else a table. A trust dir, private/ or data dir that is a link or open to others is warned about
 * on stderr (issue 12, point 8); `--tighten` sets them to 0700 first and says so.
 */
export function keysList(ctx: CliContext): number {
  allowOnly(ctx.args, 'keys list', ['tighten']);
  warnLooseFolders(ctx);
  // Process-wide settings (V8's tuning, the working directory) only when this process runs nothing else.
  if (ctx.ownProcess) leanProcess();
  const options = { cacheDir: ctx.cacheDir, chdir: ctx.ownProcess === true };
  // Leftovers of interrupted writes are said on stderr (the listing on stdout stays as it was).
  const leftovers = findLeftovers([join(ctx.trustDir, 'private'), ctx.dataDir], new Date());
  if (leftovers.length > 0) ctx.stderr(`${leftovers.map((l) => `trust-vault: ${describeLeftover(l)}\n`).join('')}trust-vault: see keys leftovers --promote / --remove\n`);
  // Keys of a pending change are marked (rare: otherwise the index's rows are streamed untouched).
  const anyPending = listPending(ctx.dataDir, ctx.trustDir).length > 0;
  if (ctx.json && !anyPending) {
    writeKeysJson(ctx.trustDir, ctx.stdout, options);
    ctx.stdout('\n');
    return 0;
  }
  const keys = markPendingKeys(ctx.dataDir, ctx.trustDir, listKeys(ctx.trustDir, options) as KeyInfo[]);
  if (ctx.json) {
    ctx.stdout(`${JSON.stringify(keys)}\n`);
    return 0;
  }
  if (keys.length === 0) {
    ctx.stdout(`No keys in ${ctx.trustDir}\n`);
    return 0;
  }
  const rows = keys.map((k) => [
    k.role ?? '-',
    k.gun ?? '',
    k.id,
    k.algorithm ?? '?',
    (k.status === 'ok' ? k.file : `BROKEN ${k.problem?.code}: ${k.problem?.reason}`) + (k.pending ? ` (pending: ${k.pending.action} of ${k.pending.gun})` : ''),
  ]);
  const head = ['ROLE', 'GUN', 'KEY ID', 'ALGORITHM', 'FILE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd();
  ctx.stdout(`${[head, ...rows].map(line).join('\n')}\n`);
  return 0;
}
