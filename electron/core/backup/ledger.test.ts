import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { ledgerPath, readLedger, recordVerified, recordWritten, recordWrittenAndVerified, verifiedCopiesOf } from './ledger';

describe('the backup ledger', () => {
  const tmp = makeTempDir('tv-ledger-');
  afterAll(() => tmp.cleanup());
  const facts = { backupId: 'abcdefgh1234', createdAt: '2026-11-23T10:00:00.000Z', keys: [{ id: 'a'.repeat(64), sha256: 'f'.repeat(64) }] };

  it('starts empty, records each copy written and verified, and answers which keys have verified copies', () => {
    const data = join(tmp.path, 'one');
    expect(readLedger(data)).toEqual({ version: 1, backups: [] });
    recordWritten(data, facts, { file: '/media/a/x.age', location: 'USB-A', at: new Date('2026-11-23T10:00:01Z') });
    recordWritten(data, facts, { file: '/media/b/x.age', location: 'USB-B', at: new Date('2026-11-23T10:00:02Z') });
    expect(verifiedCopiesOf(readLedger(data), 'a'.repeat(64))).toEqual([]);
    recordVerified(data, facts, { file: '/media/a/x.age', location: 'USB-A', at: new Date('2026-11-23T10:00:03Z'), ok: true });
    const ledger = readLedger(data);
    expect(ledger.backups).toHaveLength(1);
    expect(ledger.backups[0]!.copies).toEqual([
      { location: 'USB-A', file: '/media/a/x.age', writtenAt: '2026-11-23T10:00:01.000Z', lastVerifiedAt: '2026-11-23T10:00:03.000Z', lastVerifyOk: true },
      { location: 'USB-B', file: '/media/b/x.age', writtenAt: '2026-11-23T10:00:02.000Z', lastVerifiedAt: null, lastVerifyOk: null },
    ]);
    expect(verifiedCopiesOf(ledger, 'a'.repeat(64)).map((c) => c.location)).toEqual(['USB-A']);
    expect(verifiedCopiesOf(ledger, 'b'.repeat(64))).toEqual([]);
  });

  it('a backup verified before it was ever recorded (made elsewhere) joins the ledger', () => {
    const data = join(tmp.path, 'two');
    recordVerified(data, facts, { file: '/media/c/y.age', location: 'USB-C', at: new Date('2026-11-23T11:00:00Z'), ok: true });
    expect(readLedger(data).backups[0]!.copies[0]).toMatchObject({ location: 'USB-C', writtenAt: null, lastVerifyOk: true });
  });

  it('a copy written and read back sound is recorded as both in one update', () => {
    const data = join(tmp.path, 'both');
    recordWrittenAndVerified(data, facts, { file: '/media/d/z.age', location: 'USB-D', writtenAt: new Date('2026-11-23T12:00:00Z'), verifiedAt: new Date('2026-11-23T12:00:05Z') });
    expect(readLedger(data).backups).toEqual([
      { ...facts, copies: [{ location: 'USB-D', file: '/media/d/z.age', writtenAt: '2026-11-23T12:00:00.000Z', lastVerifiedAt: '2026-11-23T12:00:05.000Z', lastVerifyOk: true }] },
    ]);
  });

  it('a damaged ledger is reported and never overwritten', () => {
    const data = join(tmp.path, 'three');
    mkdirSync(join(data, 'backups'), { recursive: true });
    writeFileSync(ledgerPath(data), '{"version":1,"backups":[{"backupId":');
    expect(() => readLedger(data)).toThrow(/ledger .* is damaged/);
    expect(() => recordWritten(data, facts, { file: '/x', location: 'X', at: new Date() })).toThrow(/damaged/);
    expect(readFileSync(ledgerPath(data), 'utf8')).toBe('{"version":1,"backups":[{"backupId":');
  });
});
