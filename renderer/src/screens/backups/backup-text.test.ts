import { describe, expect, it } from 'vitest';
import type { BackupCopyRecord, DriveInfo, KeyCoverage } from '../../../../shared/dto/backups';
import type { KeyInfo } from '../../../../shared/dto/keys';
import {
  coverageCell,
  defaultRestoreChoice,
  driveAvailability,
  explainBackupError,
  formatBytes,
  keyChoices,
  sortRestoreKeys,
  sortCoverage,
  summarizeCoverage,
  toUiError,
} from './backup-text';

const id = (c: string) => c.repeat(64);
const copy = (location: string, over: Partial<BackupCopyRecord> = {}): BackupCopyRecord => ({
  backupId: 'b1',
  location,
  file: `/media/${location}/backup.tar.gz.age`,
  writtenAt: '2026-01-01T00:00:00.000Z',
  lastVerifiedAt: null,
  lastVerifyOk: null,
  ...over,
});
const cov = (c: string, kind: string | null, status: KeyCoverage['status'], copies: BackupCopyRecord[] = []): KeyCoverage => ({
  id: id(c),
  role: kind,
  gun: kind === 'root' ? null : 'example.com/app',
  kind,
  copies,
  verifiedCopies: copies.filter((x) => x.lastVerifyOk).length,
  lastVerifiedAt: null,
  status,
});
const drive = (over: Partial<DriveInfo>): DriveInfo => ({
  id: 'd1',
  label: 'BACKUP-A',
  device: '/dev/sdb1',
  description: 'USB stick',
  size: 16e9,
  free: 8e9,
  mountPoint: '/media/a',
  filesystem: 'vfat',
  readOnly: false,
  noPermissions: true,
  problem: null,
  ...over,
});

describe('coverage', () => {
  it('puts root keys first, then by kind, the least covered first within a kind', () => {
    const sorted = sortCoverage([
      cov('a', 'targets', 'none'),
      cov('b', 'root', 'verified'),
      cov('c', 'delegation', 'none'),
      cov('d', 'root', 'none'),
      cov('e', 'snapshot', 'drill-due'),
      cov('f', null, 'none'),
    ]);
    expect(sorted.map((k) => k.id[0])).toEqual(['d', 'b', 'a', 'e', 'c', 'f']);
  });

  it('counts keys without backup, root keys among them, and drills due', () => {
    expect(summarizeCoverage({ keys: [cov('a', 'root', 'none'), cov('b', 'targets', 'none'), cov('c', 'targets', 'drill-due'), cov('d', 'snapshot', 'verified')] })).toEqual({
      total: 4,
      none: 2,
      unverified: 0,
      drillDue: 1,
      verified: 1,
      rootsWithout: 1,
    });
  });

  it('fills a drive cell from the best copy there: verified beats failed beats never checked', () => {
    const k = cov('a', 'root', 'verified', [
      copy('BACKUP-A', { lastVerifiedAt: '2026-02-01T00:00:00.000Z', lastVerifyOk: false }),
      copy('BACKUP-A', { lastVerifiedAt: '2026-01-15T00:00:00.000Z', lastVerifyOk: true }),
      copy('BACKUP-B'),
    ]);
    expect(coverageCell(k, 'BACKUP-A')).toMatchObject({ state: 'verified', count: 2, copy: { lastVerifiedAt: '2026-01-15T00:00:00.000Z' } });
    expect(coverageCell(k, 'BACKUP-B')).toMatchObject({ state: 'unverified', count: 1 });
    expect(coverageCell(k, 'BACKUP-C')).toEqual({ state: 'absent', copy: null, count: 0 });
    expect(coverageCell(cov('b', 'root', 'unverified', [copy('X', { lastVerifiedAt: '2026-01-02T00:00:00.000Z', lastVerifyOk: false })]), 'X').state).toBe('failed');
  });

  it('offers the coverage keys to choose from, else the usable keys of the list, root first', () => {
    const keys = [
      { id: id('1'), role: 'targets', gun: 'g', kind: 'targets', status: 'ok', location: 'file' },
      { id: id('2'), role: 'root', gun: null, kind: 'root', status: 'ok', location: 'file' },
      // The same root key on a token: one choice, not two.
      { id: id('2'), role: 'root', gun: null, kind: 'root', status: 'ok', location: 'token' },
      { id: 'broken-file', role: null, gun: null, kind: null, status: 'broken', location: 'file' },
    ] as KeyInfo[];
    expect(keyChoices(null, keys).map((k) => k.id[0])).toEqual(['2', '1']);
    const report = { trustDir: '/t', keys: [cov('a', 'targets', 'none'), cov('b', 'root', 'none')], locations: [], drillAfterDays: 180 };
    expect(keyChoices(report, keys).map((k) => [k.id[0], k.status])).toEqual([
      ['b', 'none'],
      ['a', 'none'],
    ]);
  });
});

describe('drives', () => {
  it('refuses a drive with a problem with its message, and the drive of the other copy', () => {
    expect(driveAvailability(drive({}), null)).toEqual({ selectable: true, reason: null });
    expect(driveAvailability(drive({ problem: { code: 'READ_ONLY', message: 'The drive is read-only' } }), null)).toEqual({
      selectable: false,
      reason: 'The drive is read-only',
    });
    expect(driveAvailability(drive({}), 'd1').selectable).toBe(false);
    expect(driveAvailability(drive({}), 'd2').selectable).toBe(true);
  });

  it('writes sizes the way drives are sold', () => {
    expect(formatBytes(null)).toBe('unknown size');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(16e9)).toBe('16 GB');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
  });
});

describe('restore and errors', () => {
  it('chooses only new keys by default, never a pinned root (issue 12: trust is opted into)', () => {
    const choice = defaultRestoreChoice({
      keys: [
        { path: 'private/a.key', id: id('a'), role: 'root', gun: null, state: 'new' },
        { path: 'private/b.key', id: id('b'), role: 'targets', gun: 'g', state: 'present' },
        { path: 'private/c.key', id: id('c'), role: 'targets', gun: 'g', state: 'different' },
      ],
      roots: [
        { gun: 'g', path: 'tuf/g/metadata/root.json', state: 'new', keyIds: [id('r')] },
        { gun: 'h', path: 'tuf/h/metadata/root.json', state: 'different', keyIds: [id('s')] },
      ],
    });
    expect(choice).toEqual({ keyPaths: ['private/a.key'], rootGuns: [] });
  });

  it('lists a preview root first, then repository keys, then delegations and signers', () => {
    const keys = [
      { id: id('a'), role: 'targets/releases', gun: null },
      { id: id('b'), role: 'targets', gun: 'g' },
      { id: id('c'), role: 'alice', gun: null },
      { id: id('d'), role: 'root', gun: null },
      { id: id('e'), role: null, gun: null },
    ];
    expect(sortRestoreKeys(keys).map((k) => k.id[0])).toEqual(['d', 'b', 'a', 'c', 'e']);
  });

  it('says a wrong passphrase is the backup passphrase, and keeps unknown codes readable', () => {
    expect(explainBackupError('WRONG_PASSPHRASE').title).toBe('Wrong backup passphrase');
    expect(explainBackupError('DRIVE_FULL').title).toBe('The drive is full');
    expect(toUiError({ code: 'DRIVE_READ_ONLY', message: 'ro' })).toEqual({ code: 'DRIVE_READ_ONLY', message: 'ro' });
    expect(toUiError({ code: 'SOMETHING_NEW', message: 'x' })).toEqual({ code: 'INTERNAL', message: 'x' });
  });
});
