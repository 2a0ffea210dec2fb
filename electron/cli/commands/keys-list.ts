import type { KeyInfo } from '../../../shared/dto/keys';
import { findLooseFolders, looseFolderWarnings, tightenFolders } from '../../core/fs/loose-folders';
import { listKeysJson } from '../../core/keys/store/scan';
import { allowOnly } from '../args';
import type { CliContext } from '../context';

/**
 * `keys list`: a JSON array with --json (built from the listing index's JSON, not re-serialised), else a table.
 * A trust dir, private/ or data dir that is a link or open to others is warned about on stderr (issue 12, point 8);
 * `--tighten` sets them to 0700 first and says so.
 */
export function keysList(ctx: CliContext): number {
  allowOnly(ctx.args, 'keys list', ['tighten']);
  warnLooseFolders(ctx);
  const json = listKeysJson(ctx.trustDir, { cacheDir: ctx.cacheDir, chdir: true });
  if (ctx.json) {
    ctx.stdout(json);
    ctx.stdout('\n');
    return 0;
  }
  const keys = JSON.parse(json.toString('utf8')) as KeyInfo[];
  if (keys.length === 0) {
    ctx.stdout(`No keys in ${ctx.trustDir}\n`);
    return 0;
  }
  const rows = keys.map((k) => [k.role ?? '-', k.gun ?? '', k.id, k.algorithm ?? '?', k.status === 'ok' ? k.file : `BROKEN ${k.problem?.code}: ${k.problem?.reason}`]);
  const head = ['ROLE', 'GUN', 'KEY ID', 'ALGORITHM', 'FILE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd();
  ctx.stdout(`${[head, ...rows].map(line).join('\n')}\n`);
  return 0;
}

/** Tightens (with --tighten) and then warns about the folders still flagged; never changes a mode unasked. */
export function warnLooseFolders(ctx: CliContext): void {
  const set = { trustDir: ctx.trustDir, dataDir: ctx.dataDir };
  if (ctx.args.values.tighten) {
    const { tightened } = tightenFolders(set);
    for (const path of tightened) ctx.stderr(`trust-vault: tightened ${path} to 0700\n`);
  }
  ctx.stderr(looseFolderWarnings(findLooseFolders(set)));
}
