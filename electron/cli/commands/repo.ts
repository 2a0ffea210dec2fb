import type { ServerAuth, ServerOptions } from '../../core/notary/http-client';
import type { RolePassphrases } from '../../core/publish/init-repo';
import type { BaseRole } from '../../core/publish/metadata/roles';
import type { PublishOutcome } from '../../core/publish/publish-transaction';
import { allowOnly, type OptionName, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { checkGun } from '../validate';

const SERVER_OPTIONS: OptionName[] = ['server', 'ca', 'user-env', 'password-env', 'token-env'];
const PASSPHRASE_OPTIONS: OptionName[] = ['root-passphrase-env', 'targets-passphrase-env', 'snapshot-passphrase-env', 'delegation-passphrase-env'];
const ROTATABLE: readonly BaseRole[] = ['root', 'targets', 'snapshot', 'timestamp'];

/**
 * `repo init GUN ...` and `repo rotate GUN ROLE ...` (issue 6, point 5): publisher operations on a notary server.
 * Passphrases and credentials only from environment variables named on the command line.
 */
export async function repo(ctx: CliContext): Promise<number> {
  const [, sub, gunArg, ...rest] = ctx.args.positionals;
  if (sub === 'init') {
    allowOnly(ctx.args, 'repo init', [...SERVER_OPTIONS, ...PASSPHRASE_OPTIONS, 'snapshot']);
    if (rest.length > 0) throw new UsageError(`repo init takes one GUN (got also ${rest.join(' ')})`);
    const gun = gunOf(gunArg, 'repo init GUN');
    const snapshot = ctx.args.values.snapshot ?? 'local';
    if (snapshot !== 'local' && snapshot !== 'server') throw new UsageError(`--snapshot ${snapshot}: local or server`);
    const { initRepository } = await import('../../core/publish/init-repo');
    const r = await initRepository(ctx.trustDir, gun, { server: serverOf(ctx), snapshot, passphrases: passphrasesOf(ctx) });
    const keys = { root: r.keys.root.id, rootKeyFile: r.keys.root.canonicalId, targets: r.keys.targets, snapshot: r.keys.snapshot, timestamp: r.keys.timestamp };
    return report(ctx, { operation: 'init', gun, snapshotOnServer: r.keys.snapshotOnServer, rootKeyReused: r.keys.root.reused, keys, ...outcomeOf(r) }, [
      `Initialised ${gun} on ${ctx.args.values.server ?? ''}`,
      `  root      ${keys.root} (key file ${keys.rootKeyFile}${r.keys.root.reused ? ', the trust dir\'s existing root key' : ', new'})`,
      `  targets   ${keys.targets}`,
      `  snapshot  ${keys.snapshot}${r.keys.snapshotOnServer ? ' (held by the server)' : ''}`,
      `  timestamp ${keys.timestamp} (held by the server)`,
    ], r);
  }
  if (sub === 'rotate') {
    allowOnly(ctx.args, 'repo rotate', [...SERVER_OPTIONS, ...PASSPHRASE_OPTIONS, 'server-managed']);
    const [role, ...extra] = rest;
    if (extra.length > 0) throw new UsageError(`repo rotate takes GUN ROLE (got also ${extra.join(' ')})`);
    const gun = gunOf(gunArg, 'repo rotate GUN ROLE');
    if (!role || !(ROTATABLE as string[]).includes(role)) throw new UsageError(`repo rotate GUN ROLE: ROLE is one of ${ROTATABLE.join(', ')}`);
    const serverManaged = ctx.args.values['server-managed'] === true;
    if (serverManaged && role !== 'snapshot') throw new UsageError('--server-managed is for the snapshot role (the timestamp key is always the server\'s)');
    const { rotateKey } = await import('../../core/publish/rotate-key');
    const r = await rotateKey(ctx.trustDir, gun, role as BaseRole, { server: serverOf(ctx), serverManaged, passphrases: passphrasesOf(ctx) });
    const keys = Object.fromEntries(Object.entries(r.keys).map(([k, ids]) => [k, ids.join(',')]));
    return report(ctx, { operation: 'rotate', gun, role, newKeyId: r.newKeyId, snapshotOnServer: r.snapshotOnServer, keys, ...outcomeOf(r) }, [
      `Rotated the ${role} key of ${gun}: now ${r.newKeyId}${role === 'timestamp' || (role === 'snapshot' && r.snapshotOnServer) ? ' (held by the server)' : ''}`,
      ...Object.entries(keys).map(([k, id]) => `  ${k.padEnd(9)} ${id}`),
    ], r);
  }
  throw new UsageError(`unknown command: repo ${sub ?? '(none)'}; use repo init or repo rotate`);
}

function gunOf(gun: string | undefined, usage: string): string {
  if (gun === undefined) throw new UsageError(`${usage}: give the GUN`);
  return checkGun(gun);
}

function outcomeOf(r: PublishOutcome) {
  return {
    versions: r.versions,
    keysWritten: r.keysWritten,
    keysRemoved: r.keysRemoved,
    cacheUpdated: r.cacheUpdated,
    ...(r.cacheProblem ? { cacheProblem: r.cacheProblem } : {}),
  };
}

function report(ctx: CliContext, json: object, lines: string[], r: PublishOutcome): number {
  if (ctx.json) ctx.stdout(`${JSON.stringify(json)}\n`);
  else {
    const versions = Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ');
    const written = r.keysWritten.map((k) => `  wrote ${k.file} (${k.role})`);
    const removed = r.keysRemoved.map((id) => `  removed private/${id}.key (retired)`);
    ctx.stdout(`${[...lines, ...(versions ? [`  versions: ${versions}`] : []), ...written, ...removed].join('\n')}\n`);
  }
  // The server has the change either way; a stale cache only means the next notary command fetches it.
  if (r.cacheProblem) ctx.stderr(`trust-vault: warning: ${r.cacheProblem}\n`);
  return 0;
}

function serverOf(ctx: CliContext): ServerOptions {
  const v = ctx.args.values;
  if (v.server === undefined) throw new UsageError(`repo ${ctx.args.positionals[1] ?? ''} needs --server URL`);
  return { server: v.server, ...(v.ca !== undefined ? { caFile: v.ca } : {}), ...authOf(ctx) };
}

/** As `status --server`: credentials come from environment variables named on the command line. */
function authOf(ctx: CliContext): { auth?: ServerAuth } {
  const v = ctx.args.values;
  const user = secretFromEnv(ctx.env, 'user-env', v['user-env']);
  const password = secretFromEnv(ctx.env, 'password-env', v['password-env']);
  const token = secretFromEnv(ctx.env, 'token-env', v['token-env']);
  if (token !== undefined && (user !== undefined || password !== undefined)) throw new UsageError('give either --token-env or --user-env/--password-env, not both');
  if (token !== undefined) return { auth: { bearer: token } };
  if ((user === undefined) !== (password === undefined)) throw new UsageError('--user-env and --password-env go together');
  return user !== undefined && password !== undefined ? { auth: { basic: { user, password } } } : {};
}

function passphrasesOf(ctx: CliContext): RolePassphrases {
  const env = (option: OptionName) => secretFromEnv(ctx.env, option, ctx.args.values[option] as string | undefined);
  return {
    root: env('root-passphrase-env'),
    targets: env('targets-passphrase-env'),
    snapshot: env('snapshot-passphrase-env'),
    delegation: env('delegation-passphrase-env'),
  };
}
