import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir';
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

describe('KeyStaging (restore writes key files as the archive streams, all or none)', () => {
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

  it('stages hidden 0600 temporary files, places them only when asked, and leaves no temporary file', async () => {
    const trust = join(tmp.path, 'fresh', 'trust');
    const staging = new KeyStaging(trust);
    const opened = await openBackup(archive('ok.tar.gz'), undefined, { staging });
    // Staged: nothing is at a key file's name yet, and no key's bytes are held in memory.
    const staged = readdirSync(join(trust, 'private'));
    expect(staged).toHaveLength(3);
    expect(staged.every((n) => /^\.[0-9a-f]{64}\.key\.[0-9a-f]{12}\.tmp$/.test(n))).toBe(true);
    expect(staged.every((n) => (statSync(join(trust, 'private', n)).mode & 0o777) === 0o600)).toBe(true);
    expect([...opened.keys.values()].every((k) => k.data === null && k.staged)).toBe(true);

    const candidates = restoreCandidates(opened, trust);
    const report = await applyRestore(opened, trust, { keyPaths: candidates.keys.map((k) => k.path), rootGuns: [] });
    staging.discard();
    expect(report.written.sort()).toEqual(keys.map((k) => k.file).sort());
    expect(readdirSync(join(trust, 'private')).sort()).toEqual(keys.map((k) => `${k.id}.key`).sort());
    for (const k of keys) expect(readFileSync(join(trust, k.file)).equals(readFileSync(k.path))).toBe(true);
  });

  it('a backup that fails to read half-way leaves the trust dir as it was, folders made for it included', async () => {
    const bytes = readFileSync(archive('cut.tar.gz'));
    const cut = join(tmp.path, 'cut-short.tar.gz');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 40));
    const trust = join(tmp.path, 'never', 'trust');
    mkdirSync(join(tmp.path, 'never'));
    await expect(openBackup(cut, undefined, { staging: new KeyStaging(trust) })).rejects.toMatchObject({ code: expect.stringMatching(/BACKUP_TRUNCATED|BACKUP_DAMAGED/) });
    expect(existsSync(trust)).toBe(false);

    const existing = join(tmp.path, 'existing');
    generateKey(existing, { role: 'alice', algorithm: 'ecdsa', passphrase: 'key passphrase' });
    const before = tree(existing);
    await expect(openBackup(cut, undefined, { staging: new KeyStaging(existing) })).rejects.toThrow();
    expect(tree(existing)).toEqual(before);
  });

  it('all or none: a key file that appears at one of the names stops placing, and nothing of it stays', async () => {
    const trust = join(tmp.path, 'race');
    generateKey(trust, { role: 'alice', algorithm: 'ecdsa', passphrase: 'key passphrase' });
    const before = tree(trust);
    const staging = new KeyStaging(trust);
    const files = keys.map((k) => ({ temp: staging.stage(k.file, k.id, readFileSync(k.path))!, path: join(trust, k.file) }));
    // Another process writes the last key after the archive was checked (applyRestore looks again; link() decides).
    writeFileSync(files[2]!.path, 'someone else', { mode: 0o600 });
    await expect(staging.place(files)).rejects.toThrow(/already exists; it was not overwritten/);
    staging.discard();
    expect(tree(trust)).toEqual({ ...before, [keys[2]!.file]: `file 100600 ${Buffer.from('someone else').toString('base64')}` });
    await expect(staging.place([{ temp: join(trust, 'private', 'x.tmp'), path: join(trust, 'private', 'x.key') }])).rejects.toThrow(/was not staged by this restore/);
  });

  it('stages nothing for a key the trust dir already has (by path or by ID): a second restore touches nothing', async () => {
    const trust = join(tmp.path, 'twice');
    const file = archive('twice.tar.gz');
    const first = new KeyStaging(trust);
    const opened = await openBackup(file, undefined, { staging: first });
    await applyRestore(opened, trust, { keyPaths: restoreCandidates(opened, trust).keys.map((k) => k.path), rootGuns: [] });
    first.discard();
    const before = tree(trust);
    const mtime = statSync(join(trust, 'private')).mtimeMs;
    const again = new KeyStaging(trust);
    const reopened = await openBackup(file, undefined, { staging: again });
    expect([...reopened.keys.values()].some((k) => k.staged)).toBe(false);
    const report = await applyRestore(reopened, trust, { keyPaths: restoreCandidates(reopened, trust).keys.map((k) => k.path), rootGuns: [] });
    again.discard();
    expect(report.written).toEqual([]);
    expect(tree(trust)).toEqual(before);
    expect(statSync(join(trust, 'private')).mtimeMs).toBe(mtime);
  });
});
