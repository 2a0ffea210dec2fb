import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupCreated, ChosenBackupFile, CoverageReport, DriveInfo, RestorePreview, RestoreReport, VerifyReport } from '../../../shared/dto/backups';
import type { RemovalImpact } from '../../../shared/dto/keys';
import { generateKey } from '../keys/store/generate-key';
import { mountedStick } from '../../../test/support/raw-drives';
import { scriptedCore } from '../../../test/support/scripted-core';
import { makeTempDir } from '../../../test/support/temp-dir';
import { snapshotTree } from '../../../test/support/tree-snapshot';

const usb = mountedStick;

/** The backup flows as the UI walks them, through the guarded dispatcher, with injected drives. */
describe('backups through the contract', () => {
  const tmp = makeTempDir('tv-backup-handlers-');
  afterAll(() => tmp.cleanup());
  const core = scriptedCore(tmp.path);
  const trust = join(tmp.path, 'trust');
  const driveA = join(tmp.path, 'media', 'a');
  const driveB = join(tmp.path, 'media', 'b');
  let trustDirId = '';
  let rootId = '';

  beforeAll(async () => {
    rootId = generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'key passphrase' }).key.id;
    generateKey(trust, { role: 'targets', gun: 'example.com/app', algorithm: 'ed25519', passphrase: 'key passphrase' });
    mkdirSync(driveA, { recursive: true });
    mkdirSync(driveB, { recursive: true });
    core.drives.push(usb('/dev/sdb1', driveA, 'BACKUP-A'), usb('/dev/sdc1', driveB, 'BACKUP-B'), usb('/dev/sdd', '', 'EMPTY', { mountpoints: [] }));
    core.folders.push(trust);
    trustDirId = (await core.call<{ id: string }>('trustDirs.add'))!.id;
  });

  const drives = () => core.call<DriveInfo[]>('drives.list');

  it('lists removable drives with what stops one from taking a backup', async () => {
    const list = await drives();
    expect(list.map((d) => [d.label, d.problem?.code ?? null])).toEqual([
      ['BACKUP-A', null],
      ['BACKUP-B', null],
      ['EMPTY stick', 'NOT_MOUNTED'],
    ]);
  });

  it('writes one backup to two drives, reads each back, reports progress, and the ledger covers every key', async () => {
    const [a, b] = await drives();
    const created = await core.call<BackupCreated>('backups.create', {
      trustDirId,
      passphrase: 'backup passphrase',
      destinations: [
        { kind: 'drive', driveId: a!.id },
        { kind: 'drive', driveId: b!.id },
      ],
      jobId: 'job-1',
    });
    expect(created.copies.map((c) => [c.destination, c.error, c.verify?.ok])).toEqual([
      ['BACKUP-A', null, true],
      ['BACKUP-B', null, true],
    ]);
    expect(readdirSync(driveA)).toEqual([expect.stringMatching(/^trust-vault-backup-\d{8}-\d{6}Z\.tar\.gz\.age$/)]);
    expect(readFileSync(join(driveA, readdirSync(driveA)[0]!))).toEqual(readFileSync(join(driveB, readdirSync(driveB)[0]!)));
    const phases = core.events.filter((e) => e.name === 'progress').map((e) => e.payload as { jobId: string; phase: string; target?: string });
    expect(phases.every((p) => p.jobId === 'job-1')).toBe(true);
    expect(new Set(phases.map((p) => `${p.phase}:${p.target ?? ''}`))).toEqual(
      new Set(['packing:', 'encrypting:', 'writing:BACKUP-A', 'verifying:BACKUP-A', 'writing:BACKUP-B', 'verifying:BACKUP-B']),
    );

    const coverage = await core.call<CoverageReport>('backups.coverage', { trustDirId });
    expect(coverage.keys.map((k) => [k.role, k.status, k.verifiedCopies])).toEqual([
      ['root', 'verified', 2],
      ['targets', 'verified', 2],
    ]);
    expect(coverage.locations).toEqual(['BACKUP-A', 'BACKUP-B']);
    // With verified backups, removing the root key is no longer removing its only copy.
    const impact = await core.call<RemovalImpact>('keys.removalImpact', { trustDirId, id: rootId });
    expect(impact.onlyCopy).toBe(false);
    expect(impact.consequence).toMatch(/BACKUP-A, BACKUP-B/);
  });

  it('a drive that cannot take the copy fails alone; an unknown drive fails the whole request', async () => {
    const list = await drives();
    const created = await core.call<BackupCreated>('backups.create', {
      trustDirId,
      passphrase: 'backup passphrase',
      destinations: [
        { kind: 'drive', driveId: list[0]!.id },
        { kind: 'drive', driveId: list[2]!.id },
      ],
      jobId: 'job-2',
    });
    expect(created.copies[0]!.error).toBeNull();
    expect(created.copies[1]!.error?.code).toBe('DRIVE_UNAVAILABLE');
    expect(await core.fail('backups.create', { trustDirId, passphrase: 'backup passphrase', destinations: [{ kind: 'drive', driveId: 'ffffffffffffffff' }], jobId: 'j' })).toBe('DRIVE_UNAVAILABLE');
    expect(await core.fail('backups.create', { trustDirId, passphrase: 'short', destinations: [{ kind: 'drive', driveId: list[0]!.id }], jobId: 'j' })).toBe('PASSPHRASE_TOO_SHORT');
  });

  it('verifies a chosen file, previews and restores into another trust dir, never overwriting', async () => {
    const file = join(driveA, readdirSync(driveA).sort()[0]!);
    core.openFiles.push([file]);
    const chosen = (await core.call<ChosenBackupFile>('backups.chooseFile'))!;
    expect(chosen.kind).toBe('age');
    const report = await core.call<VerifyReport>('backups.verify', { trustDirId, fileId: chosen.fileId, passphrase: 'backup passphrase', jobId: 'v' });
    expect(report.ok).toBe(true);
    expect(report.keys.every((k) => k.trustDir === 'same')).toBe(true);
    expect(await core.fail('backups.verify', { trustDirId, fileId: chosen.fileId, passphrase: 'wrong passphrase', jobId: 'v' })).toBe('WRONG_PASSPHRASE');

    const other = join(tmp.path, 'other-trust');
    const root = readdirSync(join(trust, 'private')).find((n) => n.startsWith(rootId))!;
    mkdirSync(join(other, 'private'), { recursive: true, mode: 0o700 });
    writeFileSync(join(other, 'private', root), readFileSync(join(trust, 'private', root)), { mode: 0o600 });
    core.folders.push(other);
    const otherId = (await core.call<{ id: string }>('trustDirs.add'))!.id;
    const preview = await core.call<RestorePreview>('backups.previewRestore', { trustDirId: otherId, fileId: chosen.fileId, passphrase: 'backup passphrase', jobId: 'r' });
    expect(preview.format).toBe('vault');
    expect(preview.keys.map((k) => [k.role, k.state])).toEqual(expect.arrayContaining([['root', 'present'], ['targets', 'new']]));
    const before = snapshotTree(other);
    const restored = await core.call<RestoreReport>('backups.restore', { trustDirId: otherId, planId: preview.planId, keyPaths: preview.keys.map((k) => k.path) });
    expect(restored.written).toHaveLength(1);
    expect(restored.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/already in the trust folder/)]);
    expect(snapshotTree(other)[`private/${root}`]).toEqual(before[`private/${root}`]);
    // A plan is used once.
    expect(await core.fail('backups.restore', { trustDirId: otherId, planId: preview.planId, keyPaths: [] })).toBe('NOT_FOUND');
  });
});
