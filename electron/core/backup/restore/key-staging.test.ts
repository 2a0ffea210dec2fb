import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { snapshotTree } from '../../../../test/support/tree-snapshot';
import { generateKey } from '../../keys/store/generate-key';
import { openBackup } from '../open-backup';
import { gzipDeterministic, packTar, type TarInput } from '../tar';
import { applyRestore } from './apply-restore';
import { KeyStaging } from './key-staging';
import { restoreCandidates } from './restore-preview';

/** Every file and folder under `dir` (relative), with its mode and bytes: "as it was" means this is equal. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      out[relative(dir, p)] = e.isDirectory() ? `dir ${statSync(p).mode.toString(8)}` : `file ${statSync(p).mode.toString(8)} ${readFileSync(p).toString('base64')}`;
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

describe('KeyStaging (a restore stages key files as the archive streams, then places them all or none)', () => {
  const tmp = makeTempDir('tv-key-staging-');
  afterAll(() => tmp.cleanup());
  const source = join(tmp.path, 'source');
  const keys = [
    generateKey(source, { role: 'root', algorithm: 'ecdsa', passphrase: 'key passphrase' }).key,
    generateKey(source, { role: 'targets', gun: 'example.com/app', algorithm: 'ecdsa', passphrase: 'key passphrase' }).key,
    generateKey(source, { role: 'snapshot', gun: 'example.com/app', algorithm: 'ecdsa', passphrase: 'key passphrase' }).key,
  ];
  const archive = (name: string) => {
    const files: TarInput[] = [{ path: 'private', type: 'dir', mode: 0o700 }, ...keys.map((k): TarInput => ({ path: k.file, type: 'file', mode: 0o600, data: readFileSync(k.path) }))];
    const file = join(tmp.path, name);
    writeFileSync(file, gzipDeterministic(packTar(files, { mtime: new Date('2026-12-07T12:00:00Z') })));
    return file;
  };

  it('stages key files in the data dir, touches the trust dir only to place them, and leaves nothing staged', async () => {
    const trust = join(tmp.path, 'fresh', 'trust');
    const data = join(tmp.path, 'fresh', 'data');
    const staging = new KeyStaging(trust, data);
    const opened = await openBackup(archive('ok.tar.gz'), undefined, { staging });
    // Staged: the trust dir does not even exist yet, and no key's bytes are held in memory.
    expect(existsSync(trust)).toBe(false);
    const [folder] = readdirSync(join(data, 'restore-staging'));
    const staged = readdirSync(join(data, 'restore-staging', folder!));
    expect(staged.sort()).toEqual(['1.key', '2.key', '3.key']);
    expect(staged.every((n) => (statSync(join(data, 'restore-staging', folder!, n)).mode & 0o777) === 0o600)).toBe(true);
    expect([...opened.keys.values()].every((k) => k.data === null && k.staged)).toBe(true);

    const candidates = restoreCandidates(opened, trust);
    const report = await applyRestore(opened, trust, { keyPaths: candidates.keys.map((k) => k.path), rootGuns: [] });
    staging.discard();
    expect(report.written.sort()).toEqual(keys.map((k) => k.file).sort());
    expect(readdirSync(join(trust, 'private')).sort()).toEqual(keys.map((k) => `${k.id}.key`).sort());
    expect(statSync(join(trust, 'private')).mode & 0o777).toBe(0o700);
    for (const k of keys) expect(readFileSync(join(trust, k.file)).equals(readFileSync(k.path))).toBe(true);
    expect(readdirSync(join(data, 'restore-staging'))).toEqual([]);
  });

  // /dev/shm is a tmpfs, so a hard link from there into the temp folder fails with EXDEV.
  const otherFs = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(tmp.path).dev;
  it.runIf(otherFs)('a data dir on another file system: each key file is copied, synced and linked in, 0600, nothing left beside it', async () => {
    const data = mkdtempSync(join('/dev/shm', 'tv-key-staging-data-'));
    try {
      const trust = join(tmp.path, 'cross', 'trust');
      const staging = new KeyStaging(trust, data);
      const opened = await openBackup(archive('cross.tar.gz'), undefined, { staging });
      const report = await applyRestore(opened, trust, { keyPaths: restoreCandidates(opened, trust).keys.map((k) => k.path), rootGuns: [] });
      staging.discard();
      expect(report.written.sort()).toEqual(keys.map((k) => k.file).sort());
      expect(readdirSync(join(trust, 'private')).sort()).toEqual(keys.map((k) => `${k.id}.key`).sort());
      for (const k of keys) {
        expect(readFileSync(join(trust, k.file)).equals(readFileSync(k.path))).toBe(true);
        expect(statSync(join(trust, k.file)).mode & 0o777).toBe(0o600);
      }
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('a backup that fails to read half-way leaves the trust dir exactly as it was, and nothing staged', async () => {
    const bytes = readFileSync(archive('cut.tar.gz'));
    const cut = join(tmp.path, 'cut-short.tar.gz');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 40));
    const data = join(tmp.path, 'cut-data');
    const existing = join(tmp.path, 'existing');
    generateKey(existing, { role: 'alice', algorithm: 'ecdsa', passphrase: 'key passphrase' });
    const before = snapshotTree(existing);
    await expect(openBackup(cut, undefined, { staging: new KeyStaging(existing, data) })).rejects.toMatchObject({ code: expect.stringMatching(/BACKUP_TRUNCATED|BACKUP_DAMAGED/) });
    expect(snapshotTree(existing)).toEqual(before);
    expect(readdirSync(join(data, 'restore-staging'))).toEqual([]);
  });

  it('a staging folder left by a killed restore is removed by a later one once an hour old', () => {
    const data = join(tmp.path, 'stale-data');
    const old = join(data, 'restore-staging', `${Date.now() - 2 * 3600_000}-0123456789ab`);
    const young = join(data, 'restore-staging', `${Date.now() - 60_000}-ba9876543210`);
    for (const d of [old, young]) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, '1.key'), 'staged');
    }
    const staging = new KeyStaging(join(tmp.path, 'stale-trust'), data);
    staging.stage(keys[0]!.file, keys[0]!.id, readFileSync(keys[0]!.path));
    expect(existsSync(old)).toBe(false);
    expect(existsSync(young)).toBe(true);
    staging.discard();
  });

  it('all or none: a key file that appears at one of the names stops placing, and nothing of it stays', async () => {
    const trust = join(tmp.path, 'race');
    generateKey(trust, { role: 'alice', algorithm: 'ecdsa', passphrase: 'key passphrase' });
    const before = tree(trust);
    const staging = new KeyStaging(trust, join(tmp.path, 'race-data'));
    const files = keys.map((k) => ({ temp: staging.stage(k.file, k.id, readFileSync(k.path))!, path: join(trust, k.file) }));
    // Another process writes the last key after the archive was checked (applyRestore looks again; link() decides).
    writeFileSync(files[2]!.path, 'someone else', { mode: 0o600 });
    await expect(staging.place(files)).rejects.toThrow(/already exists; it was not overwritten/);
    staging.discard();
    expect(tree(trust)).toEqual({ ...before, [keys[2]!.file]: `file 100600 ${Buffer.from('someone else').toString('base64')}` });
    expect(readdirSync(join(tmp.path, 'race-data', 'restore-staging'))).toEqual([]);
    await expect(staging.place([{ temp: join(trust, 'private', 'x.tmp'), path: join(trust, 'private', 'x.key') }])).rejects.toThrow(/was not staged by this restore/);
  });

  it('stages nothing for a key the trust dir already has (by path or by ID): a second restore touches nothing', async () => {
    const trust = join(tmp.path, 'twice');
    const file = archive('twice.tar.gz');
    const first = new KeyStaging(trust, join(tmp.path, 'twice-data'));
    const opened = await openBackup(file, undefined, { staging: first });
    await applyRestore(opened, trust, { keyPaths: restoreCandidates(opened, trust).keys.map((k) => k.path), rootGuns: [] });
    first.discard();
    const before = snapshotTree(trust);
    const again = new KeyStaging(trust, join(tmp.path, 'twice-data'));
    const reopened = await openBackup(file, undefined, { staging: again });
    expect([...reopened.keys.values()].some((k) => k.staged)).toBe(false);
    const report = await applyRestore(reopened, trust, { keyPaths: restoreCandidates(reopened, trust).keys.map((k) => k.path), rootGuns: [] });
    again.discard();
    expect(report.written).toEqual([]);
    expect(snapshotTree(trust)).toEqual(before);
  });
});
