import type { BackupManifest } from './manifest';

/** For tests: a manifest with no keys, and the i-th of many key entries (its GUN text, when it has one, as given). */
export const emptyManifest: BackupManifest = {
  format: 'trust-vault-backup',
  version: 1,
  backupId: 'AbCdEfGhIjKlMnOp',
  createdAt: '2026-12-07T23:00:00.000Z',
  appVersion: '1.2.3',
  keys: [],
  pinnedRoots: [],
};

export const manifestKey = (i: number, gun = 'registry.example.com/équipe/app "quoted"'): BackupManifest['keys'][number] => ({
  path: `private/${i.toString(16).padStart(64, '0')}.key`,
  id: i.toString(16).padStart(64, '0'),
  role: i % 3 === 0 ? null : 'targets',
  gun: i % 2 ? gun : null,
  algorithm: 'ecdsa',
  sha256: 'a'.repeat(64),
});
