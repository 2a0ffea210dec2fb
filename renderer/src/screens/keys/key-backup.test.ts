import { describe, expect, it } from 'vitest';
import type { KeyCoverage } from '../../../../shared/dto/backups';
import { formatDateOnly } from '../../components/datetime';
import { backupSummary, missingBackups } from './key-backup';

const copy = (location: string, lastVerifiedAt: string | null) => ({
  backupId: location,
  location,
  file: `${location}/keys.age`,
  writtenAt: '2026-12-01T10:00:00Z',
  lastVerifiedAt,
  lastVerifyOk: lastVerifiedAt ? true : null,
});
const cov = (id: string, kind: string, status: KeyCoverage['status'], copies = [] as ReturnType<typeof copy>[]): KeyCoverage => ({
  id,
  role: kind,
  gun: null,
  kind,
  copies,
  verifiedCopies: copies.filter((c) => c.lastVerifiedAt).length,
  lastVerifiedAt: copies.find((c) => c.lastVerifiedAt)?.lastVerifiedAt ?? null,
  status,
});

describe('a key’s backup state in the key list', () => {
  it('names the verified copies, their drives and the last check', () => {
    const s = backupSummary(cov('a', 'root', 'verified', [copy('USB-A', '2026-12-02T10:00:00Z'), copy('USB-B', '2026-12-02T10:00:00Z')]));
    expect(s).toMatchObject({ status: 'verified', label: '2 verified', tone: 'ok' });
    expect(s.detail).toBe(`2 verified copies on USB-A, USB-B; last checked ${formatDateOnly('2026-12-02T10:00:00Z')}.`);
  });

  it('says plainly when there is none, or when copies were never checked', () => {
    expect(backupSummary(cov('a', 'root', 'none'))).toMatchObject({ label: 'No backup', tone: 'danger' });
    expect(backupSummary(cov('a', 'root', 'unverified', [copy('USB-A', null)])).detail).toBe('One copy on USB-A, never read back and checked.');
    expect(backupSummary(undefined).status).toBe('unknown');
  });

  it('counts keys without a verified backup for the sidebar, root first', () => {
    expect(missingBackups(null)).toEqual({ count: 0, root: false });
    const report = { trustDir: '/t', locations: [], drillAfterDays: 180, keys: [cov('a', 'root', 'none'), cov('b', 'targets', 'unverified'), cov('c', 'targets', 'drill-due')] };
    expect(missingBackups(report)).toEqual({ count: 2, root: true });
    expect(missingBackups({ ...report, keys: report.keys.slice(1) })).toEqual({ count: 1, root: false });
  });
});
