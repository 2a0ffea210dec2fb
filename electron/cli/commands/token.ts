import { join, resolve } from 'node:path';
import type { TokenInfo } from '../../../shared/dto/tokens';
import { auditedCli } from '../../core/audit/for-cli';
import { VaultError } from '../../core/errors';
import { silentEvents, systemClock } from '../../core/ports';
import { createTokenClient } from '../../core/token/pkcs11/client';
import { TokenService } from '../../core/token/token-service';
import { forkWorkerHost } from '../../core/token/worker-host';
import { minimalChildEnv } from '../../core/process/child-env';
import { allowOnly, secretEnvNames, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { requireUsableModule } from '../module-check';
import { UsageError } from '../usage-error';

/**
 * `token list` and `token generate-root` (issue 5, point 8), over the same token service as the app, with the
 * PKCS#11 work in a child process (dist/electron/token-worker.js, built beside this CLI).
 */

function serviceFor(ctx: CliContext): TokenService {
  const module = ctx.args.values.module;
  return new TokenService({
    client: createTokenClient(forkWorkerHost(join(__dirname, 'token-worker.js'), [], () => minimalChildEnv(ctx.env, secretEnvNames(ctx.args)))),
    dataDir: ctx.dataDir,
    events: silentEvents,
    clock: systemClock,
    modulesOverride: () => (module === undefined ? ctx.env.TRUST_VAULT_PKCS11_MODULES : resolve(ctx.cwd, module)),
  });
}

const listJson = (tokens: TokenInfo[]) =>
  tokens.map((t) => ({
    id: t.id,
    label: t.label,
    serial: t.serial,
    slot: t.slot,
    module: t.modulePath,
    manufacturer: t.manufacturer,
    model: t.model,
    firmware: t.firmware,
    flags: t.flags,
    advisories: t.advisories,
    keys: t.keys.map((k) => ({ id: k.id, role: k.role, algorithm: k.algorithm, ckaId: k.ckaId, label: k.label, extractable: k.extractable })),
  }));

const listText = (tokens: TokenInfo[]) =>
  tokens.length === 0
    ? 'No tokens found\n'
    : tokens
        .map(
          (t) =>
            `${t.label} (serial ${t.serial}, slot ${t.slot}) via ${t.modulePath}\n` +
            (t.keys.map((k) => `  ${k.id}  ${k.role ?? k.label}  ${k.algorithm ?? '?'}  CKA_ID ${k.ckaId}\n`).join('') || '  no keys visible (some appear only after login)\n') +
            t.advisories.map((a) => `  ! ${a.id}: ${a.title}\n`).join(''),
        )
        .join('');

async function list(ctx: CliContext, service: TokenService): Promise<number> {
  allowOnly(ctx.args, 'token list', ['module']);
  // A module named on the command line that cannot be used is an error, not an empty list.
  if (ctx.args.values.module !== undefined) requireUsableModule(ctx, await service.diagnostics());
  const tokens = await service.list();
  ctx.stdout(ctx.json ? `${JSON.stringify(listJson(tokens))}\n` : listText(tokens));
  return 0;
}

async function generateRoot(ctx: CliContext, service: TokenService): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'token generate-root', ['module', 'token', 'pin-env', 'on-device', 'passphrase-env']);
  if (!v.module || !v.token || !v['pin-env']) throw new UsageError('token generate-root needs --module PATH, --token LABEL and --pin-env VAR');
  if (!v['on-device'] && !v['passphrase-env']) throw new UsageError('token generate-root needs --passphrase-env VAR for the backup file (or --on-device: no backup)');
  if (v['on-device'] && v['passphrase-env']) throw new UsageError('--on-device makes a key that cannot be backed up: --passphrase-env does not apply');
  const pin = secretFromEnv(ctx.env, 'pin-env', v['pin-env'])!;
  const passphrase = secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env']);
  requireUsableModule(ctx, await service.diagnostics());
  const token = (await service.list()).find((t) => t.label === v.token);
  if (!token) throw new VaultError('TOKEN_NOT_PRESENT', `No token labelled "${v.token}" in ${v.module}`);
  const way = v['on-device'] ? 'on-device' : 'import';
  const tokenNote = `${token.label} (serial ${token.serial})`.slice(0, 400);
  await auditedCli(ctx, { action: 'token.login', detail: tokenNote }, () => service.login(token.id, pin, false));
  const created = await auditedCli(
    ctx,
    { action: 'token.root-generated', role: 'root', detail: `${way} on ${tokenNote}` },
    () => service.generateRoot(ctx.trustDir, token.id, way, passphrase),
    (r) => ({ keyIds: [r.id], detail: `${way} on ${tokenNote}${r.backupFile ? `, backup ${r.backupFile}` : ', no backup possible'}`.slice(0, 500) }),
  );
  ctx.stdout(
    ctx.json
      ? `${JSON.stringify(created)}\n`
      : `Root key ${created.id} on ${created.token.label} (CKA_ID ${created.ckaId}), ` +
          (created.backupFile ? `backed up encrypted to ${join(ctx.trustDir, created.backupFile)}\n` : 'made on the token: it cannot be backed up\n'),
  );
  return 0;
}

export async function token(ctx: CliContext): Promise<number> {
  const sub = ctx.args.positionals[1];
  if (ctx.args.positionals.length > 2) throw new UsageError(`token ${sub} takes no arguments`);
  const service = serviceFor(ctx);
  try {
    if (sub === 'list') return await list(ctx, service);
    if (sub === 'generate-root') return await generateRoot(ctx, service);
    throw new UsageError(`unknown command: token ${sub ?? '(none)'}`);
  } finally {
    await service.close();
  }
}
