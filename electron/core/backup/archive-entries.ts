import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync, lstatSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ArchiveVerifyResult } from '../../../shared/dto/archive';
import { MANIFEST as ARCHIVE_MANIFEST, readRegularFile } from '../archive/archive-files';
import { verifyArchive } from '../archive/verify-archive';
import { VaultError, ioError } from '../errors';
import { array, object, ShapeError, str } from './json-shape';
import type { TarInput } from './tar';

/**
 * Verified trust-data archives (issue 15, point 3) carried in a vault backup on request. They sit in the tar under
 * `trust-data-archives/<archive folder name>/...`, files as they are, so `age -d | tar -xz` gives back a folder that
 * `repo archive verify` accepts; the manifest's optional `trustDataArchives` lists each file's SHA-256. They are
 * public metadata, never keys: restore never writes them into a trust dir, only into a folder the user names.
 */

export const ARCHIVES_DIR = 'trust-data-archives';

export interface ManifestArchive {
  /** The archive's folder name, also its folder in the tar. */
  name: string;
  guns: string[];
  /** Relative to the archive folder, with `/`; `archive.json` included. */
  files: { path: string; sha256: string }[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const safeRelative = (p: string) => p.length > 0 && p.length <= 1024 && !p.startsWith('/') && !p.split('/').some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'));

export const checkManifestArchives = array(
  object<ManifestArchive>({
    name: str(128, NAME),
    guns: array(str(255), 10_000),
    files: array(
      object<{ path: string; sha256: string }>({
        path: (v, at) => {
          if (typeof v !== 'string' || !safeRelative(v)) throw new ShapeError(`${at} is not a relative path`);
          return v;
        },
        sha256: str(64, /^[0-9a-f]{64}$/),
      }),
      200_000,
    ),
  }),
  1000,
);

const firstProblem = (r: ArchiveVerifyResult) => {
  const p = r.problems[0];
  return p ? `${p.file}: ${p.message}${r.problems.length > 1 ? ` (and ${r.problems.length - 1} more problems)` : ''}` : 'does not verify';
};

/**
 * Verifies each archive folder (verifyArchive) and reads its files, for the backup's tar. A damaged archive refuses
 * the whole backup, naming the file: a backup that carries a bad record would be worse than none.
 */
export function packArchives(dirs: string[]): { manifest: ManifestArchive[]; entries: TarInput[] } {
  const manifest: ManifestArchive[] = [];
  const entries: TarInput[] = dirs.length > 0 ? [{ path: ARCHIVES_DIR, type: 'dir', mode: 0o700 }] : [];
  const dirsSeen = new Set<string>();
  for (const dir of dirs) {
    const name = basename(resolve(dir));
    if (!NAME.test(name)) throw new VaultError('INVALID_ARGUMENT', `Archive folder name ${JSON.stringify(name)} (${dir}): use letters, digits, '.', '_' and '-'`);
    if (manifest.some((m) => m.name === name)) throw new VaultError('INVALID_ARGUMENT', `Two archives named ${name}: each archive in a backup needs its own folder name`);
    const result = verifyArchive(dir);
    if (!result.ok) throw new VaultError('ARCHIVE_DAMAGED', `The archive ${dir} does not verify, so it is not backed up: ${join(dir, firstProblem(result))}`);
    const rels = [ARCHIVE_MANIFEST, ...listedFiles(dir)];
    const files: ManifestArchive['files'] = [];
    for (const rel of [...new Set(rels)].sort()) {
      let data: Buffer;
      try {
        data = readRegularFile(join(dir, ...rel.split('/')));
      } catch (e) {
        throw ioError('Could not read', join(dir, rel), e);
      }
      const path = `${ARCHIVES_DIR}/${name}/${rel}`;
      const parts = path.split('/');
      for (let i = 2; i < parts.length; i++) {
        const d = parts.slice(0, i).join('/');
        if (!dirsSeen.has(d)) entries.push({ path: d, type: 'dir', mode: 0o700 });
        dirsSeen.add(d);
      }
      entries.push({ path, type: 'file', mode: 0o600, data });
      files.push({ path: rel, sha256: sha256(data) });
    }
    manifest.push({ name, guns: result.repos.map((r) => r.gun), files });
  }
  return { manifest, entries };
}

/** The files the archive's own manifest lists (verifyArchive already checked it holds nothing else). */
function listedFiles(dir: string): string[] {
  const m = JSON.parse(readRegularFile(join(dir, ARCHIVE_MANIFEST)).toString('utf8')) as { files: { path: string }[] };
  return m.files.map((f) => f.path);
}

/** Does a tar entry belong to a carried archive? Such entries are kept apart from keys and roots when opening. */
export const isArchiveEntry = (path: string) => path.startsWith(`${ARCHIVES_DIR}/`);

/** Plain-words problems of the archives in an opened backup against its manifest; empty when they all match. */
export function archiveDifferences(listed: ManifestArchive[] | undefined, files: Map<string, Buffer>): string[] {
  const lines: string[] = [];
  const expected = new Set<string>();
  for (const a of listed ?? []) {
    for (const f of a.files) {
      const path = `${ARCHIVES_DIR}/${a.name}/${f.path}`;
      expected.add(path);
      const data = files.get(path);
      if (!data) lines.push(`The manifest lists ${path} of the trust-data archive ${a.name} but the backup does not hold it.`);
      else if (sha256(data) !== f.sha256) lines.push(`${path} of the trust-data archive ${a.name} does not match the manifest's hash.`);
    }
  }
  for (const path of files.keys()) if (!expected.has(path)) lines.push(`The backup holds ${path}, which the manifest does not list.`);
  return lines;
}

/**
 * Writes the backup's archives into `toDir/<name>/` (never over an existing folder; each first into a hidden temp
 * folder, then renamed, so nothing is half-written) and verifies each result with verifyArchive.
 */
export function extractArchives(listed: ManifestArchive[] | undefined, files: Map<string, Buffer>, toDir: string): ArchiveVerifyResult[] {
  const archives = listed ?? [];
  if (archives.length === 0) throw new VaultError('NOT_FOUND', 'The backup holds no trust-data archive');
  const problems = archiveDifferences(archives, files);
  if (problems.length > 0) throw new VaultError('BACKUP_DAMAGED', problems[0]!);
  const st = lstatSync(toDir, { throwIfNoEntry: false });
  if (!st?.isDirectory()) throw new VaultError('NOT_FOUND', `${toDir} is not a folder`);
  for (const a of archives) {
    if (lstatSync(join(toDir, a.name), { throwIfNoEntry: false })) throw new VaultError('ALREADY_EXISTS', `${join(toDir, a.name)} already exists; nothing was written`);
  }
  const results: ArchiveVerifyResult[] = [];
  for (const a of archives) {
    const temp = join(toDir, `.${a.name}.partial-${randomBytes(6).toString('hex')}`);
    try {
      for (const f of a.files) {
        const parts = f.path.split('/');
        mkdirSync(join(temp, ...parts.slice(0, -1)), { recursive: true, mode: 0o755 });
        writeFileSync(join(temp, ...parts), files.get(`${ARCHIVES_DIR}/${a.name}/${f.path}`)!, { flag: 'wx', mode: 0o644 });
      }
      renameSync(temp, join(toDir, a.name));
    } catch (e) {
      rmSync(temp, { recursive: true, force: true });
      throw ioError('Could not write', join(toDir, a.name), e);
    }
    results.push(verifyArchive(join(toDir, a.name)));
  }
  return results;
}
