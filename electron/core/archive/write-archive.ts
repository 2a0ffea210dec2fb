import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ARCHIVE_FORMAT, type ArchivedFile, type ArchivedRepo, type ArchiveInventoryRow, type ArchiveManifest, type ArchiveWriteResult } from '../../../shared/dto/archive';
import { WARNING_PROBLEMS } from '../../../shared/dto/status';
import { normaliseImageName } from '../../../shared/lookup/image-name';
import { shutdownNotice } from '../../../shared/lookup/known-servers';
import { VaultError } from '../errors';
import { writeNewFilesAtomically } from '../fs/atomic-write';
import { NotaryHttpClient, type ServerAuth } from '../notary/http-client';
import { unreachableError, unreachableProblem } from '../repos/lookup/fetch-failure';
import { rootKeyViews, rootVersionOf } from '../repos/lookup/root-keys';
import { checkServerUrl } from '../repos/server-check';
import { fetchServerRepo } from '../tuf/remote-status';
import { parseSignedFile, type SignedFile } from '../tuf/signed-file';
import { INVENTORY_CSV, INVENTORY_JSON, MANIFEST, manifestDigest, metadataPath, rootChainPath, sha256Hex } from './archive-files';
import { byGunAndTag, inventoryCsv, inventoryJson, inventoryRows } from './inventory';
import { rootChainProblems } from './root-chain';

export interface ArchiveOptions {
  /** The trust dir whose pinned roots the fetched data is verified against (a repository it lacks is trusted on first use). */
  trustDir: string;
  /** The server every repository is fetched from; or `serverFor`, per repository (the app: each one's remembered server). */
  server?: string;
  caFile?: string;
  serverFor?: (gun: string) => { server: string; caFile?: string };
  auth?: ServerAuth;
  now: Date;
  timeoutMs?: number;
  /** After each repository is fetched and verified. */
  onProgress?: (p: { done: number; total: number; gun: string }) => void;
}

/** Root versions fetched below the current one at most (a longer history is cut, and the gap noted). */
const MAX_ROOT_VERSIONS = 100;

interface RepoPart {
  repo: ArchivedRepo;
  files: { path: string; data: Buffer }[];
  rows: ArchiveInventoryRow[];
  warnings: string[];
}

/**
 * Fetches every repository named (root chain, timestamp, snapshot, targets, every delegation), verifies it, and writes
 * the archive into `outDir` (which must not exist, or be empty), all or nothing: it is built in a sibling folder and
 * renamed into place only when complete. An unreachable server, a repository it does not have, or data that does not
 * verify stops the whole archive with nothing written.
 */
export async function writeArchive(outDir: string, names: string[], options: ArchiveOptions): Promise<ArchiveWriteResult> {
  if (names.length === 0) throw new VaultError('INVALID_ARGUMENT', 'name at least one repository to archive');
  if (existsSync(outDir) && (!statSync(outDir).isDirectory() || readdirSync(outDir).length > 0))
    throw new VaultError('ALREADY_EXISTS', `${outDir} already exists and is not an empty folder; choose a new one`);
  const guns = [...new Set(names.map((n) => gunOf(n)))];
  const serverOf = (gun: string) => {
    const s = options.serverFor?.(gun) ?? (options.server !== undefined ? { server: options.server, caFile: options.caFile } : null);
    if (!s) throw new VaultError('INVALID_ARGUMENT', `no notary server is set for ${gun}`);
    return { server: checkServerUrl(s.server), caFile: s.caFile };
  };
  const servers = new Map(guns.map((g) => [g, serverOf(g)] as const));
  const verifiedAt = options.now.toISOString();
  const parts: RepoPart[] = [];
  for (const gun of guns) {
    const { server, caFile } = servers.get(gun)!;
    parts.push(await archiveRepo(gun, server, verifiedAt, { ...options, caFile }));
    options.onProgress?.({ done: parts.length, total: guns.length, gun });
  }

  const rows = parts.flatMap((p) => p.rows).sort(byGunAndTag);
  const files = [
    ...parts.flatMap((p) => p.files),
    { path: INVENTORY_JSON, data: Buffer.from(inventoryJson(rows)) },
    { path: INVENTORY_CSV, data: Buffer.from(inventoryCsv(rows)) },
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
  const listed: ArchivedFile[] = files.map((f) => ({ path: f.path, sha256: sha256Hex(f.data), size: f.data.length }));
  const body = { format: ARCHIVE_FORMAT, createdAt: verifiedAt, repos: parts.map((p) => p.repo), files: listed } as const;
  const manifest: ArchiveManifest = { ...body, digest: manifestDigest(body) };
  files.push({ path: MANIFEST, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) });

  const staging = join(dirname(outDir), `.${basename(outDir)}.partial-${randomBytes(6).toString('hex')}`);
  try {
    writeNewFilesAtomically(files.map((f) => ({ path: join(staging, ...f.path.split('/')), data: f.data })));
    if (existsSync(outDir)) rmdirSync(outDir); // empty, checked above
    renameSync(staging, outDir);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const warnings = [...new Set(parts.flatMap((p) => p.warnings))];
  return { dir: outDir, repos: parts.map((p) => p.repo), rows: rows.length, warnings };
}

function gunOf(name: string): string {
  try {
    return normaliseImageName(name).gun;
  } catch (e) {
    throw new VaultError('INVALID_ARGUMENT', e instanceof Error ? e.message : String(e));
  }
}

async function archiveRepo(gun: string, server: string, verifiedAt: string, options: ArchiveOptions): Promise<RepoPart> {
  const serverOptions = { server, caFile: options.caFile, auth: options.auth, now: options.now, timeoutMs: options.timeoutMs ?? 30_000 };
  const fetched = await fetchServerRepo(options.trustDir, gun, serverOptions);
  const down = unreachableProblem(fetched.status.problems, fetched.missing);
  if (down) throw unreachableError(down, server);
  if (fetched.missing) throw new VaultError('NOT_FOUND', `${server} has no trust data for ${gun}`);
  const bad = fetched.status.problems.filter((p) => !WARNING_PROBLEMS.includes(p.code));
  if (bad.length > 0)
    throw new VaultError('TRUST_DATA_BROKEN', `${gun} on ${server} does not verify (${bad.slice(0, 3).map((p) => `${p.code} ${p.role}`).join(', ')}); nothing was written`);
  const rootBytes = fetched.files.get('root');
  const parsedRoot = rootBytes ? parseSignedFile(rootBytes) : null;
  if (!parsedRoot?.ok) throw new VaultError('TRUST_DATA_BROKEN', `${server} served no readable root.json for ${gun}`);
  const root = parsedRoot.file;
  const version = rootVersionOf(root) ?? 1;

  // The root chain: every earlier version the server keeps, each checked against the next.
  const client = new NotaryHttpClient(serverOptions);
  const chain: { version: number; file: SignedFile; bytes: Buffer }[] = [];
  const missingRootVersions: number[] = [];
  for (let v = Math.max(1, version - MAX_ROOT_VERSIONS); v < version; v++) {
    const r = await client.getTuf(gun, `${v}.root.json`);
    if (!r.ok) {
      if (r.notFound) {
        missingRootVersions.push(v);
        continue;
      }
      throw new VaultError('SERVER_ERROR', `${server}: ${v}.root.json of ${gun}: ${r.failure.message}`);
    }
    const p = parseSignedFile(r.bytes);
    if (!p.ok || rootVersionOf(p.file) !== v) throw new VaultError('TRUST_DATA_BROKEN', `${server}: ${v}.root.json of ${gun} is not root version ${v}`);
    chain.push({ version: v, file: p.file, bytes: r.bytes });
  }
  const chainProblems = rootChainProblems([...chain.map((c) => c.file), root]);
  if (chainProblems.size > 0) throw new VaultError('TRUST_DATA_BROKEN', `${gun}: ${[...chainProblems.values()].join('; ')}; nothing was written`);

  const firstUse = fetched.status.problems.some((p) => p.code === 'FIRST_USE');
  const rows = inventoryRows(fetched.status, server, verifiedAt);
  const repo: ArchivedRepo = {
    gun,
    server,
    verifiedAt,
    rootVersion: version,
    rootKeyIds: rootKeyViews(root).map((k) => k.id),
    rootTrust: firstUse ? 'first-use' : 'pinned',
    tagCount: rows.length,
    missingRootVersions,
  };
  const files = [
    ...[...fetched.files].map(([role, data]) => ({ path: metadataPath(gun, role), data })),
    ...chain.map((c) => ({ path: rootChainPath(gun, c.version), data: c.bytes })),
  ];
  const warnings: string[] = [];
  const notice = shutdownNotice(server, options.now);
  if (notice) warnings.push(notice.message);
  if (firstUse)
    warnings.push(`${gun}: no root was pinned in the trust folder, so its root (keys ${repo.rootKeyIds.join(', ')}) was trusted on first use; compare it with the publisher's`);
  return { repo, files, rows, warnings };
}
