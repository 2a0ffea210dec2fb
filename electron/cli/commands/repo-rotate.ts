import { auditedCli } from '../../core/audit/for-cli';
import type { BaseRole } from '../../core/publish/metadata/roles';
import { rotateKey } from '../../core/publish/rotate-key';
import { allowOnly } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { withVaultSecrets } from '../vault-secrets';
import { gunOf, outcomeOf, PASSPHRASE_OPTIONS, passphrasesOf, published, report, SERVER_OPTIONS, serverOf } from './repo-shared';

const ROTATABLE: readonly BaseRole[] = ['root', 'targets', 'snapshot', 'timestamp'];

/**
 * `repo rotate GUN ROLE ...` (issue 6, point 5): a new key for the role, published to the notary server. Its own
 * bundle (electron/cli/run.ts), so a rotation loads only what a rotation needs (issue 17).
 */
export function repoRotate(ctx: CliContext): Promise<number> {
  // --vault-passphrase-env: keys' saved passphrases and offline keys come from the vault for this one command.
  return withVaultSecrets(ctx, () => rotate(ctx));
}

async function rotate(ctx: CliContext): Promise<number> {
  const [, , gunArg, role, ...extra] = ctx.args.positionals;
  allowOnly(ctx.args, 'repo rotate', [...SERVER_OPTIONS, ...PASSPHRASE_OPTIONS, 'server-managed']);
  if (extra.length > 0) throw new UsageError(`repo rotate takes GUN ROLE (got also ${extra.join(' ')})`);
  const gun = gunOf(gunArg, 'repo rotate GUN ROLE');
  if (!role || !(ROTATABLE as string[]).includes(role)) throw new UsageError(`repo rotate GUN ROLE: ROLE is one of ${ROTATABLE.join(', ')}`);
  const serverManaged = ctx.args.values['server-managed'] === true;
  if (serverManaged && role !== 'snapshot') throw new UsageError('--server-managed is for the snapshot role (the timestamp key is always the server\'s)');
  const server = serverOf(ctx);
  const passphrases = passphrasesOf(ctx);
  const r = await auditedCli(ctx, { action: 'publish.rotate', gun, role }, () => rotateKey(ctx.trustDir, gun, role as BaseRole, { server, serverManaged, passphrases, dataDir: ctx.dataDir }), published);
  const keys = Object.fromEntries(Object.entries(r.keys).map(([k, ids]) => [k, ids.join(',')]));
  return report(ctx, { operation: 'rotate', gun, role, newKeyId: r.newKeyId, snapshotOnServer: r.snapshotOnServer, keys, ...outcomeOf(r) }, [
    `Rotated the ${role} key of ${gun}: now ${r.newKeyId}${role === 'timestamp' || (role === 'snapshot' && r.snapshotOnServer) ? ' (held by the server)' : ''}`,
    ...Object.entries(keys).map(([k, id]) => `  ${k.padEnd(9)} ${id}`),
  ], r);
}
