import { describe, expect, it } from 'vitest';
import type { KeyInfo } from '../../../shared/dto/keys';
import type { OfflineKeyInfo } from '../../../shared/dto/vault';
import { withVaultKeys } from './vault-key-listing';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const fileKey = (id: string): KeyInfo => ({
  id, role: 'targets', gun: 'example.com/app', kind: 'targets', algorithm: 'ecdsa', location: 'file', path: `/t/private/${id}.key`,
  file: `private/${id}.key`, layout: 'current', format: 'pkcs8-encrypted', encrypted: true, status: 'ok',
});
const offline = (id: string, trustDir: string, onlineUntil: string | null = null): OfflineKeyInfo => ({
  keyId: id, role: 'root', gun: null, algorithm: 'ecdsa', trustDir, file: `private/${id}.key`, takenOfflineAt: '2026-11-23T10:00:00.000Z', onlineUntil,
});

describe('withVaultKeys', () => {
  it('adds the offline keys of this trust dir as vault keys, marks saved passphrases and keys online for a while', () => {
    const listed = withVaultKeys('/t', [fileKey(A), fileKey(B)], {
      file: '/data/vault/vault.tv',
      offlineKeys: [offline(B, '/t', '2026-11-23T10:05:00.000Z'), offline(C, '/t/'), offline('d'.repeat(64), '/other')],
      hasPassphrase: (id) => id === A || id === C,
    });
    expect(listed.map((k) => [k.id[0], k.location, k.passphraseInVault ?? false, k.onlineUntil ?? null])).toEqual([
      ['a', 'file', true, null],
      ['b', 'file', false, '2026-11-23T10:05:00.000Z'],
      ['c', 'vault', true, null],
    ]);
    const c = listed[2]!;
    expect(c).toMatchObject({ role: 'root', kind: 'root', algorithm: 'ecdsa', path: '/data/vault/vault.tv', file: `private/${C}.key`, status: 'ok' });
  });
});
