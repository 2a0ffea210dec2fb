import { auditedCli } from '../../core/audit/for-cli';
import { changePassphrase } from '../../core/keys/store/change-passphrase';
import { allowOnly, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { checkKeyId } from '../validate';

export async function keysPasswd(ctx: CliContext): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'keys passwd', ['id', 'passphrase-env', 'new-passphrase-env']);
  if (v.id?.length !== 1) throw new UsageError('keys passwd needs one --id ID');
  if (!v['passphrase-env'] || !v['new-passphrase-env']) throw new UsageError('keys passwd needs --passphrase-env OLD and --new-passphrase-env NEW');
  const id = checkKeyId(v.id[0]!);
  const oldPassphrase = secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env'])!;
  const newPassphrase = secretFromEnv(ctx.env, 'new-passphrase-env', v['new-passphrase-env'])!;
  const info = await auditedCli(
    ctx,
    { action: 'key.passphrase-changed', keyIds: [id] },
    () => changePassphrase(ctx.trustDir, id, oldPassphrase, newPassphrase),
    (r) => ({ role: r.role, gun: r.gun }),
  );
  ctx.stdout(ctx.json ? `${JSON.stringify(info)}\n` : `Changed the passphrase of ${info.id}\n`);
  return 0;
}
