import { describe, expect, it } from 'vitest';
import type { KeyInfo } from '../../../shared/dto/keys';
import { keyInfo } from '../../../test/support/key-info';
import { coverageOf, DRILL_AFTER_DAYS } from './coverage';
import type { Ledger } from './ledger';

const key = (id: string, role: string, kind: KeyInfo['kind']): KeyInfo => keyInfo(id, { role, gun: null, kind });

const [root1, root2, targets, delegation] = ['a', 'b', 'c', 'd'].map((c) => c.repeat(64)) as [string, string, string, string];
const now = new Date('2026-11-23T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

describe('coverageOf', () => {
  const keys = [key(delegation, 'targets/releases', 'delegation'), key(targets, 'targets', 'targets'), key(root2, 'root', 'root'), key(root1, 'root', 'root')];
  const ledger: Ledger = {
    version: 1,
    backups: [
      {
        backupId: 'backup-one',
        createdAt: daysAgo(10),
        keys: [{ id: root1, sha256: '0'.repeat(64) }, { id: targets, sha256: '1'.repeat(64) }],
        copies: [
          { location: 'USB-A', file: '/media/a/x.age', writtenAt: daysAgo(10), lastVerifiedAt: daysAgo(10), lastVerifyOk: true },
          { location: 'USB-B', file: '/media/b/x.age', writtenAt: daysAgo(10), lastVerifiedAt: null, lastVerifyOk: null },
        ],
      },
      {
        backupId: 'backup-old',
        createdAt: daysAgo(400),
        keys: [{ id: delegation, sha256: '2'.repeat(64) }],
        copies: [{ location: 'USB-A', file: '/media/a/old.age', writtenAt: daysAgo(400), lastVerifiedAt: daysAgo(DRILL_AFTER_DAYS + 1), lastVerifyOk: true }],
      },
    ],
  };

  it('lists root keys first, the uncovered one on top, with each copy and its verification', () => {
    const report = coverageOf('/t', keys, ledger, now);
    expect(report.keys.map((k) => [k.role, k.status])).toEqual([
      ['root', 'none'],
      ['root', 'verified'],
      ['targets', 'verified'],
      ['targets/releases', 'drill-due'],
    ]);
    const covered = report.keys[1]!;
    expect(covered.id).toBe(root1);
    expect(covered.copies.map((c) => c.location)).toEqual(['USB-A', 'USB-B']);
    expect(covered.verifiedCopies).toBe(1);
    expect(report.locations).toEqual(['USB-A', 'USB-B']);
  });

  it('a backup never read back is unverified; a failed read-back does not count', () => {
    const unverified: Ledger = {
      version: 1,
      backups: [{ backupId: 'b', createdAt: daysAgo(1), keys: [{ id: root1, sha256: '0'.repeat(64) }], copies: [{ location: 'USB-A', file: '/x', writtenAt: daysAgo(1), lastVerifiedAt: daysAgo(1), lastVerifyOk: false }] }],
    };
    expect(coverageOf('/t', [key(root1, 'root', 'root')], unverified, now).keys[0]).toMatchObject({ status: 'unverified', verifiedCopies: 0 });
  });
});
