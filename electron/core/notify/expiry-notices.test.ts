import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/contract';
import type { TrustDirInfo } from '../../../shared/dto/app';
import { makeTempDir } from '../../../test/support/temp-dir';
import { certKey, ecdsaKey, ed25519Key, type TestKey, writeTestRepo } from '../../../test/support/tuf-repo';
import { keyIdOf } from '../keys/key-id';
import { type DesktopNotice, expiringSignedRoles, notifyExpiringOnce } from './expiry-notices';

/** Expiry notices (issue 15, point 5): roles the user signs, within 30 days, at most once a day, click-through. */
describe('expiry notices', () => {
  const tmp = makeTempDir('tv-notices-');
  afterAll(() => tmp.cleanup());
  const now = new Date('2030-01-01T09:00:00Z');
  const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
  const trust = join(tmp.path, 'trust');
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pub = pair.publicKey.export({ type: 'spki', format: 'der' });
  const held: TestKey = {
    id: keyIdOf('ecdsa', pub),
    type: 'ecdsa',
    tuf: { keytype: 'ecdsa', keyval: { private: null, public: pub.toString('base64') } },
    method: 'ecdsa',
    sign: (m) => sign('sha256', m, { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }),
  };
  const base = (gun: string) => ({ gun, root: [certKey('ecdsa', gun, { days: 36500 })], targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ed25519Key(), tags: { v1: 'one' } });
  // mine: targets key held here, targets expires in 10 days. theirs: the same expiry, no key held (a consumer).
  writeTestRepo(trust, { ...base('example.com/n/mine'), targets: held, expires: { targets: days(10), snapshot: days(400), timestamp: days(1) } });
  writeTestRepo(trust, { ...base('example.com/n/theirs'), expires: { targets: days(10), snapshot: days(400), timestamp: days(1) } });
  writeTestRepo(trust, { ...base('example.com/n/later'), expires: { targets: days(60), snapshot: days(400), timestamp: days(1) } });
  mkdirSync(join(trust, 'private'), { recursive: true, mode: 0o700 });
  const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(trust, 'private', `${held.id}.key`), pem.replace('-----BEGIN PRIVATE KEY-----\n', '-----BEGIN PRIVATE KEY-----\nrole: targets\ngun: example.com/n/mine\n\n'), { mode: 0o600 });
  const dirs = (): TrustDirInfo[] => [{ id: 'd1', path: trust, label: 'test', origin: 'custom', exists: true, selected: true } as TrustDirInfo];

  it('finds only the roles this user signs that expire within 30 days', () => {
    expect(expiringSignedRoles(dirs(), now).map((r) => `${r.gun} ${r.role} ${r.daysLeft}`)).toEqual(['example.com/n/mine targets 10']);
  });

  it('notifies at most once a day, and a click asks the page to open the repository to re-sign', () => {
    const shown: DesktopNotice[] = [];
    const sent: { name: EventName; payload: unknown }[] = [];
    const deps = { dataDir: join(tmp.path, 'data'), dirs, notifier: { show: (n: DesktopNotice) => shown.push(n) }, events: { emit: (name: EventName, payload: unknown) => sent.push({ name, payload }) } };
    expect(notifyExpiringOnce({ ...deps, now })).not.toBeNull();
    expect(shown).toHaveLength(1);
    expect(shown[0]!.title).toBe('Re-sign example.com/n/mine');
    expect(shown[0]!.body).toMatch(/targets signature expires in 10 days/);
    expect(notifyExpiringOnce({ ...deps, now: new Date(now.getTime() + 3 * 3600_000) })).toBeNull();
    shown[0]!.onClick();
    expect(sent).toEqual([{ name: 'expiryNotificationClicked', payload: { trustDirId: 'd1', gun: 'example.com/n/mine', roles: ['targets'] } }]);
    // The next day: again.
    expect(notifyExpiringOnce({ ...deps, now: days(1) })).not.toBeNull();
    expect(shown).toHaveLength(2);
  });
});
