import { describe, expect, it } from 'vitest';
import type { KeyInfo, KeyListing } from '../dto/keys';
import { packKeyRows, unpackKeyRows } from './key-rows';

const ID = 'a'.repeat(64);
const ID2 = 'b'.repeat(64);
const TRUST = '/home/ann/.docker/trust';

const fileKey: KeyInfo = {
  id: ID,
  role: 'targets',
  gun: 'registry.example.com/app',
  kind: 'targets',
  algorithm: 'ecdsa',
  location: 'file',
  path: `${TRUST}/private/${ID}.key`,
  file: `private/${ID}.key`,
  layout: 'current',
  format: 'pkcs8-encrypted',
  encrypted: true,
  status: 'ok',
  writtenAt: '2026-12-07T23:14:11.641Z',
};

const keys: KeyInfo[] = [
  fileKey,
  // The pre-0.4 layout: neither the file nor the path follows from the ID.
  { ...fileKey, id: ID2, role: 'root', gun: null, kind: 'root', path: `${TRUST}/private/root_keys/${ID2}_root.key`, file: `private/root_keys/${ID2}_root.key`, layout: 'legacy' },
  // A broken file: no role, a problem, no date.
  {
    id: ID2,
    role: null,
    gun: null,
    kind: null,
    algorithm: null,
    location: 'file',
    path: `${TRUST}/private/${ID2}.key`,
    file: `private/${ID2}.key`,
    layout: 'current',
    format: 'unknown',
    encrypted: false,
    status: 'broken',
    problem: { code: 'NOT_PEM', reason: 'not a PEM file' },
  },
  // On a token: token, path and file of its own.
  { ...fileKey, location: 'token', token: { id: 't1', label: 'YubiKey', serial: '123' }, path: 'pkcs11:/usr/lib/softhsm/libsofthsm2.so', file: 'YubiKey (serial 123), CKA_ID 01', format: 'unknown', encrypted: false, writtenAt: undefined },
  // Pending, in the vault, brought online for a while, its passphrase saved.
  { ...fileKey, location: 'vault', passphraseInVault: true, onlineUntil: '2026-12-08T00:00:00.000Z', pending: { gun: 'registry.example.com/app', action: 'rotate', since: '2026-12-07T22:00:00.000Z' } },
  // A path that is not the trust dir joined with the file is carried as it is.
  { ...fileKey, path: `/elsewhere/private/${ID}.key` },
];

describe('packKeyRows / unpackKeyRows', () => {
  it('gives back the listing it was given, every field of every kind of key', () => {
    const listing: KeyListing = { trustDir: TRUST, keys, notices: ['settled one change'] };
    // Through JSON, as the harness carries it (Electron's structured clone keeps at least as much).
    const back = unpackKeyRows(JSON.parse(JSON.stringify(packKeyRows(listing))));
    expect(back).toEqual(listing);
    expect(back.keys.map((k) => Object.keys(k).sort())).toEqual(keys.map((k) => Object.keys(k).filter((n) => k[n as keyof KeyInfo] !== undefined).sort()));
  });

  it('leaves out the file and path a key in the current layout can derive, and any field it lacks', () => {
    const [row] = packKeyRows({ trustDir: TRUST, keys: [fileKey] }).rows;
    expect(row![6]).toBeNull();
    expect(row![7]).toBeNull();
    expect(row![13]).toBe(0);
    expect(JSON.stringify(row)).not.toContain('private/');
    expect(packKeyRows({ trustDir: TRUST, keys: [] })).toEqual({ packed: 'key-rows/2', trustDir: TRUST, strings: [], rows: [] });
  });

  it('keeps each repeated string once', () => {
    const listing = { trustDir: TRUST, keys: [fileKey, { ...fileKey, id: ID2, file: `private/${ID2}.key`, path: `${TRUST}/private/${ID2}.key` }] };
    const packed = packKeyRows(listing);
    expect(packed.strings.filter((x) => x === 'registry.example.com/app')).toHaveLength(1);
    expect(unpackKeyRows(packed)).toEqual(listing);
  });

  it('derives the path under a trust dir given with a trailing slash', () => {
    const listing = { trustDir: `${TRUST}/`, keys: [fileKey] };
    expect(packKeyRows(listing).rows[0]![7]).toBeNull();
    expect(unpackKeyRows(packKeyRows(listing)).keys).toEqual([fileKey]);
  });

  it('carries a field KeyInfo gains later without knowing it', () => {
    const extra = { ...fileKey, someNewField: { a: 1 } } as KeyInfo;
    expect(unpackKeyRows(packKeyRows({ trustDir: TRUST, keys: [extra] })).keys).toEqual([extra]);
  });
});
