import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARCHIVE_FORMAT,
  type ArchivedRepo,
  type ArchiveInventoryRow,
  type ArchiveManifest,
  type ArchiveProblem,
  type ArchiveVerifyResult,
} from '../../../shared/dto/archive';
import { WARNING_PROBLEMS } from '../../../shared/dto/status';
import { verifyRepo } from '../tuf/cache-status';
import { isSafeGun } from '../tuf/gun';
import { StatusReport } from '../tuf/report';
import { type LoadResult, parseSignedFile, type SignedFile } from '../tuf/signed-file';
import { rootKeyViews, rootVersionOf } from '../repos/lookup/root-keys';
import { INVENTORY_CSV, INVENTORY_JSON, MANIFEST, manifestDigest, metadataPath, readRegularFile, rootChainPath, sha256Hex } from './archive-files';
import { byGunAndTag, inventoryCsv, inventoryJson, inventoryRows } from './inventory';
import { rootChainProblems } from './root-chain';

/** Files walked at most when looking for files the manifest does not list. */
const MAX_FILES = 200_000;

/**
 * Verifies an archive offline (issue 15, point 4): the manifest's self-digest, every file's SHA-256 and size, no file
 * the manifest does not list, each repository's metadata verified as notary would have at the time it was archived
 * (signatures, thresholds, snapshot and timestamp hashes, delegations), its root chain, and the inventory recomputed
 * from the metadata equal to inventory.json and inventory.csv byte for byte. Every problem names the file. Reads only.
 */
export function verifyArchive(dir: string): ArchiveVerifyResult {
  const problems: ArchiveProblem[] = [];
  const fail = (file: string, message: string) => problems.push({ file, message });
  const manifest = readManifest(dir, fail);
  if (!manifest) return { dir, ok: false, problems, repos: [], rows: [] };

  const bytes = new Map<string, Buffer>();
  for (const f of manifest.files) {
    if (!safeRelative(f.path)) {
      fail(MANIFEST, `lists a path outside the archive: ${JSON.stringify(f.path)}`);
      continue;
    }
    let data: Buffer;
    try {
      data = readRegularFile(join(dir, ...f.path.split('/')));
    } catch (e) {
      fail(f.path, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `unreadable: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (data.length !== f.size || sha256Hex(data) !== f.sha256) fail(f.path, `changed since the archive was written (SHA-256 ${sha256Hex(data)}, expected ${f.sha256})`);
    bytes.set(f.path, data);
  }
  const listed = new Set([MANIFEST, ...manifest.files.map((f) => f.path)]);
  for (const extra of walk(dir)) if (!listed.has(extra)) fail(extra, 'not part of the archive (added after it was written)');

  const rows: ArchiveInventoryRow[] = [];
  for (const repo of manifest.repos) rows.push(...verifyRepoPart(repo, bytes, fail));
  rows.sort(byGunAndTag);
  const json = bytes.get(INVENTORY_JSON);
  if (json && !json.equals(Buffer.from(inventoryJson(rows)))) fail(INVENTORY_JSON, 'does not match the inventory recomputed from the verified metadata');
  const csv = bytes.get(INVENTORY_CSV);
  if (csv && !csv.equals(Buffer.from(inventoryCsv(rows)))) fail(INVENTORY_CSV, 'does not match the inventory recomputed from the verified metadata');
  if (!listed.has(INVENTORY_JSON)) fail(MANIFEST, 'lists no inventory.json');

  const unique = problems.filter((p, i) => problems.findIndex((q) => q.file === p.file && q.message === p.message) === i);
  return { dir, ok: unique.length === 0, problems: unique, repos: manifest.repos, rows };
}

function readManifest(dir: string, fail: (file: string, message: string) => void): ArchiveManifest | null {
  let m: ArchiveManifest;
  try {
    m = JSON.parse(readRegularFile(join(dir, MANIFEST)).toString('utf8')) as ArchiveManifest;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(MANIFEST, code === 'ENOENT' ? `missing: ${dir} is not a trust-vault archive` : `unreadable: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  const shapeOk =
    typeof m === 'object' && m !== null && m.format === ARCHIVE_FORMAT && Array.isArray(m.files) && Array.isArray(m.repos) && typeof m.digest === 'string' &&
    m.files.every((f) => typeof f?.path === 'string' && typeof f.sha256 === 'string' && Number.isSafeInteger(f.size)) &&
    m.repos.every((r) => typeof r?.gun === 'string' && isSafeGun(r.gun) && typeof r.server === 'string' && typeof r.verifiedAt === 'string' && Array.isArray(r.rootKeyIds));
  if (!shapeOk) {
    fail(MANIFEST, `not a ${ARCHIVE_FORMAT} manifest`);
    return null;
  }
  let digest: string;
  try {
    digest = manifestDigest(m);
  } catch {
    digest = '';
  }
  if (digest !== m.digest) {
    fail(MANIFEST, 'changed since the archive was written (its digest does not match its content)');
    return null;
  }
  return m;
}

function verifyRepoPart(repo: ArchivedRepo, bytes: Map<string, Buffer>, fail: (file: string, message: string) => void): ArchiveInventoryRow[] {
  const source = (role: string): LoadResult => {
    const b = bytes.get(metadataPath(repo.gun, role));
    return b ? parseSignedFile(b) : { ok: false, missing: true, reason: 'not in the archive' };
  };
  const verifiedAt = new Date(repo.verifiedAt);
  const report = new StatusReport(repo.gun, Number.isNaN(verifiedAt.getTime()) ? new Date(0) : verifiedAt);
  verifyRepo(report, source);
  const status = report.result();
  for (const p of status.problems)
    if (!WARNING_PROBLEMS.includes(p.code)) fail(metadataPath(repo.gun, p.role && p.role !== '' ? p.role : 'root'), `${p.code}: ${p.message}`);

  const root = source('root');
  if (root.ok) {
    const ids = rootKeyViews(root.file).map((k) => k.id);
    if (ids.join(' ') !== repo.rootKeyIds.join(' ')) fail(metadataPath(repo.gun, 'root'), `root keys ${ids.join(', ')} are not the ones the manifest records`);
    const chain: SignedFile[] = [root.file];
    const names = new Map<number, string>([[rootVersionOf(root.file) ?? 0, metadataPath(repo.gun, 'root')]]);
    for (const [path, b] of bytes) {
      const m = new RegExp(`^tuf/${escape(repo.gun)}/root-chain/(\\d+)\\.root\\.json$`).exec(path);
      if (!m) continue;
      const p = parseSignedFile(b);
      if (!p.ok || rootVersionOf(p.file) !== Number(m[1])) {
        fail(path, 'is not the root version its name says');
        continue;
      }
      chain.push(p.file);
      names.set(Number(m[1]), rootChainPath(repo.gun, Number(m[1])));
    }
    for (const [v, why] of rootChainProblems(chain)) fail(names.get(v) ?? metadataPath(repo.gun, 'root'), why);
  }
  return inventoryRows(status, repo.server, repo.verifiedAt);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const safeRelative = (p: string) => p.length > 0 && !p.startsWith('/') && !p.split('/').some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'));

/** Every entry below `dir` that is not a folder (files, links, anything), relative with `/`. */
function walk(dir: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    let names: string[];
    try {
      names = readdirSync(join(dir, rel));
    } catch {
      return;
    }
    for (const n of names) {
      if (out.length >= MAX_FILES) return;
      const r = rel ? `${rel}/${n}` : n;
      const st = lstatSync(join(dir, r), { throwIfNoEntry: false });
      if (st?.isDirectory()) visit(r);
      else out.push(r);
    }
  };
  visit('');
  return out;
}
