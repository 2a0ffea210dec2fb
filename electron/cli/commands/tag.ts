import { auditedCli } from '../../core/audit/for-cli';
import { isVaultError, VaultError } from '../../core/errors';
import type { ServerOptions } from '../../core/notary/http-client';
import type { RolePassphrases } from '../../core/publish/init-repo';
import type { PublishOutcome } from '../../core/publish/publish-transaction';
import { parseImageRef } from '../../core/registry/reference';
import { dockerConfigFor, type RegistryAccess } from '../../core/tags/registry-access';
import { allowOnly, type OptionName, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { serverAuthOf } from '../server-auth';
import { UsageError } from '../usage-error';
import { withVaultSecrets } from '../vault-secrets';

const SERVER: OptionName[] = ['server', 'ca', 'user-env', 'password-env', 'token-env'];
const REGISTRY: OptionName[] = ['registry-ca', 'insecure-registry', 'registry-user-env', 'registry-password-env'];
const PASSPHRASES: OptionName[] = ['targets-passphrase-env', 'delegation-passphrase-env', 'snapshot-passphrase-env', 'vault-passphrase-env'];

/** `tag sign|revoke|inspect|list` (issue 14): image tags signed against the registry's real digests. */
export function tag(ctx: CliContext): Promise<number> {
  return withVaultSecrets(ctx, () => tagCommand(ctx));
}

async function tagCommand(ctx: CliContext): Promise<number> {
  const [, sub, ...refs] = ctx.args.positionals;
  if (sub === 'sign') return sign(ctx, refs);
  if (sub === 'revoke') return revoke(ctx, refs);
  if (sub === 'inspect') return inspect(ctx, refs);
  if (sub === 'list') return list(ctx, refs);
  throw new UsageError(`unknown command: tag ${sub ?? '(none)'}; use tag sign, tag revoke, tag inspect or tag list`);
}

function refsOf(refs: string[], usage: string): string[] {
  if (refs.length === 0) throw new UsageError(`${usage}: give at least one reference`);
  for (const r of refs) {
    try {
      parseImageRef(r);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
  }
  return refs;
}

async function sign(ctx: CliContext, refs: string[]): Promise<number> {
  allowOnly(ctx.args, 'tag sign', [...SERVER, ...REGISTRY, ...PASSPHRASES, 'role']);
  refsOf(refs, 'tag sign REF...');
  const server = serverOf(ctx);
  const registry = registryOf(ctx, refs);
  const passphrases = passphrasesOf(ctx);
  const { signTags } = await import('../../core/tags/sign-tags');
  const gun = parseImageRef(refs[0]!).gun;
  const r = await auditedCli(
    ctx,
    { action: 'publish.tags-signed', gun, detail: `tags ${refs.map((x) => parseImageRef(x).tag ?? '').join(', ')}`.slice(0, 500) },
    () => signTags(ctx.trustDir, refs, { server, registry, passphrases, ...(ctx.args.values.role !== undefined ? { role: ctx.args.values.role } : {}) }),
    (o) => ({ role: o.plan.role, detail: o.plan.items.map((i) => `${i.tag} ${i.digest}`).join(', ').slice(0, 500) }),
  );
  for (const m of r.moved) ctx.stderr(`trust-vault: warning: ${r.plan.gun}:${m.tag} now points to ${m.registryNow}; ${m.signed} (what was previewed) was signed\n`);
  const json = { operation: 'tag-sign', gun: r.plan.gun, role: r.plan.role, signedInAs: r.plan.signedInAs, tags: r.plan.items, moved: r.moved, verified: r.verified, ...outcomeOf(r) };
  const lines = [`Signed ${r.plan.items.length} tag(s) of ${r.plan.gun} into ${r.plan.role}${r.verified ? ' (read back from the server)' : ''}:`, ...r.plan.items.map((i) => `  ${i.tag.padEnd(20)} ${i.digest} ${i.size}`)];
  return report(ctx, json, lines, r);
}

async function revoke(ctx: CliContext, refs: string[]): Promise<number> {
  allowOnly(ctx.args, 'tag revoke', [...SERVER, ...PASSPHRASES, 'yes', ...REGISTRY]);
  refsOf(refs, 'tag revoke REF...');
  const server = serverOf(ctx);
  const passphrases = passphrasesOf(ctx);
  const { revokeTags } = await import('../../core/tags/revoke-tags');
  const gun = parseImageRef(refs[0]!).gun;
  const r = await auditedCli(
    ctx,
    { action: 'publish.tags-revoked', gun, detail: refs.join(' ').slice(0, 500) },
    () => revokeTags(ctx.trustDir, refs, { server, passphrases, confirmation: ctx.args.values.yes === true ? gun : undefined }),
    (o) => ({ detail: o.plan.removals.map((x) => `${x.role}: ${x.tags.join(', ')}`).join('; ').slice(0, 500) }),
  ).catch((e: unknown) => {
    if (isVaultError(e) && e.code === 'CONFIRMATION_REQUIRED') throw new VaultError(e.code, `${e.message} (on the command line: add --yes)`);
    throw e;
  });
  for (const s of r.plan.stillSignedElsewhere) ctx.stderr(`trust-vault: warning: ${s.tag} stays signed in ${s.role}, which you hold no key for\n`);
  const json = { operation: 'tag-revoke', gun, removals: r.plan.removals, stillSignedElsewhere: r.plan.stillSignedElsewhere, ...outcomeOf(r) };
  return report(ctx, json, [`Revoked in ${gun}:`, ...r.plan.removals.map((x) => `  ${x.role}: ${x.tags.join(', ')}`)], r);
}

async function inspect(ctx: CliContext, names: string[]): Promise<number> {
  allowOnly(ctx.args, 'tag inspect', SERVER);
  refsOf(names, 'tag inspect NAME[:TAG]...');
  const server = serverOf(ctx);
  const { loadRepoState } = await import('../../core/publish/repo-state');
  const { inspectRepository } = await import('../../core/tags/inspect');
  const out = [];
  for (const name of names) {
    const ref = parseImageRef(name);
    if (ref.digest) throw new UsageError(`tag inspect ${name}: cannot display trust info for a digest reference`);
    const state = await loadRepoState(ctx.trustDir, ref.gun, server);
    out.push(inspectRepository(state, name, ref.tag));
  }
  // docker prints the array indented; --json or not, this is the document scripts read.
  ctx.stdout(`${JSON.stringify(out, null, ctx.json ? undefined : 4)}\n`);
  return 0;
}

async function list(ctx: CliContext, names: string[]): Promise<number> {
  allowOnly(ctx.args, 'tag list', [...SERVER, ...REGISTRY]);
  if (names.length !== 1) throw new UsageError('tag list takes one NAME (REGISTRY/REPO)');
  refsOf(names, 'tag list NAME');
  const { listTags } = await import('../../core/tags/list-tags');
  const r = await listTags(ctx.trustDir, names[0]!, { server: serverOf(ctx), registry: registryOf(ctx, names) });
  if (ctx.json) ctx.stdout(`${JSON.stringify(r.tags)}\n`);
  else {
    const rows = r.tags.map((t) => `${t.tag.padEnd(20)} ${t.digest} ${String(t.size).padStart(8)}  ${t.state}${t.role ? ` (${t.role})` : ''}`);
    ctx.stdout(`${[`${r.gun}${r.signedInAs ? ` (signed in as ${r.signedInAs})` : ''}`, ...rows].join('\n')}\n`);
  }
  return 0;
}

function serverOf(ctx: CliContext): ServerOptions {
  const v = ctx.args.values;
  if (v.server === undefined) throw new UsageError(`tag ${ctx.args.positionals[1] ?? ''} needs --server URL (the notary server)`);
  return { server: v.server, ...(v.ca !== undefined ? { caFile: v.ca } : {}), ...serverAuthOf(ctx) };
}

/** Registry access from the options: given credentials from named variables, else docker's config.json. */
function registryOf(ctx: CliContext, refs: string[]): RegistryAccess {
  const v = ctx.args.values;
  const user = secretFromEnv(ctx.env, 'registry-user-env', v['registry-user-env']);
  const password = secretFromEnv(ctx.env, 'registry-password-env', v['registry-password-env']);
  if ((user === undefined) !== (password === undefined)) throw new UsageError('--registry-user-env and --registry-password-env go together');
  const insecure = v['insecure-registry'] === true ? [...new Set(refs.map((r) => parseImageRef(r).registry))] : [];
  return {
    ...(v['registry-ca'] !== undefined ? { caFile: v['registry-ca'] } : {}),
    insecure,
    ...(user !== undefined && password !== undefined ? { credentials: { user, password } } : { dockerConfigDir: dockerConfigFor(ctx.env) }),
    helperEnv: { ...(ctx.env.PATH ? { PATH: ctx.env.PATH } : {}), ...(ctx.env.HOME ? { HOME: ctx.env.HOME } : {}) },
  };
}

function passphrasesOf(ctx: CliContext): RolePassphrases {
  const env = (option: OptionName) => secretFromEnv(ctx.env, option, ctx.args.values[option] as string | undefined);
  return { targets: env('targets-passphrase-env'), snapshot: env('snapshot-passphrase-env'), delegation: env('delegation-passphrase-env') };
}

function outcomeOf(r: PublishOutcome) {
  return { versions: r.versions, cacheUpdated: r.cacheUpdated, ...(r.cacheProblem ? { cacheProblem: r.cacheProblem } : {}) };
}

function report(ctx: CliContext, json: object, lines: string[], r: PublishOutcome): number {
  if (ctx.json) ctx.stdout(`${JSON.stringify(json)}\n`);
  else {
    const versions = Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ');
    ctx.stdout(`${[...lines, ...(versions ? [`  versions: ${versions}`] : [])].join('\n')}\n`);
  }
  if (r.cacheProblem) ctx.stderr(`trust-vault: warning: ${r.cacheProblem}\n`);
  return 0;
}
