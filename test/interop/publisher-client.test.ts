import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { VaultError } from '../../electron/core/errors';
import { NotaryPublisherClient, NotaryServerError } from '../../electron/core/notary/publisher-client';
import { notaryTestBed } from '../support/notary-test-bed';
import { runNotary } from '../support/notary-cli';
import { publishRepoWithDelegation } from '../support/notary-repo';
import { startNotaryServer } from '../support/notary-server';
import { makeServerCert, makeTestCa } from '../support/tls-certs';
import { certKey, ecdsaKey, ed25519Key, type TestKey, writeTestRepo } from '../support/tuf-repo';

/** What a call threw, checked to be a NotaryServerError (a VaultError). */
async function thrown(p: Promise<unknown>): Promise<NotaryServerError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(NotaryServerError);
  expect(e).toBeInstanceOf(VaultError);
  return e as NotaryServerError;
}

/**
 * The write side of the notary-server client against the real notary-server (memory storage, built-in Ed25519
 * signer), next to what the real notary CLI published and cached.
 */
describe('NotaryPublisherClient against notary-server', () => {
  const bed = notaryTestBed('tv-publisher-interop-');
  const { tmp, env, notary } = bed;
  const trust = join(tmp.path, 'trust');
  const gun = 'example.com/publisher/app';
  const cached = (role: string) => readFileSync(join(trust, 'tuf', gun, 'metadata', `${role}.json`));
  const client = (g = gun) => new NotaryPublisherClient(g, { server: bed.server.url, timeoutMs: 10_000 });

  beforeAll(async () => {
    // Ends with `notary list`, so the cache holds what the server serves.
    publishRepoWithDelegation(notary, trust, tmp.path, gun, [{ name: 'v1', content: 'first release\n' }]);
  });

  it('ping', async () => {
    await client().ping();
  });

  it('a GUN with no root yet: every GET timestamp.key makes a new key (observed), and POST rotates to another', async () => {
    const c = client('example.com/publisher/new');
    const first = await c.serverKey('timestamp');
    const second = await c.serverKey('timestamp');
    expect(first.key.keytype).toBe('ed25519');
    expect(first.key.keyval.private).toBeNull();
    expect(Buffer.from(first.key.keyval.public, 'base64')).toHaveLength(32);
    // Observed: notary-server looks the key up in the published root.json; with none, it creates a fresh key on
    // each GET. Which one the first root.json names is what pins it.
    expect(second.id).not.toBe(first.id);
    const rotated = await c.rotateServerKey('timestamp');
    expect([first.id, second.id]).not.toContain(rotated.id);
    // Nothing was published by asking.
    expect(await c.fetchRole('root')).toBeNull();
  });

  it('a published GUN: GET timestamp.key answers the key root.json names, twice; POST makes a new one, GET keeps the root\'s', async () => {
    const c = client();
    const root = JSON.parse(cached('root').toString('utf8')) as { signed: { roles: { timestamp: { keyids: string[] } }; keys: Record<string, unknown> } };
    const [tsId] = root.signed.roles.timestamp.keyids;
    const a = await c.serverKey('timestamp');
    const b = await c.serverKey('timestamp');
    expect(a).toEqual(b);
    // The ID computed from the key is the one notary wrote into root.json, and the key is the one listed there.
    expect(a.id).toBe(tsId);
    expect(root.signed.keys[a.id]).toEqual(a.key);

    const rotated = await c.rotateServerKey('timestamp');
    expect(rotated.id).not.toBe(a.id);
    expect(rotated.key.keytype).toBe('ed25519');
    // Observed: until a root.json naming the new key is published, GET still answers the root's key.
    expect((await c.serverKey('timestamp')).id).toBe(a.id);
  });

  it('fetches exactly the bytes notary cached: by role, by the checksum the timestamp lists, by version', async () => {
    const c = client();
    expect((await c.fetchRole('root'))?.equals(cached('root'))).toBe(true);
    const timestamp = await c.fetchRole('timestamp');
    expect(timestamp?.equals(cached('timestamp'))).toBe(true);
    const meta = JSON.parse(timestamp!.toString('utf8')) as { signed: { meta: { snapshot: { hashes: { sha256: string } } } } };
    const sha = Buffer.from(meta.signed.meta.snapshot.hashes.sha256, 'base64').toString('hex');
    expect(sha).toBe(createHash('sha256').update(cached('snapshot')).digest('hex'));
    expect((await c.fetchRoleByChecksum('snapshot', sha))?.equals(cached('snapshot'))).toBe(true);
    expect((await c.fetchRole('targets'))?.equals(cached('targets'))).toBe(true);
    expect((await c.fetchRole('targets/releases'))?.equals(cached('targets/releases'))).toBe(true);
    const rootVersion = (JSON.parse(cached('root').toString('utf8')) as { signed: { version: number } }).signed.version;
    expect((await c.fetchRoleVersion('root', rootVersion))?.equals(cached('root'))).toBe(true);
    // Not there: null, not an error.
    expect(await c.fetchRoleVersion('root', rootVersion + 50)).toBeNull();
    expect(await c.fetchRoleByChecksum('snapshot', '0'.repeat(64))).toBeNull();
    expect(await c.fetchRole('targets/nobody')).toBeNull();
  });

  it('publishing the cached targets.json again unchanged: rejected, naming the server\'s code and message; nothing changes', async () => {
    const c = client();
    const alone = await thrown(c.publish([{ role: 'targets', bytes: cached('targets') }]));
    expect(alone.reason).toBe('SERVER_REJECTED');
    expect(alone.info).toEqual({ status: 400, serverCode: 'INVALID_UPDATE' });
    expect(alone.message).toContain('the notary server rejected the request while publishing: INVALID_UPDATE: Update sent by the client is invalid.');
    // Its detail says why: the snapshot key is the client's, so a targets update needs a snapshot.
    expect(alone.message).toContain('no snapshot was included in update and server does not hold current snapshot key for repository');

    const withSnapshot = await thrown(c.publish([{ role: 'targets', bytes: cached('targets') }, { role: 'snapshot', bytes: cached('snapshot') }]));
    expect(withSnapshot.reason).toBe('SERVER_REJECTED');
    expect(withSnapshot.info.serverCode).toBe('VERSION');
    expect(withSnapshot.message).toContain('VERSION: A newer version of metadata is already available.');

    const garbage = await thrown(c.publish([{ role: 'targets', bytes: Buffer.from('not json') }]));
    expect(garbage.message).toContain('MALFORMED_JSON: JSON sent by the client could not be parsed by the server');

    expect((await c.fetchRole('targets'))?.equals(cached('targets'))).toBe(true);
    expect((await c.fetchRole('timestamp'))?.equals(cached('timestamp'))).toBe(true);
  });

  it('publishes a whole repository with a delegation: the server serves the exact bytes and the notary CLI lists its tags', async () => {
    const vgun = 'example.com/publisher/vault-made';
    const c = client(vgun);
    const ts = await c.serverKey('timestamp');
    // The server signs the timestamp: only its public key is needed here.
    const timestamp: TestKey = { id: ts.id, type: ts.key.keytype, tuf: ts.key, method: 'eddsa', sign: () => Buffer.alloc(64) };
    const dir = writeTestRepo(join(tmp.path, 'vault-made'), {
      gun: vgun,
      root: [certKey('ecdsa', vgun)],
      targets: ecdsaKey(),
      snapshot: ecdsaKey(),
      timestamp,
      tags: { v1: 'one\n' },
      delegations: [{ name: 'targets/releases', keys: [ed25519Key()], paths: [''], tags: { v2: 'two\n' } }],
    });
    const file = (role: string) => ({ role, bytes: readFileSync(join(dir, `${role}.json`)) });
    const files = ['root', 'targets', 'targets/releases', 'snapshot'].map(file);
    await c.publish(files);
    for (const f of files) expect((await c.fetchRole(f.role))?.equals(f.bytes), f.role).toBe(true);
    // The server signed a timestamp over the snapshot exactly as sent, with the key the root names.
    const timestampServed = JSON.parse((await c.fetchRole('timestamp'))!.toString('utf8')) as { signed: { meta: { snapshot: { hashes: { sha256: string } } } }; signatures: { keyid: string }[] };
    expect(Buffer.from(timestampServed.signed.meta.snapshot.hashes.sha256, 'base64').equals(createHash('sha256').update(file('snapshot').bytes).digest())).toBe(true);
    expect(timestampServed.signatures.map((s) => s.keyid)).toEqual([ts.id]);

    const listed = runNotary(join(tmp.path, 'fresh-consumer'), tmp.path, ['-s', bed.server.url, 'list', vgun], env);
    expect(listed.status, listed.stderr).toBe(0);
    const rows = listed.stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      ['v1', 'targets'],
      ['v2', 'targets/releases'],
    ]);
  });

  it('TLS: works with the server\'s CA; another CA is TLS_FAILED (untrusted)', async () => {
    const certs = join(tmp.path, 'certs');
    const ca = makeTestCa(certs, 'good');
    const wrong = makeTestCa(certs, 'wrong');
    const tlsServer = await startNotaryServer(join(tmp.path, 'tls-server'), { ...makeServerCert(certs, ca, 'notary-server', 'IP:127.0.0.1'), caFile: ca.caFile });
    try {
      const good = new NotaryPublisherClient(gun, { server: tlsServer.url, caFile: ca.caFile, timeoutMs: 10_000 });
      await good.ping();
      expect((await good.serverKey('timestamp')).key.keytype).toBe('ed25519');
      const e = await thrown(new NotaryPublisherClient(gun, { server: tlsServer.url, caFile: wrong.caFile, timeoutMs: 10_000 }).publish([{ role: 'targets', bytes: cached('targets') }]));
      expect(e.reason).toBe('TLS_FAILED');
      expect(e.info.tls).toBe('untrusted');
      expect(e.message).toMatch(/^TLS verification failed while publishing: the server's certificate is not signed by a trusted CA/);
    } finally {
      await tlsServer.stop();
    }
  });

  it('deleteTrustData: the server forgets the GUN; fetchRole(\'root\') is then null', async () => {
    const c = client();
    await c.deleteTrustData();
    expect(await c.fetchRole('root')).toBeNull();
    expect(await c.fetchRole('timestamp')).toBeNull();
    // Observed: deleting a GUN the server has nothing for succeeds as well.
    await c.deleteTrustData();
  });

  it('the server down: the offline error', async () => {
    const c = client();
    await bed.server.stop();
    const e = await thrown(c.publish([{ role: 'targets', bytes: cached('targets') }]));
    expect(e.reason).toBe('SERVER_OFFLINE');
    expect(e.info.cause).toBe('ECONNREFUSED');
    expect(e.message).toMatch(/^the notary server is offline: could not connect while publishing \(ECONNREFUSED\); nothing was sent and nothing was changed locally/);
    await expect(c.ping()).rejects.toThrow(/offline: could not connect while pinging the server/);
  });
});
