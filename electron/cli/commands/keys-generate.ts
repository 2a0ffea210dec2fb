import type { KeyAlgorithm } from '../../../shared/dto/keys';
import { auditedCli } from '../../core/audit/for-cli';
import { generateKey } from '../../core/keys/store/generate-key';
import { allowOnly, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { checkGun, checkName, checkRole } from '../validate';

export async function keysGenerate(ctx: CliContext): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'keys generate', ['role', 'gun', 'algorithm', 'rsa-bits', 'name', 'dir', 'passphrase-env']);
  if (ctx.args.positionals.length > 2) throw new UsageError('keys generate takes no positional arguments');
  const name = v.name !== undefined ? checkName(v.name) : undefined;
  if (name && v.role !== undefined && v.role !== name) throw new UsageError('--name NAME sets the role to NAME; leave out --role');
  const role = name ?? (v.role !== undefined ? checkRole(v.role) : undefined);
  if (!role) throw new UsageError('keys generate needs --role ROLE (or --name NAME)');
  if (v.dir !== undefined && !name) throw new UsageError('--dir is where NAME.pub goes: it needs --name');
  const algorithm = (v.algorithm ?? 'ecdsa') as KeyAlgorithm;
  if (!['ecdsa', 'ed25519', 'rsa'].includes(algorithm)) throw new UsageError('--algorithm is ecdsa, ed25519 or rsa');
  let rsaBits: 2048 | 4096 | undefined;
  if (v['rsa-bits'] !== undefined) {
    if (algorithm !== 'rsa') throw new UsageError('--rsa-bits is for --algorithm rsa');
    if (v['rsa-bits'] !== '2048' && v['rsa-bits'] !== '4096') throw new UsageError('--rsa-bits is 2048 or 4096');
    rsaBits = Number(v['rsa-bits']) as 2048 | 4096;
  }
  if (v['passphrase-env'] === undefined) throw new UsageError('keys generate needs --passphrase-env VAR');
  const passphrase = secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env'])!;
  const gun = v.gun !== undefined ? checkGun(v.gun) : undefined;
  const generated = await auditedCli(
    ctx,
    { action: 'key.generated', role, gun: gun ?? null, detail: algorithm + (rsaBits ? ` ${rsaBits}` : '') },
    () => generateKey(ctx.trustDir, { role, gun, algorithm, rsaBits, passphrase, publicKeyDir: name ? (v.dir ?? ctx.cwd) : undefined }),
    (r) => ({ keyIds: [r.key.id], role: r.key.role, gun: r.key.gun }),
  );
  const out = generated.publicKeyPath ? { ...generated.key, publicKeyPath: generated.publicKeyPath } : generated.key;
  ctx.stdout(ctx.json ? `${JSON.stringify(out)}\n` : `Generated ${algorithm} ${role} key ${generated.key.id}\n`);
  return 0;
}
