import { notaryTime } from '../publish/metadata/expiry';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { ExpiryRadarEntry, RepoDetail, RepoSummary } from '../../../shared/dto/repos';
import { makeTempDir } from '../../../test/support/temp-dir';
import { certKey, ecdsaKey, ed25519Key, type TestKey, writeTestRepo } from '../../../test/support/tuf-repo';
import { keyIdOf } from '../keys/key-id';
import { scriptedCore } from '../../../test/support/scripted-core';

/** repos.list, repos.status and repos.expiryRadar through the guarded dispatcher, on repositories signed by the test. */
describe('repos handlers', () => {
  const tmp = makeTempDir('tv-repos-');
  afterAll(() => tmp.cleanup());
  const now = new Date('2030-01-01T00:00:00Z');
  const core = scriptedCore(tmp.path, { now: () => now });
  const { call, fail, folders: answers } = core;
  const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

  const trust = join(tmp.path, 'trust');
  // A targets key whose private half the test writes into the trust dir as notary would (PKCS#8 with role/gun headers).
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pub = pair.publicKey.export({ type: 'spki', format: 'der' });
  const held: TestKey = {
    id: keyIdOf('ecdsa', pub),
    type: 'ecdsa',
    tuf: { keytype: 'ecdsa', keyval: { private: null, public: pub.toString('base64') } },
    method: 'ecdsa',
    sign: (m) => sign('sha256', m, { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }),
  };
  const keyFile = (id: string, role: string, gun: string) => {
    mkdirSync(join(trust, 'private'), { recursive: true, mode: 0o700 });
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const withHeaders = pem.replace('-----BEGIN PRIVATE KEY-----\n', `-----BEGIN PRIVATE KEY-----\nrole: ${role}\ngun: ${gun}\n\n`);
    writeFileSync(join(trust, 'private', `${id}.key`), withHeaders, { mode: 0o600 });
  };
  const base = (gun: string) => ({ gun, root: [certKey('ecdsa', gun, { days: 36500 })], targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ed25519Key(), tags: { v1: 'one', v2: 'two' } });

  it('lists, details and ranks cached repositories by expiry', async () => {
    // a: targets key held here; expires targets in 30 days. b: snapshot in 200 days. c: tampered targets.
    writeTestRepo(trust, { ...base('example.com/t/a'), targets: held, expires: { targets: days(30), snapshot: days(400), timestamp: days(1) } });
    writeTestRepo(trust, { ...base('example.com/t/b'), expires: { targets: days(800), snapshot: days(200), timestamp: days(2) } });
    const cDir = writeTestRepo(trust, { ...base('example.com/t/c'), expires: { targets: days(600), snapshot: days(600), timestamp: days(3) } });
    const targets = JSON.parse(readFileSync(join(cDir, 'targets.json'), 'utf8')) as { signatures: { sig: string }[] };
    const sig = Buffer.from(targets.signatures[0]!.sig, 'base64');
    sig[5] = sig[5]! ^ 0xff;
    targets.signatures[0]!.sig = sig.toString('base64');
    writeFileSync(join(cDir, 'targets.json'), JSON.stringify(targets));
    keyFile(held.id, 'targets', 'example.com/t/a');

    answers.push(trust);
    const trustDirId = (await call<TrustDirInfo>('trustDirs.add', {})).id;

    const list = await call<RepoSummary[]>('repos.list', { trustDirId });
    expect(list.map((r) => `${r.gun} ${r.verdict} ${r.soonestExpiry?.role}`)).toEqual([
      'example.com/t/a warning targets', // expires within 90 days: EXPIRING_SOON
      'example.com/t/b trusted snapshot',
      'example.com/t/c broken snapshot', // the timestamp (server-managed) is never the soonest
    ]);
    expect(list[2]!.problemCount).toBeGreaterThan(0);

    const a = await call<RepoDetail>('repos.status', { trustDirId, gun: 'example.com/t/a' });
    expect(a.tags.map((t) => t.name)).toEqual(['v1', 'v2']);
    expect(a.heldKeys).toEqual([{ role: 'targets', keyId: held.id, canonicalId: held.id, location: 'file' }]);
    const c = await call<RepoDetail>('repos.status', { trustDirId, gun: 'example.com/t/c' });
    expect(c.verdict).toBe('broken');
    expect(c.problems.map((p) => `${p.code} ${p.role}`)).toContain('THRESHOLD_NOT_MET targets');
    expect(c.heldKeys).toEqual([]);

    const radar = await call<ExpiryRadarEntry[]>('repos.expiryRadar', { trustDirId });
    // The expiry exactly as the metadata says it (the test repository writes Go's format, as notary does).
    expect(radar).toEqual([{ gun: 'example.com/t/a', role: 'targets', expires: notaryTime(days(30)), daysLeft: 30 }]);
  });

  it('refuses bad arguments and unknown repositories with codes', async () => {
    answers.push(trust);
    const trustDirId = (await call<TrustDirInfo>('trustDirs.add', {})).id;
    expect(await fail('repos.status', { trustDirId, gun: '../etc' })).toBe('INVALID_ARGUMENT');
    expect(await fail('repos.status', { trustDirId, gun: 'example.com/none' })).toBe('NOT_FOUND');
    expect(await fail('repos.list', { trustDirId, extra: 1 })).toBe('INVALID_ARGUMENT');
    const empty = join(tmp.path, 'empty');
    mkdirSync(empty);
    answers.push(empty);
    const emptyId = (await call<TrustDirInfo>('trustDirs.add', {})).id;
    expect(await call('repos.list', { trustDirId: emptyId })).toEqual([]);
    expect(await call('repos.expiryRadar', { trustDirId: emptyId })).toEqual([]);
  });
});
