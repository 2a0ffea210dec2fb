import { describe, expect, it } from 'vitest';
import type { KeyInfo } from '../../../../shared/dto/keys';
import { keyInfo } from '../../../../test/support/key-info';
import { buildRows } from './key-groups';

const key = (id: string, over: Partial<KeyInfo> = {}): KeyInfo =>
  keyInfo(id.padEnd(64, '0'), { path: `/t/private/${id}.key`, file: `private/${id}.key`, ...over });

const keys = [
  key('a', { kind: 'root', role: 'root', gun: null, writtenAt: '2026-01-01T00:00:00Z' }),
  key('b', { kind: 'targets', role: 'targets', gun: 'z.example/app', writtenAt: '2026-03-01T00:00:00Z' }),
  key('c', { kind: 'targets', role: 'targets', gun: 'a.example/app', writtenAt: '2026-02-01T00:00:00Z' }),
  key('d', { kind: 'delegation', role: 'targets/releases', gun: null, writtenAt: '2026-04-01T00:00:00Z' }),
];
const ids = (order: Parameters<typeof buildRows>[2], rank?: (k: KeyInfo) => number) =>
  buildRows(keys, '', order, rank).map((r) => (r.type === 'header' ? `#${r.group}` : r.key.id[0]));

describe('sorting the key list', () => {
  it('by role keeps the groups with their headers', () => {
    expect(ids('role')).toEqual(['#root', 'a', '#targets', 'c', 'b', '#delegation', 'd']);
  });
  it('by GUN: one flat list, keys without a GUN last', () => {
    expect(ids('gun')).toEqual(['c', 'b', 'a', 'd']);
  });
  it('by date written: newest first', () => {
    expect(ids('created')).toEqual(['d', 'b', 'c', 'a']);
  });
  it('by backup state: least covered first, then role', () => {
    const rank: Record<string, number> = { a: 3, b: 0, c: 1, d: 0 };
    expect(ids('backup', (k) => rank[k.id[0]!]!)).toEqual(['b', 'd', 'c', 'a']);
  });
  it('the filter applies in every order', () => {
    expect(buildRows(keys, 'z.example', 'created').map((r) => r.type === 'key' && r.key.id[0])).toEqual(['b']);
  });
});
