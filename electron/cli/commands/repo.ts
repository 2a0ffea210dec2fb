import { resolve } from 'node:path';
import { auditedCli } from '../../core/audit/for-cli';
import { isVaultError, VaultError } from '../../core/errors';
import { allowOnly } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { withVaultSecrets } from '../vault-secrets';
import { gunOf, outcomeOf, PASSPHRASE_OPTIONS, passphrasesOf, published, report, SERVER_OPTIONS, serverOf } from './repo-shared';


/**
 * `repo init GUN ...`, `repo resign`, `repo signer` and the lookups (issue 6, point 5): publisher operations on a notary
 * server (`repo rotate` has its own bundle, ./repo-rotate).
 * Passphrases and credentials only from environment variables named on the command line.
 */
export function repo(ctx: CliContext): Promise<number> {
  // --vault-passphrase-env: keys' saved passphrases and offline keys come from the vault for this one command.
  return withVaultSecrets(ctx, () => repoCommand(ctx));
}

async function repoCommand(ctx: CliContext): Promise<number> {
  const [, sub, gunArg, ...rest] = ctx.args.positionals;
  if (sub === 'init') {
    allowOnly(ctx.args, 'repo init', [...SERVER_OPTIONS, ...PASSPHRASE_OPTIONS, 'snapshot']);
    if (rest.length > 0) throw new UsageError(`repo init takes one GUN (got also ${rest.join(' ')})`);
    const gun = gunOf(gunArg, 'repo init GUN');
    const snapshot = ctx.args.values.snapshot ?? 'local';
    if (snapshot !== 'local' && snapshot !== 'server') throw new UsageError(`--snapshot ${snapshot}: local or server`);
    const { initRepository } = await import('../../core/publish/init-repo');
    const server = serverOf(ctx);
    const passphrases = passphrasesOf(ctx);
    const r = await auditedCli(ctx, { action: 'publish.init', gun, detail: `snapshot key ${snapshot === 'server' ? 'on the server' : 'local'}` }, () => initRepository(ctx.trustDir, gun, { server, snapshot, passphrases, dataDir: ctx.dataDir }), published);
    const keys = { root: r.keys.root.id, rootKeyFile: r.keys.root.canonicalId, targets: r.keys.targets, snapshot: r.keys.snapshot, timestamp: r.keys.timestamp };
    return report(ctx, { operation: 'init', gun, snapshotOnServer: r.keys.snapshotOnServer, rootKeyReused: r.keys.root.reused, keys, ...outcomeOf(r) }, [
      `Initialised ${gun} on ${ctx.args.values.server ?? ''}`,
      `  root      ${keys.root} (key file ${keys.rootKeyFile}${r.keys.root.reused ? ', the trust dir\'s existing root key' : ', new'})`,
      `  targets   ${keys.targets}`,
      `  snapshot  ${keys.snapshot}${r.keys.snapshotOnServer ? ' (held by the server)' : ''}`,
      `  timestamp ${keys.timestamp} (held by the server)`,
    ], r);
  }
  if (sub === 'resign') return resign(ctx, gunArg, rest);
  if (sub === 'add' || sub === 'check' || sub === 'archive') return (await import('./repo-lookup')).repoLookup(ctx, sub);
  if (sub === 'signer') return signer(ctx);
  throw new UsageError(`unknown command: repo ${sub ?? '(none)'}; use repo init, rotate, resign, signer add|remove, add, check or archive`);
}

/**
 * `repo resign GUN [--role ROLE[,ROLE...]] [--within-days N]`: re-signs roles nearing expiry with their current keys
 * (issue 6, point 2). `--role` takes one role or a comma list (root, targets, snapshot, targets/<name>).
 */
async function resign(ctx: CliContext, gunArg: string | undefined, rest: string[]): Promise<number> {
  allowOnly(ctx.args, 'repo resign', [...SERVER_OPTIONS, ...PASSPHRASE_OPTIONS, 'role', 'within-days']);
  if (rest.length > 0) throw new UsageError(`repo resign takes one GUN (got also ${rest.join(' ')})`);
  const gun = gunOf(gunArg, 'repo resign GUN');
  const roleArg = ctx.args.values.role;
  const roles = roleArg === undefined ? undefined : roleArg.split(',').map((r) => r.trim()).filter((r) => r !== '');
  if (roles !== undefined && roles.length === 0) throw new UsageError('--role: give root, targets, snapshot or targets/<name> (or a comma list)');
  const daysArg = ctx.args.values['within-days'];
  if (daysArg !== undefined && !/^\d{1,5}$/.test(daysArg)) throw new UsageError(`--within-days ${daysArg}: a whole number of days`);
  if (daysArg !== undefined && roles !== undefined) throw new UsageError('give either --role or --within-days, not both');
  const withinDays = daysArg === undefined ? 90 : Number(daysArg);
  const { resignRepository } = await import('../../core/publish/resign');
  const server = serverOf(ctx);
  const passphrases = passphrasesOf(ctx);
  const r = await auditedCli(
    ctx,
    { action: 'publish.resign', gun, detail: roles ? `roles ${roles.join(', ')}`.slice(0, 500) : `roles expiring within ${withinDays} days` },
    () => resignRepository(ctx.trustDir, gun, { server, passphrases, withinDays, ...(roles ? { roles } : {}) }),
    (o) => ({ ...published(o), detail: (o.resigned.length > 0 ? `re-signed ${o.resigned.join(', ')}` : 'nothing to re-sign').slice(0, 500) }),
  );
  const lines = r.resigned.length > 0 ? [`Re-signed ${r.resigned.join(', ')} of ${gun}`] : [`Nothing to re-sign in ${gun}: no role expires within ${withinDays} days`];
  return report(ctx, { operation: 'resign', gun, resigned: r.resigned, ...outcomeOf(r) }, lines, r);
}

/**
 * `repo signer add GUN NAME --key FILE` and `repo signer remove GUN NAME [--yes]`, as `docker trust signer add/remove`
 * did. `--yes` confirms removing the last signer (or the one that signed the current targets/releases).
 */
async function signer(ctx: CliContext): Promise<number> {
  const [, , action, gunArg, name, ...extra] = ctx.args.positionals;
  if (action !== 'add' && action !== 'remove') throw new UsageError(`unknown command: repo signer ${action ?? '(none)'}; use repo signer add or repo signer remove`);
  const usage = `repo signer ${action} GUN NAME`;
  allowOnly(ctx.args, `repo signer ${action}`, [...SERVER_OPTIONS, ...PASSPHRASE_OPTIONS, action === 'add' ? 'key' : 'yes']);
  if (extra.length > 0) throw new UsageError(`${usage} (got also ${extra.join(' ')})`);
  const gun = gunOf(gunArg, usage);
  if (name === undefined) throw new UsageError(`${usage}: give the signer's NAME`);
  const { addSigner, checkSignerName, removeSigner } = await import('../../core/publish/signers');
  try {
    checkSignerName(name);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const server = serverOf(ctx);
  const now = new Date();
  if (action === 'add') {
    const file = ctx.args.values.key;
    if (file === undefined) throw new UsageError(`${usage} needs --key FILE (the signer's .pub file or a certificate)`);
    const { readSignerKeyFile } = await import('../../core/publish/signer-key-file');
    const read = readSignerKeyFile(resolve(ctx.cwd, file), now);
    const passphrases = passphrasesOf(ctx);
    const r = await auditedCli(
      ctx,
      { action: 'publish.signer-added', gun, role: `targets/${name}`, keyIds: [read.canonicalId], detail: `signer ${name}` },
      () => addSigner(ctx.trustDir, gun, name, { name, keyId: read.id, keyType: read.key.keytype, tufKey: read.key }, { server, passphrases, now }),
      (o) => ({ ...published(o), keyIds: [read.canonicalId, ...o.keysWritten.map((k) => k.id)], detail: `signer ${name}` }),
    );
    return report(ctx, { operation: 'signer-add', gun, signer: name, role: `targets/${name}`, keyId: read.id, canonicalKeyId: read.canonicalId, keyType: read.key.keytype, warnings: [], ...outcomeOf(r) }, [
      `Added signer ${name} to ${gun}: key ${read.canonicalId} (${read.key.keytype}) in targets/${name} and targets/releases`,
    ], r);
  }
  const passphrases = passphrasesOf(ctx);
  const r = await auditedCli(ctx, { action: 'publish.signer-removed', gun, role: `targets/${name}`, detail: `signer ${name}` }, () =>
    removeSigner(ctx.trustDir, gun, name, { server, passphrases, now, confirmation: ctx.args.values.yes === true ? name : undefined }),
  ).catch((e: unknown) => {
    if (isVaultError(e) && e.code === 'CONFIRMATION_REQUIRED') throw new VaultError(e.code, `${e.message} (on the command line: add --yes)`);
    throw e;
  });
  for (const w of r.warnings) if (!ctx.json) ctx.stderr(`trust-vault: warning: ${w}\n`);
  return report(ctx, { operation: 'signer-remove', gun, signer: name, role: `targets/${name}`, warnings: r.warnings, ...outcomeOf(r) }, [`Removed signer ${name} from ${gun}`], r);
}

