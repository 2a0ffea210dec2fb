import { basename, resolve } from 'node:path';
import { auditedCli } from '../../core/audit/for-cli';
import { writeNewFileAtomically } from '../../core/fs/atomic-write';
import { exportBundle, exportPublicKeys } from '../../core/keys/store/export-keys';
import { allowOnly, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { withVaultSecrets } from '../vault-secrets';
import { checkKeyId } from '../validate';

export async function keysExport(ctx: CliContext): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'keys export', ['id', 'out', 'public', 'passphrase-env', 'vault-passphrase-env']);
  if (!v.id?.length) throw new UsageError('keys export needs --id ID');
  if (!v.out) throw new UsageError('keys export needs --out FILE');
  const ids = v.id.map(checkKeyId);
  const passphrase = v.public ? secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env']) : undefined;
  const out = resolve(ctx.cwd, v.out);
  // --vault-passphrase-env: the public key of an encrypted key file opens with the passphrase the vault holds.
  await withVaultSecrets(ctx, () =>
    auditedCli(ctx, { action: 'key.exported', keyIds: ids, detail: `${v.public ? 'public keys' : 'private keys (encrypted bundle)'} to ${basename(out)}` }, () => {
      const text = v.public ? exportPublicKeys(ctx.trustDir, ids, passphrase) : exportBundle(ctx.trustDir, ids);
      writeNewFileAtomically(out, text);
    }),
  );
  ctx.stdout(ctx.json ? `${JSON.stringify({ path: out, ids })}\n` : `Wrote ${out}\n`);
  return 0;
}
