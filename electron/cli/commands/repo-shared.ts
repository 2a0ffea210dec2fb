import type { ServerOptions } from '../../core/notary/http-client';
import type { RolePassphrases } from '../../core/publish/init-repo';
import type { PublishOutcome } from '../../core/publish/publish-transaction';
import { type OptionName, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { serverAuthOf } from '../server-auth';
import { UsageError } from '../usage-error';
import { checkGun } from '../validate';

/** What every `repo` publisher command shares: its options, and how it reads them and reports a publish. */
export const SERVER_OPTIONS: OptionName[] = ['server', 'ca', 'user-env', 'password-env', 'token-env', 'insecure-http'];
export const PASSPHRASE_OPTIONS: OptionName[] = ['root-passphrase-env', 'targets-passphrase-env', 'snapshot-passphrase-env', 'delegation-passphrase-env', 'vault-passphrase-env'];

export function gunOf(gun: string | undefined, usage: string): string {
  if (gun === undefined) throw new UsageError(`${usage}: give the GUN`);
  return checkGun(gun);
}

/** What the audit log records of a publish: the key IDs written, and those retired. */
export function published(r: PublishOutcome) {
  return { keyIds: r.keysWritten.map((k) => k.id), detail: (r.keysRemoved.length > 0 ? `retired ${r.keysRemoved.join(', ')}` : r.cacheUpdated ? null : 'cache not refreshed')?.slice(0, 500) ?? null };
}

export function outcomeOf(r: PublishOutcome) {
  return {
    versions: r.versions,
    keysWritten: r.keysWritten,
    keysRemoved: r.keysRemoved,
    cacheUpdated: r.cacheUpdated,
    ...(r.cacheProblem ? { cacheProblem: r.cacheProblem } : {}),
  };
}

export function report(ctx: CliContext, json: object, lines: string[], r: PublishOutcome): number {
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

export function serverOf(ctx: CliContext): ServerOptions {
  const v = ctx.args.values;
  if (v.server === undefined) throw new UsageError(`repo ${ctx.args.positionals[1] ?? ''} needs --server URL`);
  return { server: v.server, ...(v.ca !== undefined ? { caFile: v.ca } : {}), ...serverAuthOf(ctx) };
}

export function passphrasesOf(ctx: CliContext): RolePassphrases {
  const env = (option: OptionName) => secretFromEnv(ctx.env, option, ctx.args.values[option] as string | undefined);
  return {
    root: env('root-passphrase-env'),
    targets: env('targets-passphrase-env'),
    snapshot: env('snapshot-passphrase-env'),
    delegation: env('delegation-passphrase-env'),
  };
}
