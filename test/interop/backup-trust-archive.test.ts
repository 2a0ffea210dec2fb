import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { writeArchive } from '../../electron/core/archive';
import { ageCliDecrypt } from '../support/age-cli';
import { publishRepoWithDelegation } from '../support/notary-repo';
import { notaryTestBed } from '../support/notary-test-bed';
import { scriptedCore } from '../support/scripted-core';
import { rememberArchive } from '../../electron/core/backup/written-archives';
import type { BackupCreated, WrittenArchive } from '../../shared/dto/backups';

/**
 * Issue 15, point 3: a verified trust-data archive (of a repository the real notary CLI published to a loopback
 * notary-server) carried in a vault backup on request. The real age CLI and GNU tar unpack it into a folder that
 * `repo archive verify` accepts; a damaged archive refuses the backup; restore extracts it only where asked.
 */
describe('trust-data archives in backups (interop with notary, notary-server, age, tar)', () => {
  const bed = notaryTestBed('tv-backup-archive-');
  const gun = 'example.com/backup/app';
  const trust = () => bed.dir('publisher');
  const env = { BP: 'backup passphrase for archives 1' };
  let archive = '';
  const setUp = async () => {
    if (archive) return;
    publishRepoWithDelegation(bed.notary, trust(), bed.tmp.path, gun, [
      { name: 'v1', content: 'first\n' },
      { name: 'latest', content: 'second\n' },
    ]);
    archive = bed.dir('app-archive');
    await writeArchive(archive, [gun], { trustDir: trust(), server: bed.server.url, now: new Date() });
  };
  const run = async (trustDir: string, args: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli([...args, '--trust-dir', trustDir, '--data-dir', bed.dir('cli-data'), '--json'], {
      stdout: (t) => (out += t.toString()), stderr: (t) => (err += t), env, cwd: bed.tmp.path,
    });
    return { code, out, err };
  };

  it('backup create --include-archive carries it; verify checks it; age -d | tar -xz gives a folder repo archive verify accepts', async () => {
    await setUp();
    const made = await run(trust(), ['backup', 'create', '--out', 'with-archive.tar.gz.age', '--passphrase-env', 'BP', '--include-archive', archive]);
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    const result = JSON.parse(made.out);
    expect(result.trustDataArchives).toEqual([{ name: 'app-archive', guns: [gun], files: expect.any(Number) }]);
    expect(result.verify).toMatchObject({ ok: true, trustDataArchives: ['app-archive'] });

    const verified = await run(trust(), ['backup', 'verify', join(bed.tmp.path, 'with-archive.tar.gz.age'), '--passphrase-env', 'BP']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({ ok: true, trustDataArchives: ['app-archive'] });

    // The real age CLI and GNU tar: the archive folder comes out as it was, and verifies.
    const tgz = join(bed.tmp.path, 'plain.tar.gz');
    await ageCliDecrypt(join(bed.tmp.path, 'with-archive.tar.gz.age'), tgz, env.BP);
    const out = bed.dir('unpacked');
    mkdirSync(out, { recursive: true });
    execFileSync('tar', ['-xzf', tgz, '-C', out]);
    const manifest = JSON.parse(readFileSync(join(out, 'trust-vault-backup-manifest.json'), 'utf8'));
    expect(manifest.trustDataArchives[0]).toMatchObject({ name: 'app-archive', guns: [gun] });
    expect(manifest.trustDataArchives[0].files.map((f: { path: string }) => f.path)).toContain('archive.json');
    const extracted = join(out, 'trust-data-archives', 'app-archive');
    expect(readFileSync(join(extracted, 'inventory.json'))).toEqual(readFileSync(join(archive, 'inventory.json')));
    const check = await run(trust(), ['repo', 'archive', 'verify', extracted]);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.out).ok).toBe(true);

    // backup verify holds the archive's files against the manifest: one byte changed in the tar is named.
    const inv = join(extracted, 'inventory.csv');
    writeFileSync(inv, `${readFileSync(inv, 'utf8')} `);
    const retarred = join(bed.tmp.path, 'tampered.tar.gz');
    execFileSync('tar', ['-czf', retarred, '-C', out, '.']);
    const tampered = await run(trust(), ['backup', 'verify', retarred]);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.out).differences).toContain("trust-data-archives/app-archive/inventory.csv of the trust-data archive app-archive does not match the manifest's hash.");
  });

  it('a damaged archive refuses the backup, naming the file, and writes nothing', async () => {
    await setUp();
    const damaged = bed.dir('damaged-archive');
    await writeArchive(damaged, [gun], { trustDir: trust(), server: bed.server.url, now: new Date() });
    const targets = join(damaged, 'tuf', gun, 'metadata', 'targets.json');
    const bytes = readFileSync(targets);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 1, bytes.length - 3);
    writeFileSync(targets, bytes);
    const refused = await run(trust(), ['backup', 'create', '--out', 'refused.tar.gz.age', '--passphrase-env', 'BP', '--include-archive', damaged]);
    expect(refused.code).not.toBe(0);
    expect(refused.err + refused.out).toMatch(/ARCHIVE_DAMAGED|does not verify/);
    expect(refused.err + refused.out).toContain(`tuf/${gun}/metadata/targets.json`);
    expect(existsSync(join(bed.tmp.path, 'refused.tar.gz.age'))).toBe(false);
  });

  it('restore --archives-to extracts the archive there (never into the trust dir) and verifies it', async () => {
    await setUp();
    const file = join(bed.tmp.path, 'for-restore.tar.gz.age');
    expect((await run(trust(), ['backup', 'create', '--out', file, '--passphrase-env', 'BP', '--include-archive', archive])).code).toBe(0);
    const target = bed.fresh();
    const to = bed.dir('restored-archives');
    mkdirSync(to, { recursive: true });
    const restored = await run(target, ['backup', 'restore', file, '--passphrase-env', 'BP', '--archives-to', to]);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.out).archives).toEqual([{ dir: join(to, 'app-archive'), ok: true, problems: [], guns: [gun] }]);
    expect(readdirSync(to)).toEqual(['app-archive']);
    expect(existsSync(join(target, 'trust-data-archives'))).toBe(false);
    expect(existsSync(join(target, 'tuf', gun))).toBe(false);
    // Never over an existing folder: a second restore there refuses and leaves it as it was.
    const again = await run(target, ['backup', 'restore', file, '--passphrase-env', 'BP', '--archives-to', to]);
    expect(again.code).not.toBe(0);
    expect(again.err + again.out).toMatch(/already exists/);
  });

  it('the app: the wizard lists archives main wrote (no paths) and backups.create carries the chosen one', async () => {
    await setUp();
    const core = scriptedCore(bed.dir('app'));
    core.folders.push(trust());
    const trustDirId = (await core.call<{ id: string }>('trustDirs.add')).id;
    // What the repos.archive operation records after writing (see lookup-handlers.ts).
    rememberArchive(join(bed.dir('app'), 'data'), { dir: archive, guns: [gun], writtenAt: new Date().toISOString() });
    const listed = await core.call<WrittenArchive[]>('backups.archives');
    expect(listed).toEqual([{ id: expect.any(String), name: 'app-archive', guns: [gun], writtenAt: expect.any(String) }]);
    expect(JSON.stringify(listed)).not.toContain(bed.tmp.path);
    const dest = bed.dir('app-backups');
    mkdirSync(dest, { recursive: true });
    core.folders.push(dest);
    const created = await core.call<BackupCreated>('backups.create', {
      trustDirId, passphrase: env.BP, destinations: [{ kind: 'folder' }], jobId: 'job-archive', archiveIds: [listed[0]!.id],
    });
    expect(created.copies[0]).toMatchObject({ error: null, verify: { ok: true, trustDataArchives: ['app-archive'] } });
    expect(await core.fail('backups.create', { trustDirId, passphrase: env.BP, destinations: [{ kind: 'folder' }], jobId: 'j2', archiveIds: ['unknownid'] })).toBe('NOT_FOUND');
  });
});
