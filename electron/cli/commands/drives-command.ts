import { systemDriveSource } from '../../core/drives/system-source';
import { allowOnly } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { drivesList, formatDrives } from './drives';

/** `drives list`: the removable drives a backup can go to (TRUST_VAULT_INJECT_DRIVES names test device data). */
export async function drives(ctx: CliContext): Promise<number> {
  const sub = ctx.args.positionals[1];
  if (sub !== 'list' || ctx.args.positionals.length > 2) throw new UsageError(`unknown command: drives ${ctx.args.positionals.slice(1).join(' ') || '(none)'}`);
  allowOnly(ctx.args, 'drives list', []);
  const list = await drivesList(systemDriveSource(ctx.env));
  ctx.stdout(ctx.json ? `${JSON.stringify(list)}\n` : formatDrives(list));
  return 0;
}
