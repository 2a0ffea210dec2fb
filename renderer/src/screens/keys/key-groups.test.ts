import { describe, expect, it } from 'vitest';
import type { KeyInfo } from '../../../../shared/dto/keys';
import { keyInfo } from '../../../../test/support/key-info';
import { buildRows, copiesOf, countByGroup, matchesQuery, nextKeyRow, rowKeyOf } from './key-groups';

/** IDs in these tests are short names padded to 64 characters; paths keep the short name. */
const key = (id: string, over: Partial<KeyInfo> = {}): KeyInfo =>
  keyInfo(id.padEnd(64, '0'), { path: `/t/private/${id}.key`, file: `private/${id}.key`, ...over });


describe('buildRows', () => {
  it('groups keys by the five types in order, then unknown roles, then broken files', () => {
    const keys = [
      key('b', { kind: 'delegation', role: 'targets/releases', gun: null }),
      key('a', { kind: 'root', role: 'root', gun: null }),
      key('c', { status: 'broken', kind: null, role: null, problem: { code: 'EMPTY', reason: 'empty file' } }),
      key('d'),
      key('e', { kind: null, role: 'odd' }),
      key('f', { kind: 'root', role: 'root', status: 'broken', problem: { code: 'TRUNCATED', reason: 'cut' } }),
    ];
    const rows = buildRows(keys);
    expect(rows.map((r) => (r.type === 'header' ? `#${r.group}:${r.count}` : r.key.id[0]))).toEqual([
      '#root:1', 'a', '#targets:1', 'd', '#delegation:1', 'b', '#unclassified:1', 'e', '#broken:2', 'c', 'f',
    ]);
    expect(countByGroup(keys)).toMatchObject({ root: 1, targets: 1, snapshot: 0, broken: 2 });
  });

  it('filters by ID, role, GUN or file', () => {
    const k = key('abc', { gun: 'registry.example.com/Team/App' });
    expect(matchesQuery(k, 'ABC')).toBe(true);
    expect(matchesQuery(k, 'team/app')).toBe(true);
    expect(matchesQuery(k, 'zzz')).toBe(false);
    expect(buildRows([k], 'zzz')).toEqual([]);
  });

  it('moves between key rows, skipping headers', () => {
    const rows = buildRows([key('a', { kind: 'root', role: 'root' }), key('b')]);
    expect(nextKeyRow(rows, 1, 1)).toBe(3);
    expect(nextKeyRow(rows, 3, -1)).toBe(1);
    expect(nextKeyRow(rows, 3, 1)).toBe(-1);
  });

  it('groups 10,000 keys quickly enough to do on every change', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => key(i.toString(16), { gun: `example.com/app${i % 50}` }));
    const rows = buildRows(many, '');
    expect(rows).toHaveLength(10_001);
  });

  it('gives a key and its token copies rows of their own, file first, with unique row keys', () => {
    const token = { id: 'tok1', label: 'Release YubiKey', serial: '1234' };
    const file = key('r', { kind: 'root', role: 'root', gun: null });
    const onToken = key('r', { kind: 'root', role: 'root', gun: null, location: 'token', token, path: 'pkcs11:/m.so', file: 'Release YubiKey (serial 1234), CKA_ID 02', encrypted: false });
    const onOther = { ...onToken, token: { ...token, id: 'tok2', label: 'Spare' } };
    const rows = buildRows([onOther, onToken, file]);
    const keyRows = rows.filter((r) => r.type === 'key');
    expect(keyRows.map((r) => rowKeyOf(r.key))).toEqual([`file:${file.id}:`, `token:${file.id}:tok1`, `token:${file.id}:tok2`]);
    expect(new Set(keyRows.map((r) => rowKeyOf(r.key))).size).toBe(3);
    expect(copiesOf([onToken, key('other'), file], file.id)).toEqual([file, onToken]);
    // The arrows skip the other copies of the selected key.
    expect(nextKeyRow(rows, 1, 1, file.id)).toBe(-1);
    expect(matchesQuery(onToken, 'release yubikey')).toBe(true);
  });
});
