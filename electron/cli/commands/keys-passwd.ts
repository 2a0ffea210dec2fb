import { changePassphrase } from '../../core/keys/store/change-passphrase';
import { allowOnly, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { checkKeyId } from '../validate';

export function keysPasswd(ctx: CliContext): number {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'keys passwd', ['id', 'passphrase-env', 'new-passphrase-env']);
  if (v.id?.length !== 1) throw new UsageError('keys passwd needs one --id ID');
  if (!v['passphrase-env'] || !v['new-passphrase-env']) throw new UsageError('keys passwd needs --passphrase-env OLD and --new-passphrase-env NEW');
  const info = changePassphrase(
    ctx.trustDir,
    checkKeyId(v.id[0]!),
    secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env'])!,
    secretFromEnv(ctx.env, 'new-passphrase-env', v['new-passphrase-env'])!,
  );
  ctx.stdout(ctx.json ? `${JSON.stringify(info)}\n` : `Changed the passphrase of ${info.id}\n`);
  return 0;
}
