import { join, resolve } from 'node:path';
import type { RecoveryAction, RecoveryPlan, RecoveryStep } from '../../../shared/dto/recovery';
import type { TokenInfo } from '../../../shared/dto/tokens';
import { silentEvents, systemClock } from '../../core/ports';
import { minimalChildEnv } from '../../core/process/child-env';
import { consumerNotice, consumerNoticeFromCache } from '../../core/recovery/consumer-notice';
import { allowOnly, secretEnvNames } from '../args';
import type { CliContext } from '../context';
import { requireUsableModule } from '../module-check';
import { serverAuthOf } from '../server-auth';
import { UsageError } from '../usage-error';
import { checkGun, checkKeyId } from '../validate';

/**
 * `recover plan GUN [--server URL [--ca FILE] [auth]] [--module PATH]` (issue 6, point 5): which keys of each role
 * you still have, what is lost, and the steps that recover it, in order. Reads only; exits 0 whenever a plan is made.
 * `recover notice GUN --server URL [--id ROOT-KEY-ID]`: the notice for consumers after a new root (the ID defaults
 * to the root the trust dir now pins).
 */
export async function recoverCommand(ctx: CliContext): Promise<number> {
  const [, sub, gunArg, ...rest] = ctx.args.positionals;
  if (sub !== 'plan' && sub !== 'notice') throw new UsageError(`unknown command: recover ${sub ?? '(none)'}`);
  if (gunArg === undefined) throw new UsageError(`recover ${sub} needs a GUN`);
  if (rest.length > 0) throw new UsageError(`recover ${sub} takes one GUN (got also ${rest.join(' ')})`);
  const gun = checkGun(gunArg);
  return sub === 'plan' ? plan(ctx, gun) : notice(ctx, gun);
}

async function plan(ctx: CliContext, gun: string): Promise<number> {
  allowOnly(ctx.args, 'recover plan', ['server', 'ca', 'user-env', 'password-env', 'token-env', 'insecure-http', 'module']);
  const v = ctx.args.values;
  if (v.server === undefined) for (const k of ['ca', 'user-env', 'password-env', 'token-env', 'insecure-http'] as const) if (v[k] !== undefined) throw new UsageError(`--${k} needs --server`);
  const server = v.server === undefined ? undefined : { server: v.server, ...(v.ca !== undefined ? { caFile: resolve(ctx.cwd, v.ca) } : {}), ...serverAuthOf(ctx) };
  const tokens = await knownTokens(ctx);
  // Loaded here: `keys list` and the rest of the CLI start without the planner.
  const { recoveryPlanFor } = await import('../../core/recovery/recovery-service');
  const result = await recoveryPlanFor(ctx.trustDir, gun, {
    now: new Date(),
    dataDir: ctx.dataDir,
    tokens,
    scan: { cacheDir: ctx.cacheDir },
    ...(server ? { server } : {}),
    commands: v['trust-dir'] !== undefined ? { trustDir: ctx.trustDir } : {},
  });
  ctx.stdout(ctx.json ? `${JSON.stringify(result)}\n` : describePlan(result));
  return 0;
}

async function notice(ctx: CliContext, gun: string): Promise<number> {
  allowOnly(ctx.args, 'recover notice', ['server', 'id']);
  const v = ctx.args.values;
  if (v.server === undefined) throw new UsageError('recover notice needs --server URL: the notice tells consumers where the repository is');
  if (v.id !== undefined && v.id.length !== 1) throw new UsageError('recover notice takes one --id (the new root key ID)');
  const given = v.id?.[0];
  const out = (rootKeyId: string, text: string) => ctx.stdout(ctx.json ? `${JSON.stringify({ gun, server: v.server, rootKeyId, text })}\n` : text);
  if (given !== undefined) {
    const id = checkKeyId(given);
    out(id, consumerNotice(gun, id, v.server));
    return 0;
  }
  const n = consumerNoticeFromCache(ctx.trustDir, gun, v.server);
  out(n.rootKeyId, n.text);
  return 0;
}

/**
 * Tokens plugged in now, so a root key on a token counts. Token work runs in the worker process beside the built
 * CLI; a module named with --module that cannot be used is the command's error (one found by default is skipped).
 */
async function knownTokens(ctx: CliContext): Promise<TokenInfo[]> {
  const module = ctx.args.values.module;
  const [{ TokenService }, { createTokenClient }, { forkWorkerHost }] = await Promise.all([
    import('../../core/token/token-service'),
    import('../../core/token/pkcs11/client'),
    import('../../core/token/worker-host'),
  ]);
  const service = new TokenService({
    client: createTokenClient(forkWorkerHost(join(__dirname, 'token-worker.js'), [], () => minimalChildEnv(ctx.env, secretEnvNames(ctx.args)))),
    dataDir: ctx.dataDir,
    events: silentEvents,
    clock: systemClock,
    modulesOverride: () => (module !== undefined ? resolve(ctx.cwd, module) : ctx.env.TRUST_VAULT_PKCS11_MODULES),
  });
  try {
    const found = await service.diagnostics();
    requireUsableModule(ctx, found);
    return found.tokens;
  } finally {
    await service.close();
  }
}


const STATUS_WORDS = { have: 'HAVE', 'backup-only': 'BACKUP ONLY', 'server-held': 'SERVER', lost: 'LOST' } as const;

function describePlan(p: RecoveryPlan): string {
  const from = p.source.kind === 'cache' ? `the cache in ${p.source.trustDir}` : p.source.server;
  const lines = [`Recovery plan for ${p.gun} (from ${from})`, '', 'Keys:'];
  for (const r of p.roles) lines.push(`  ${STATUS_WORDS[r.status].padEnd(11)} ${r.summary}`);
  lines.push('', p.lost.length > 0 ? `Lost: ${p.lost.join(', ')}` : 'Nothing is lost.');
  if (p.rootLoss) {
    const l = p.rootLoss;
    lines.push('', l.statement, `Searched: ${l.searched.keyFiles} key files, tokens: ${l.searched.tokens.join(', ') || 'none connected'}, ${l.searched.backups} backups in the ledger.`);
    lines.push(l.hostedRegistryNote, 'Until each consumer forgets the old root, docker and notary refuse the repository with one of:', ...l.consumerErrors.map((e) => `  ${e}`), 'Each consumer then:');
    for (const s of l.consumerReset) lines.push(`  - ${s}`);
  }
  if (p.steps.length > 0) {
    lines.push('', 'Steps:');
    p.steps.forEach((s, i) => lines.push(...stepLines(s, i + 1)));
  }
  if (p.notes.length > 0) lines.push('', 'Notes:', ...p.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}

function stepLines(s: RecoveryStep, n: number): string[] {
  const head = `  ${n}. ${s.title}${s.options.length > 1 ? ' (do one of these)' : ''}`;
  if (s.options.length === 1) return [head, ...actionLines(s.options[0]!, '       ')];
  return [head, ...s.options.flatMap((a, i) => [`     ${String.fromCharCode(97 + i)}) ${a.title}`, ...actionLines(a, '        ')])];
}

function actionLines(a: RecoveryAction, indent: string): string[] {
  return [
    `${indent}changes on the server: ${a.changesOnServer ?? 'nothing'}`,
    ...(a.needsKeys.length > 0 ? [`${indent}needs: ${a.needsKeys.map((k) => `the ${k.role} key (${k.keyIds.join(', ')})`).join(', ')}`] : []),
    ...a.commands.map((c) => `${indent}$ ${c}`),
    `${indent}${a.possibleNow ? 'possible now' : `not yet: ${a.blockedBy ?? ''}`}`,
  ];
}
