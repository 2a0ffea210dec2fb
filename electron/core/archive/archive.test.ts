import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ARCHIVE_FORMAT, type ArchiveManifest } from '../../../shared/dto/archive';
import { makeTempDir } from '../../../test/support/temp-dir';
import { manifestDigest } from './archive-files';
import { inventoryCsv } from './inventory';
import { verifyArchive } from './verify-archive';

/** The archive reader on hostile input: it names the file, never follows a path out, never trusts a manifest it cannot check. */
describe('archive verification on hostile archives', () => {
  const tmp = makeTempDir('tv-archive-');
  afterAll(() => tmp.cleanup());
  let n = 0;
  const archive = (manifest: Omit<ArchiveManifest, 'digest'>, files: Record<string, string> = {}) => {
    const dir = join(tmp.path, `a${++n}`);
    mkdirSync(dir, { recursive: true });
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    writeFileSync(join(dir, 'archive.json'), JSON.stringify({ ...manifest, digest: manifestDigest(manifest) }));
    return dir;
  };
  const empty: Omit<ArchiveManifest, 'digest'> = { format: ARCHIVE_FORMAT, createdAt: '2026-12-07T00:00:00.000Z', repos: [], files: [] };

  it('a folder that is not an archive, and a manifest edited without its digest, name archive.json', () => {
    expect(verifyArchive(join(tmp.path, 'none')).problems).toEqual([{ file: 'archive.json', message: expect.stringMatching(/not a trust-vault archive/) }]);
    const dir = archive(empty);
    writeFileSync(join(dir, 'archive.json'), JSON.stringify({ ...empty, createdAt: '2020-01-01T00:00:00.000Z', digest: manifestDigest(empty) }));
    expect(verifyArchive(dir)).toMatchObject({ ok: false, problems: [{ file: 'archive.json', message: expect.stringMatching(/digest/) }] });
  });

  it('refuses paths out of the archive, links, and files the manifest does not list', () => {
    const dir = archive({ ...empty, files: [{ path: '../outside.txt', sha256: '0'.repeat(64), size: 1 }] }, { 'extra.txt': 'added later' });
    writeFileSync(join(tmp.path, 'outside.txt'), 'x');
    symlinkSync('/etc/hostname', join(dir, 'link.json'));
    const r = verifyArchive(dir);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.file).sort()).toEqual(['archive.json', 'archive.json', 'extra.txt', 'link.json']);
    expect(r.problems.find((p) => p.file === 'extra.txt')!.message).toMatch(/not part of the archive/);
  });

  it('writes CSV that spreadsheet tools read back: quotes where a field needs them', () => {
    const csv = inventoryCsv([
      { gun: 'example.com/a', tag: 'v1,"rc"', digest: 'ab', size: 3, role: 'targets', roleKeyIds: ['k1', 'k2'], verifiedAt: 't', rootKeyIds: ['r'], server: 'http://s' },
    ]);
    expect(csv.split('\r\n')[1]).toBe('example.com/a,"v1,""rc""",ab,3,targets,k1 k2,t,r,http://s');
  });
});
