import { resolve } from 'node:path';
import type { ArchiveVerifyResult, ArchiveWriteResult } from '../../../shared/dto/archive';
import type { RepoAddOutcome, RepoCheckResult, RepoLookupPreview } from '../../../shared/dto/repo-lookup';
import { normaliseImageName } from '../../../shared/lookup/image-name';
import { knownServerFor } from '../../../shared/lookup/known-servers';
import { VaultError } from '../../core/errors';
import { allowOnly, type OptionName } from '../args';
import type { CliContext } from '../context';
import { serverAuthOf } from '../server-auth';
import { UsageError } from '../usage-error';

/**
 * `repo add`, `repo check` and `repo archive` (issue 15, point 5): looking repositories up by name with the root made
 * visible, checks that say when and against what, and verified archives. Credentials only from named variables.
 */

const AUTH: OptionName[] = ['user-env', 'password-env', 'token-env'];

export async function repoLookup(ctx: CliContext, sub: 'add' | 'check' | 'archive'): Promise<number> {
  if (sub === 'add') return add(ctx);
  if (sub === 'check') return check(ctx);
  return ctx.args.positionals[2] === 'verify' && ctx.args.values.out === undefined ? archiveVerify(ctx) : archive(ctx);
}

const abs = (ctx: CliContext, p: string | undefined) => (p === undefined ? undefined : resolve(ctx.cwd, p));

function out(ctx: CliContext, json: unknown, text: string[]): void {
  if (ctx.json) ctx.stdout(`${JSON.stringify(json)}\n`);
  else ctx.stdout(`${text.join('\n')}\n`);
}

/** The server to use: --server, else the one remembered for the registry (said so); never a known default silently. */
async function serverFor(ctx: CliContext, name: string): Promise<{ server: string; caFile?: string }> {
  const given = ctx.args.values.server;
  if (given !== undefined) return { server: given, ...(ctx.args.values.ca !== undefined ? { caFile: abs(ctx, ctx.args.values.ca)! } : {}) };
  let registry: string;
  try {
    registry = normaliseImageName(name).registry;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { registryServer } = await import('../../core/repos/lookup/registry-servers');
  const remembered = registryServer(ctx.dataDir, registry);
  if (remembered) {
    if (!ctx.json) ctx.stderr(`trust-vault: using the notary server remembered for ${registry}: ${remembered.server}\n`);
    return remembered;
  }
  const known = knownServerFor(registry);
  const ended = known?.endsOn ? Date.now() >= Date.parse(`${known.endsOn}T00:00:00Z`) + 86_400_000 : false;
  const hint = !known ? '' : ended ? `; ${known.label} ended on ${known.endsOn}` : `; the known one for ${registry} is ${known.url} (${known.label}${known.endsOn ? `, ends ${known.endsOn}` : ''})`;
  throw new UsageError(`repo ${ctx.args.positionals[1]} needs --server URL: no notary server is remembered for ${registry}${hint}`);
}

async function add(ctx: CliContext): Promise<number> {
  allowOnly(ctx.args, 'repo add', ['server', 'ca', 'pin-root-id', 'pin-ca', 'yes', ...AUTH]);
  const [, , name, ...extra] = ctx.args.positionals;
  if (name === undefined) throw new UsageError('repo add NAME: give the image name (alpine, registry.example.com/team/app)');
  if (extra.length > 0) throw new UsageError(`repo add takes one NAME (got also ${extra.join(' ')})`);
  const v = ctx.args.values;
  const pins = v['pin-root-id'] ?? [];
  if (pins.length > 0 && v['pin-ca'] !== undefined) throw new UsageError('give --pin-root-id or --pin-ca, not both');
  for (const p of pins) if (!/^[0-9a-fA-F]{64}$/.test(p)) throw new UsageError(`--pin-root-id ${p}: a key ID is 64 hex characters`);
  const { server, caFile } = await serverFor(ctx, name);
  const options = { server, ...(caFile ? { caFile } : {}), ...serverAuthOf(ctx), now: new Date() };
  const { addRepo, lookupRepo } = await import('../../core/repos/lookup/add-repo');
  if (pins.length === 0 && v['pin-ca'] === undefined && v.yes !== true) {
    // Trust on first use, made visible: nothing is written until the user pins or accepts.
    const { preview } = await lookupRepo(ctx.trustDir, name, options);
    if (!preview.alreadyPinned && preview.configPins.length === 0) {
      if (ctx.json) ctx.stdout(`${JSON.stringify({ ...preview, accepted: false })}\n`);
      else ctx.stdout(`${describePreview(preview).join('\n')}\n`);
      ctx.stderr(`trust-vault: nothing was written: compare these root key IDs with the publisher's, then run again with --pin-root-id ID (or --yes to trust this root on first use)\n`);
      return 2;
    }
  }
  const r = await addRepo(ctx.trustDir, ctx.dataDir, name, {
    ...options,
    ...(pins.length > 0 ? { pinRootIds: pins } : {}),
    ...(v['pin-ca'] !== undefined ? { pinCaFile: abs(ctx, v['pin-ca'])! } : {}),
    acceptFirstUse: v.yes === true,
  });
  if (r.shutdown && !ctx.json) ctx.stderr(`trust-vault: warning: ${r.shutdown}\n`);
  out(ctx, { ...r, accepted: true }, [
    `Added ${r.gun} from ${r.server}: ${r.check.verdict.toUpperCase()} (root ${acceptedText(r)})`,
    ...describePreview(r).slice(1),
    r.pinnedIds.length > 0 ? `  pinned in ${ctx.trustDir}/config.json (trust_pinning.certs): ${r.pinnedIds.join(', ')}` : '',
    r.pinnedCa ? `  pinned CA in ${ctx.trustDir}/config.json (trust_pinning.ca): ${r.pinnedCa}` : '',
    `  cached: ${r.written.join(', ') || 'already up to date'}`,
  ].filter((l) => l !== ''));
  return 0;
}

const acceptedText = (r: RepoAddOutcome) =>
  ({ 'pin-root-id': 'pinned by key ID', 'pin-ca': 'pinned by CA', pinned: 'already pinned in this trust dir', 'first-use': 'trusted on first use' })[r.acceptedBy];

function describePreview(p: RepoLookupPreview): string[] {
  return [
    `${p.gun} on ${p.server}: root version ${p.rootVersion ?? '?'}, ${p.tagCount} signed tag${p.tagCount === 1 ? '' : 's'}${p.shutdown ? ` (${p.shutdown})` : ''}`,
    ...p.rootKeys.map(
      (k) =>
        `  root key ${k.id}${k.canonicalId && k.canonicalId !== k.id ? `\n    key file ID (notary key list) ${k.canonicalId}` : ''}${k.subject !== null ? `\n    certificate CN=${k.subject}, valid until ${k.notAfter?.slice(0, 10) ?? '?'}` : ''}`,
    ),
    ...p.problems.map((q) => `  ${q.code} [${q.role || '-'}] ${q.message}`),
  ];
}

async function check(ctx: CliContext): Promise<number> {
  allowOnly(ctx.args, 'repo check', ['server', 'ca', ...AUTH]);
  const [, , name, ...extra] = ctx.args.positionals;
  if (extra.length > 0) throw new UsageError(`repo check takes at most one NAME (got also ${extra.join(' ')})`);
  if (ctx.args.values.ca !== undefined && ctx.args.values.server === undefined) throw new UsageError('--ca needs --server');
  const options = {
    now: new Date(),
    ...(ctx.args.values.server !== undefined ? { server: ctx.args.values.server } : {}),
    ...(ctx.args.values.ca !== undefined ? { caFile: abs(ctx, ctx.args.values.ca)! } : {}),
    ...serverAuthOf(ctx),
  };
  const { checkAllRepos, checkRepo } = await import('../../core/repos/lookup/check-repo');
  if (name !== undefined) {
    let gun: string;
    try {
      gun = normaliseImageName(name).gun;
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const r = await checkRepo(ctx.trustDir, ctx.dataDir, gun, options);
    out(ctx, r, describeCheck(r));
    return 0;
  }
  const all = await checkAllRepos(ctx.trustDir, ctx.dataDir, { ...options, onProgress: (p) => !ctx.json && ctx.stderr(`[${p.done}/${p.total}] ${p.gun}\n`) });
  out(ctx, all, all.length === 0 ? [`No repositories cached in ${ctx.trustDir}`] : all.flatMap(describeCheck));
  return 0;
}

function age(iso: string, now = Date.now()): string {
  const m = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  return m < 1 ? 'just now' : m < 120 ? `${m} minute${m === 1 ? '' : 's'} ago` : m < 2880 ? `${Math.round(m / 60)} hours ago` : `${Math.round(m / 1440)} days ago`;
}

function describeCheck(r: RepoCheckResult): string[] {
  const against = r.basis.against === 'cache' ? 'the cached data only' : r.basis.against;
  const lines = [`${r.gun}: ${r.verdict.toUpperCase()} (checked ${age(r.basis.checkedAt)} against ${against}${r.basis.cachedAt ? `, cached data from ${age(r.basis.cachedAt)}` : ''})`];
  if (r.last) lines.push(`  last verdict: ${r.last.verdict.toUpperCase()}, ${age(r.last.basis.checkedAt)} against ${r.last.basis.against === 'cache' ? 'the cached data' : r.last.basis.against}`);
  if (r.missingRoles.length > 0) lines.push(`  never fetched: ${r.missingRoles.join(', ')} (repo check with a server fetches them)`);
  if (r.fetched.length > 0) lines.push(`  fetched: ${r.fetched.join(', ')}`);
  if (r.needsServer)
    lines.push(
      `  no notary server is set for ${r.needsServer.registry}: give --server URL${r.needsServer.suggestion ? ` (known: ${r.needsServer.suggestion.url}${r.needsServer.suggestion.endsOn ? `, ends ${r.needsServer.suggestion.endsOn}` : ''})` : ''}`,
    );
  for (const p of r.problems) lines.push(`  ${p.code} [${p.role || '-'}] ${p.message}`);
  return lines;
}

async function archive(ctx: CliContext): Promise<number> {
  allowOnly(ctx.args, 'repo archive', ['out', 'server', 'ca', ...AUTH]);
  const names = ctx.args.positionals.slice(2);
  if (names.length === 0) throw new UsageError('repo archive NAME... --out DIR --server URL: name at least one repository');
  const outDir = abs(ctx, ctx.args.values.out);
  if (outDir === undefined) throw new UsageError('repo archive needs --out DIR (a new or empty folder)');
  const { server, caFile } = await serverFor(ctx, names[0]!);
  const { writeArchive } = await import('../../core/archive');
  const r: ArchiveWriteResult = await writeArchive(outDir, names, {
    trustDir: ctx.trustDir,
    server,
    ...(caFile ? { caFile } : {}),
    ...serverAuthOf(ctx),
    now: new Date(),
    onProgress: (p) => !ctx.json && ctx.stderr(`[${p.done}/${p.total}] ${p.gun}\n`),
  });
  if (!ctx.json) for (const w of r.warnings) ctx.stderr(`trust-vault: warning: ${w}\n`);
  out(ctx, r, [`Archived ${r.repos.map((x) => `${x.gun} (${x.tagCount} tags)`).join(', ')} into ${r.dir}`, `  inventory: inventory.json, inventory.csv (${r.rows} rows)`]);
  return 0;
}

async function archiveVerify(ctx: CliContext): Promise<number> {
  allowOnly(ctx.args, 'repo archive verify', []);
  const [, , , dir, ...extra] = ctx.args.positionals;
  if (dir === undefined || extra.length > 0) throw new UsageError('repo archive verify DIR: give one archive folder');
  const { verifyArchive } = await import('../../core/archive');
  const r: ArchiveVerifyResult = verifyArchive(abs(ctx, dir)!);
  out(ctx, r, r.ok ? [`${r.dir}: verified (${r.repos.map((x) => `${x.gun}: ${x.tagCount} tags`).join(', ')})`] : [`${r.dir}: DAMAGED`, ...r.problems.map((p) => `  ${p.file}: ${p.message}`)]);
  if (!r.ok) {
    const first = r.problems[0]!;
    throw new VaultError('ARCHIVE_DAMAGED', `the archive does not verify: ${first.file}: ${first.message}`);
  }
  return 0;
}
