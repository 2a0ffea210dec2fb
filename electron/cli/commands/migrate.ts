import { resolve } from 'node:path';
import { auditedCli } from '../../core/audit/for-cli';
import type { KitKeyChoice } from '../../core/migrate/kit';
import type { NotationSubject } from '../../core/migrate/notation-cert';
import { allowOnly, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { serverAuthOf } from '../server-auth';
import { UsageError } from '../usage-error';

/**
 * `migrate kit NAME --to cosign|notation --server URL --out DIR [--key-id ID | --new-key] ...` writes the migration
 * kit (electron/core/migrate/kit.ts) for repository NAME from its trust data fetched now and verified;
 * `migrate verify-statement FILE [--server URL] [--inventory FILE]` checks a transition statement against the
 * consumer's pinned trust data (exit 0 valid, 1 not).
 */
export async function migrate(ctx: CliContext): Promise<number> {
  const sub = ctx.args.positionals[1];
  if (sub === 'kit') return kit(ctx);
  if (sub === 'verify-statement') return verify(ctx);
  throw new UsageError(`unknown command: migrate ${sub ?? '(none)'} (migrate kit, migrate verify-statement)`);
}

const AUTH = ['ca', 'user-env', 'password-env', 'token-env'] as const;

/** "C=US, ST=WA, L=Seattle, O=Example, CN=name" → the subject fields. */
export function parseSubject(text: string): NotationSubject {
  const fields: Record<string, string> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(part);
    if (!m) throw new UsageError(`--subject: "${part.trim()}" is not NAME=VALUE`);
    const name = m[1]!.toUpperCase();
    if (!['C', 'ST', 'L', 'O', 'CN'].includes(name)) throw new UsageError(`--subject: ${name} is not one of C, ST, L, O, CN`);
    fields[name] = m[2]!;
  }
  for (const need of ['C', 'ST', 'O', 'CN']) if (!fields[need]) throw new UsageError(`--subject needs ${need}= (Notation trust policies require C, ST and O)`);
  return { country: fields.C!, state: fields.ST!, organization: fields.O!, commonName: fields.CN!, ...(fields.L ? { locality: fields.L } : {}) };
}

async function kit(ctx: CliContext): Promise<number> {
  allowOnly(ctx.args, 'migrate kit', [
    'to', 'server', 'out', 'key-id', 'new-key', 'passphrase-env', 'new-passphrase-env', 'targets-passphrase-env', 'root-passphrase-env',
    'image', 'legacy-label', 'name', 'subject', 'valid-days', 'archive', ...AUTH,
  ]);
  const v = ctx.args.values;
  const gun = ctx.args.positionals[2];
  if (!gun || ctx.args.positionals.length > 3) throw new UsageError('migrate kit takes one repository name (GUN)');
  if (v.to !== 'cosign' && v.to !== 'notation') throw new UsageError('--to must be cosign or notation');
  if ((v.server === undefined) === (v.archive === undefined)) throw new UsageError('migrate kit needs --server URL (trust data fetched now and verified) or --archive DIR (a verified trust-data archive), one of them');
  if (v.archive !== undefined) for (const k of AUTH) if (v[k] !== undefined) throw new UsageError(`--${k} goes with --server, not --archive`);
  if (!v.out) throw new UsageError('migrate kit needs --out DIR (a new or empty folder)');
  if (v['key-id'] !== undefined && v['new-key']) throw new UsageError('give --key-id ID or --new-key, not both');
  if (v.to === 'cosign' && !v['new-passphrase-env']) throw new UsageError('a cosign kit needs --new-passphrase-env VAR (the passphrase of cosign.key)');
  if (v.to === 'cosign') for (const k of ['name', 'subject', 'valid-days'] as const) if (v[k] !== undefined) throw new UsageError(`--${k} is for --to notation`);
  if (v.to === 'notation' && v['legacy-label']) throw new UsageError('--legacy-label is for --to cosign');
  let notation: { name: string; subject: NotationSubject; validDays: number } | undefined;
  if (v.to === 'notation') {
    if (!v.name || !v.subject) throw new UsageError('a Notation kit needs --name KEYNAME and --subject "C=..,ST=..,O=..,CN=.."');
    const days = v['valid-days'] === undefined ? 365 : Number(v['valid-days']);
    if (!Number.isInteger(days)) throw new UsageError('--valid-days must be a whole number of days');
    notation = { name: v.name, subject: parseSubject(v.subject), validDays: days };
  }
  const key: KitKeyChoice = v['new-key'] ? { kind: 'new' } : v['key-id'] !== undefined ? { kind: 'existing', id: v['key-id'] } : { kind: 'targets' };
  const keyPassphrase = secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env']);
  const newPassphrase = secretFromEnv(ctx.env, 'new-passphrase-env', v['new-passphrase-env']);
  const targetsPassphrase = secretFromEnv(ctx.env, 'targets-passphrase-env', v['targets-passphrase-env']);
  const rootPassphrase = secretFromEnv(ctx.env, 'root-passphrase-env', v['root-passphrase-env']);
  const outDir = resolve(ctx.cwd, v.out);
  const { trustDataFromArchive, trustDataFromServer } = await import('../../core/migrate/trust-data');
  const { writeKit } = await import('../../core/migrate/kit');
  const now = new Date();
  const data = v.archive !== undefined
    ? trustDataFromArchive(resolve(ctx.cwd, v.archive), gun)
    : await trustDataFromServer(ctx.trustDir, gun, { server: v.server!, ...(v.ca !== undefined ? { caFile: v.ca } : {}), ...serverAuthOf(ctx) }, now);
  const result = await auditedCli(
    ctx,
    { action: 'key.exported', gun, detail: `migration kit for ${v.to} in ${outDir}` },
    () => writeKit({
      trustDir: ctx.trustDir, to: v.to as 'cosign' | 'notation', outDir, key, data, now,
      ...(keyPassphrase !== undefined ? { keyPassphrase } : {}),
      ...(newPassphrase !== undefined ? { newPassphrase } : {}),
      ...(targetsPassphrase !== undefined ? { targetsPassphrase } : {}),
      ...(rootPassphrase !== undefined ? { rootPassphrase } : {}),
      ...(v.image !== undefined ? { image: v.image } : {}),
      ...(v['legacy-label'] ? { cosignLabel: 'ENCRYPTED COSIGN PRIVATE KEY' as const } : {}),
      ...(notation ? { notation } : {}),
    }),
    (r) => ({ keyIds: [r.keyId] }),
  );
  if (ctx.json) ctx.stdout(`${JSON.stringify(result)}\n`);
  else {
    ctx.stdout(`Kit for ${v.to} written to ${outDir}: ${result.files.join(', ')}\n`);
    ctx.stdout(`${result.tagCount} tags carried over (inventory sha256 ${result.inventorySha256}); ${result.newKey ? 'a new key' : `key ${result.keyId}`}\n`);
    for (const n of result.notes) ctx.stdout(`note: ${n}\n`);
    ctx.stdout('Next: read CHECKLIST.md, review the signing script before running it.\n');
  }
  return 0;
}

async function verify(ctx: CliContext): Promise<number> {
  allowOnly(ctx.args, 'migrate verify-statement', ['server', 'inventory', ...AUTH]);
  const v = ctx.args.values;
  const file = ctx.args.positionals[2];
  if (!file || ctx.args.positionals.length > 3) throw new UsageError('migrate verify-statement takes one FILE');
  if (!v.server) for (const k of AUTH) if (v[k] !== undefined) throw new UsageError(`--${k} needs --server`);
  const { readSmallInput, verifyStatementFor } = await import('../../core/migrate/verify-statement');
  const statement = readSmallInput(resolve(ctx.cwd, file), 'statement');
  const inventory = v.inventory !== undefined ? readSmallInput(resolve(ctx.cwd, v.inventory), 'inventory') : undefined;
  const server = v.server ? { server: v.server, ...(v.ca !== undefined ? { caFile: v.ca } : {}), ...serverAuthOf(ctx) } : undefined;
  const r = await verifyStatementFor(ctx.trustDir, statement, { now: new Date(), ...(server ? { server } : {}), ...(inventory ? { inventory } : {}) });
  const out = {
    valid: r.valid,
    problems: r.problems,
    repository: r.statement?.repository ?? null,
    date: r.statement?.date ?? null,
    newTool: r.statement?.newTool ?? null,
    newPublicKeySha256: r.newPublicKeySha256,
    inventorySha256: r.statement?.inventorySha256 ?? null,
    tagCount: r.statement?.tagCount ?? null,
    signedByTargets: r.signedByTargets,
    signedByRoot: r.signedByRoot,
    trustedBy: r.trustedBy,
    firstUse: r.firstUse,
    inventoryMatches: r.inventoryMatches,
  };
  if (ctx.json) ctx.stdout(`${JSON.stringify(out)}\n`);
  else {
    ctx.stdout(`${r.valid ? 'VALID' : 'NOT VALID'}: transition statement for ${out.repository ?? '?'} (${out.newTool ?? '?'}, ${out.date ?? '?'})\n`);
    for (const p of r.problems) ctx.stdout(`  problem: ${p}\n`);
    ctx.stdout(`  checked against ${r.trustedBy}\n  new public key sha256 ${out.newPublicKeySha256 ?? '?'}\n  inventory sha256 ${out.inventorySha256 ?? '?'} (${out.tagCount ?? '?'} tags)\n`);
    if (r.firstUse) ctx.stdout('  warning: nothing was pinned for this repository, so the server\'s root was trusted on first use\n');
  }
  if (!r.valid) ctx.stderr(`trust-vault: the transition statement is not valid: ${r.problems.join('; ')}\n`);
  return r.valid ? 0 : 1;
}
