import type { KeyInfo } from '../../../shared/dto/keys';
import { join } from 'node:path';
import { listKeysJson } from '../../core/keys/store/scan';
import { describeLeftover, findLeftovers } from '../../core/leftovers/leftovers';
import { markPendingKeys } from '../../core/pending/pending-keys';
import { listPending } from '../../core/pending/pending-store';
import { allowOnly } from '../args';
import type { CliContext } from '../context';

/** `keys list`: a JSON array with --json (built from the listing index's JSON, not re-serialised), else a table. */
export function keysList(ctx: CliContext): number {
  allowOnly(ctx.args, 'keys list', []);
  const raw = listKeysJson(ctx.trustDir, { cacheDir: ctx.cacheDir, chdir: true });
  // Leftovers of interrupted writes are said on stderr (the listing on stdout stays as it was).
  const leftovers = findLeftovers([join(ctx.trustDir, 'private'), ctx.dataDir], new Date());
  if (leftovers.length > 0) ctx.stderr(`${leftovers.map((l) => `trust-vault: ${describeLeftover(l)}\n`).join('')}trust-vault: see keys leftovers --promote / --remove\n`);
  // Keys of a pending change are marked (rare: the index's JSON is passed through untouched otherwise).
  const anyPending = listPending(ctx.dataDir, ctx.trustDir).length > 0;
  const keys = ctx.json && !anyPending ? [] : markPendingKeys(ctx.dataDir, ctx.trustDir, JSON.parse(raw.toString('utf8')) as KeyInfo[]);
  if (ctx.json) {
    ctx.stdout(anyPending ? JSON.stringify(keys) : raw);
    ctx.stdout('\n');
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
