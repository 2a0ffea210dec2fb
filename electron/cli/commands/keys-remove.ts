import { VaultError } from '../../core/errors';
import { readLedger, verifiedCopiesOf } from '../../core/backup/ledger';
import { removalImpact, removeKey } from '../../core/keys/store/remove-key';
import { auditedCli } from '../../core/audit/for-cli';
import { allowOnly } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { checkKeyId } from '../validate';

/** `--yes` is the typed confirmation and the insistence in one: the caller has said it knows what is lost (the message names any verified backups). */
export async function keysRemove(ctx: CliContext): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'keys remove', ['id', 'yes']);
  if (v.id?.length !== 1) throw new UsageError('keys remove needs one --id ID');
  const id = checkKeyId(v.id[0]!);
  const backups = verifiedCopiesOf(readLedger(ctx.dataDir), id);
  const impact = removalImpact(ctx.trustDir, id, backups);
  if (!v.yes) throw new VaultError('CONFIRMATION_REQUIRED', `${impact.consequence} Add --yes to remove it.`);
  const result = await auditedCli(ctx, { action: 'key.removed', keyIds: [id], role: impact.role, gun: impact.gun, detail: impact.onlyCopy ? 'insisted past the only-copy warning (--yes)' : null }, () =>
    removeKey(ctx.trustDir, id, impact.confirmationText, true, backups),
  );
  ctx.stdout(ctx.json ? `${JSON.stringify(result)}\n` : `Removed ${id}\n`);
  return 0;
}
