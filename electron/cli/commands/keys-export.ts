import { resolve } from 'node:path';
import { writeNewFileAtomically } from '../../core/fs/atomic-write';
import { exportBundle, exportPublicKeys } from '../../core/keys/store/export-keys';
import { allowOnly, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { checkKeyId } from '../validate';

export function keysExport(ctx: CliContext): number {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'keys export', ['id', 'out', 'public', 'passphrase-env']);
  if (!v.id?.length) throw new UsageError('keys export needs --id ID');
  if (!v.out) throw new UsageError('keys export needs --out FILE');
  const ids = v.id.map(checkKeyId);
  const text = v.public
    ? exportPublicKeys(ctx.trustDir, ids, secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env']))
    : exportBundle(ctx.trustDir, ids);
  const out = resolve(ctx.cwd, v.out);
  writeNewFileAtomically(out, text);
  ctx.stdout(ctx.json ? `${JSON.stringify({ path: out, ids })}\n` : `Wrote ${out}\n`);
  return 0;
}
