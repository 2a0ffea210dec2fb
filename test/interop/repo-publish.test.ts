import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPending } from '../../electron/core/pending/pending-store';
import { reconcilePending } from '../../electron/core/pending/reconcile';
import { initRepository } from '../../electron/core/publish/init-repo';
import { rotateKey } from '../../electron/core/publish/rotate-key';
import { statusOfCache } from '../../electron/core/tuf/cache-status';
import { notaryTestBed } from '../support/notary-test-bed';
import { parseNotaryKeyList, runNotary } from '../support/notary-cli';
import { publishRepoWithDelegation } from '../support/notary-repo';
import { startNotaryServer } from '../support/notary-server';
import type { FakeServer } from '../support/fake-servers';
import { breakingProxy as startBreakingProxy, cacheOf } from '../support/publish-helpers';
import { makeServerCert, makeTestCa } from '../support/tls-certs';
import { snapshotTree } from '../support/tree-snapshot';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

/**
 * Repository init and key rotation by the vault against the real notary-server, checked with the real notary CLI:
 * consumers (fresh, and holding an old cache) list the repository, and notary keeps publishing to it from the same
 * trust dir with the keys the vault wrote.
 */
describe('repo init and rotate against notary-server and the notary CLI', () => {
  const bed = notaryTestBed('tv-repo-publish-');
  const { tmp, env, passphrases, dir, notary, fresh, notaryPublishes } = bed;
  const keyFiles = (trust: string) => readdirSync(join(trust, 'private')).sort();
  /** Our cache holds exactly what a fresh `notary list` caches, and notary lists from our trust dir too. */
  const cacheAgreesWithNotary = (trust: string, gun: string) => {
    const consumer = fresh();
    notary(consumer, ['list', gun]);
    expect(cacheOf(trust, gun)).toEqual(cacheOf(consumer, gun));
    notary(trust, ['list', gun]);
  };

  const proxies: FakeServer[] = [];
  const breakingProxy = async (how: '500' | 'hang-up'): Promise<FakeServer> => {
    const proxy = await startBreakingProxy(bed.server.url, how);
    proxies.push(proxy);
    return proxy;
  };

  afterAll(async () => {
    for (const p of proxies) await p.stop();
  });

  it('init with a local snapshot key: a fresh consumer lists it, notary adds and publishes with the vault\'s keys', async () => {
    const gun = 'example.com/vault/init-local';
    const trust = dir('init-local');
    const r = await initRepository(trust, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'local', passphrases });
    expect(r.cacheUpdated).toBe(true);
    expect(r.versions).toMatchObject({ root: 1, targets: 1, snapshot: 1, timestamp: 1 });
    expect(r.keys.snapshotOnServer).toBe(false);
    expect(keyFiles(trust)).toEqual([`${r.keys.root.canonicalId}.key`, `${r.keys.targets}.key`, `${r.keys.snapshot}.key`].sort());
    expect(statusOfCache(trust, gun).problems.filter((p) => p.code !== 'EXPIRING_SOON')).toEqual([]);
    cacheAgreesWithNotary(trust, gun);
    notaryPublishes(trust, gun, 'v1');
  });

  it('init with the server holding the snapshot key, reusing the trust dir\'s root key as notary does', async () => {
    const gun = 'example.com/vault/init-server';
    const trust = dir('init-server');
    const first = await initRepository(trust, 'example.com/vault/init-first', { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'server', passphrases });
    expect(first.keys.root.reused).toBe(false);
    const r = await initRepository(trust, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'server', passphrases });
    expect(r.keys.snapshotOnServer).toBe(true);
    // One root key file, one certificate per GUN (so two root key IDs in metadata).
    expect(r.keys.root).toMatchObject({ reused: true, canonicalId: first.keys.root.canonicalId });
    expect(r.keys.root.id).not.toBe(first.keys.root.id);
    expect(keyFiles(trust)).toEqual([`${r.keys.root.canonicalId}.key`, `${first.keys.targets}.key`, `${r.keys.targets}.key`].sort());
    const listed = parseNotaryKeyList(notary(trust, ['key', 'list']));
    // notary key list shortens long GUNs ("....com/vault/init-server"), so only the role is compared.
    expect(listed.find((k) => k.id === r.keys.targets)?.role).toBe('targets');
    expect(listed.filter((k) => k.role === 'root').map((k) => k.id)).toEqual([r.keys.root.canonicalId]);
    await expect(initRepository(trust, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'server', passphrases })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    cacheAgreesWithNotary(trust, gun);
    notaryPublishes(trust, gun, 'v1');
  });

  it('a repository notary made is rotated by the vault: targets, snapshot to the server and back, timestamp, root', async () => {
    const gun = 'example.com/notary/rotated';
    const trust = dir('notary-made');
    notary(trust, ['init', gun, '-p']);
    notaryPublishes(trust, gun, 'v1');
    const oldConsumer = fresh();
    notary(oldConsumer, ['list', gun]);
    const steps: [Parameters<typeof rotateKey>[2], boolean][] = [
      ['targets', false],
      ['snapshot', true],
      ['snapshot', false],
      ['timestamp', false],
      ['root', false],
    ];
    for (const [role, serverManaged] of steps) {
      const r = await rotateKey(trust, gun, role, { dataDir: dir('data'), server: { server: bed.server.url }, serverManaged, passphrases });
      expect(r.cacheUpdated, `${role}: ${r.cacheProblem ?? ''}`).toBe(true);
      expect(r.keys[role]).toEqual([r.newKeyId]);
      if (role === 'targets' || (role === 'snapshot' && !serverManaged)) expect(r.keysWritten.map((k) => k.role)).toEqual([role]);
      expect(r.keysRemoved.length, role).toBe(role === 'root' || role === 'timestamp' || (role === 'snapshot' && !serverManaged) ? 0 : 1);
      expect(runNotary(oldConsumer, tmp.path, ['-s', bed.server.url, 'list', gun], env), role).toMatchObject({ status: 0 });
      cacheAgreesWithNotary(trust, gun);
      notaryPublishes(trust, gun, `after-${role}-${serverManaged ? 'server' : 'local'}`);
    }
  });

  it('a repository with a delegation: rotating targets and root keeps the delegation and its tag', async () => {
    const gun = 'example.com/notary/delegated';
    const trust = dir('delegated');
    publishRepoWithDelegation(notary, trust, tmp.path, gun, [{ name: 'v1', content: 'first\n' }]);
    const oldConsumer = fresh();
    notary(oldConsumer, ['list', gun]);
    for (const role of ['targets', 'root'] as const) {
      await rotateKey(trust, gun, role, { dataDir: dir('data'), server: { server: bed.server.url }, passphrases });
      for (const consumer of [oldConsumer, fresh()]) expect(notary(consumer, ['list', gun]), role).toMatch(/v3\s+[0-9a-f]{64}\s+\d+\s+targets\/releases/);
      cacheAgreesWithNotary(trust, gun);
    }
    notaryPublishes(trust, gun, 'v4');
  });

  it('TLS: init and rotate over https with the server\'s CA; with the wrong CA nothing is sent and the error says which check failed', async () => {
    const certs = dir('certs');
    const ca = makeTestCa(certs, 'good');
    const wrong = makeTestCa(certs, 'wrong');
    const tlsServer = await startNotaryServer(dir('tls-server'), { ...makeServerCert(certs, ca, 'notary-server', 'IP:127.0.0.1'), caFile: ca.caFile });
    try {
      const gun = 'example.com/vault/tls';
      const trust = dir('tls-trust');
      const good = { server: tlsServer.url, caFile: ca.caFile };
      await initRepository(trust, gun, { dataDir: dir('data'), server: good, snapshot: 'local', passphrases });
      expect((await rotateKey(trust, gun, 'targets', { dataDir: dir('data'), server: good, passphrases })).cacheUpdated).toBe(true);
      const before = snapshotTree(trust);
      const refused = rotateKey(trust, gun, 'targets', { dataDir: dir('data'), server: { server: tlsServer.url, caFile: wrong.caFile }, passphrases });
      await expect(refused).rejects.toMatchObject({ code: 'TLS_FAILED' });
      await refused.catch((e: Error) => expect(e.message).toMatch(/certificate signed by unknown authority/));
      expect(snapshotTree(trust)).toEqual(before);
    } finally {
      await tlsServer.stop();
    }
  });

  it('a lost targets key: the vault rotates it with the root key, notary publishes with the new one', async () => {
    const gun = 'example.com/notary/lost-targets';
    const trust = dir('lost-targets');
    notary(trust, ['init', gun, '-p']);
    notaryPublishes(trust, gun, 'v1');
    const consumer = fresh();
    notary(consumer, ['list', gun]);
    const targetsId = /targets\s+\S+\s+([0-9a-f]{64})/.exec(notary(trust, ['key', 'list']))![1]!;
    rmSync(join(trust, 'private', `${targetsId}.key`));
    const r = await rotateKey(trust, gun, 'targets', { dataDir: dir('data'), server: { server: bed.server.url }, passphrases });
    expect(r.keysWritten.map((k) => k.role)).toEqual(['targets']);
    notaryPublishes(trust, gun, 'v2');
    expect(notary(consumer, ['list', gun])).toMatch(/v2\s+[0-9a-f]{64}/);
  });

  it('a lost snapshot key: other rotations say to rotate it first; rotated to a new local key, notary publishes again', async () => {
    const gun = 'example.com/notary/lost-snapshot';
    const trust = dir('lost-snapshot');
    notary(trust, ['init', gun, '-p']);
    notaryPublishes(trust, gun, 'v1');
    const snapshotId = /snapshot\s+\S+\s+([0-9a-f]{64})/.exec(notary(trust, ['key', 'list']))![1]!;
    rmSync(join(trust, 'private', `${snapshotId}.key`));
    const before = snapshotTree(trust);
    await expect(rotateKey(trust, gun, 'timestamp', { dataDir: dir('data'), server: { server: bed.server.url }, passphrases })).rejects.toThrow(/rotate the snapshot key first/);
    expect(snapshotTree(trust)).toEqual(before);
    const r = await rotateKey(trust, gun, 'snapshot', { dataDir: dir('data'), server: { server: bed.server.url }, passphrases });
    expect(r.keysWritten.map((k) => k.role)).toEqual(['snapshot']);
    notaryPublishes(trust, gun, 'v2');
  });

  it('a publish the server answers with 500, or hangs up on: the keys made for it end up moved aside, the trust dir\'s files as they were', async () => {
    const gun = 'example.com/notary/failing';
    const trust = dir('failing');
    notary(trust, ['init', gun, '-p']);
    notaryPublishes(trust, gun, 'v1');
    // Directory times change (new key files come and go); the files themselves must not.
    const files = (t: string) => Object.fromEntries(Object.entries(snapshotTree(t)).filter(([, v]) => v.startsWith('file')));
    for (const how of ['500', 'hang-up'] as const) {
      const proxy = await breakingProxy(how);
      const data = dir(`failing-data-${how}`);
      // timestamp and snapshot-to-server ask the server for a new key first: a failed publish leaves it unused.
      for (const [role, serverManaged] of [['targets', false], ['root', false], ['timestamp', false], ['snapshot', true]] as const) {
        const before = files(trust);
        const failed = rotateKey(trust, gun, role, { dataDir: data, server: { server: proxy.url, timeoutMs: 10_000 }, serverManaged, passphrases });
        await expect(failed, `${how} ${role}`).rejects.toMatchObject({ code: how === '500' ? 'SERVER_ERROR' : 'SERVER_OFFLINE' });
        await failed.catch((e: Error) => expect(e.message).toMatch(how === '500' ? /while publishing: .*storage is down.*HTTP 500/ : /went away while publishing; the server may or may not have applied the change/));
        // A hang-up leaves the outcome unknown: the change is pending until the server is asked (the next command).
        if (how === 'hang-up') expect((await reconcilePending(data, trust, { server: proxy.url })).map((s) => s.outcome)).toEqual(role === 'timestamp' ? [] : ['refused']);
        expect(listPending(data, trust)).toEqual([]);
        expect(files(trust), `${how} ${role}`).toEqual(before);
      }
      const initTrust = dir(`failing-init-${how}`);
      await expect(initRepository(initTrust, `example.com/vault/failing-${how}`, { dataDir: data, server: { server: proxy.url, timeoutMs: 10_000 }, snapshot: 'local', passphrases })).rejects.toMatchObject({
        code: how === '500' ? 'SERVER_ERROR' : 'SERVER_OFFLINE',
      });
      if (how === 'hang-up') await reconcilePending(data, initTrust);
      expect(files(initTrust)).toEqual({});
    }
    // The repository is untouched: consumers list it, and notary still publishes with the keys it had.
    expect(statusOfCache(trust, gun).verdict).not.toBe('broken');
    notaryPublishes(trust, gun, 'v2');
    // And the vault can still rotate for real afterwards.
    await rotateKey(trust, gun, 'timestamp', { dataDir: dir('data'), server: { server: bed.server.url }, passphrases });
    notaryPublishes(trust, gun, 'v3');
  });

  it('a stopped server: nothing is sent, nothing changes locally', async () => {
    const gun = 'example.com/notary/offline';
    const trust = dir('offline');
    notary(trust, ['init', gun, '-p']);
    notaryPublishes(trust, gun, 'v1');
    const gone = await breakingProxy('500');
    await gone.stop();
    const before = snapshotTree(trust);
    await expect(rotateKey(trust, gun, 'targets', { dataDir: dir('data'), server: { server: gone.url }, passphrases })).rejects.toMatchObject({ code: 'SERVER_OFFLINE' });
    expect(snapshotTree(trust)).toEqual(before);
  });

  it('a repository that no longer verifies against the pinned root is refused, and why is said', async () => {
    const gun = 'example.com/vault/replaced';
    const trust = dir('replaced-old');
    await initRepository(trust, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'local', passphrases });
    // Someone deletes the trust data and initialises the GUN again with another root key.
    const deleted = await fetch(`${bed.server.url}/v2/${gun}/_trust/tuf/`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    notary(dir('replaced-new'), ['init', gun, '-p']);
    const before = snapshotTree(trust);
    const refused = rotateKey(trust, gun, 'targets', { dataDir: dir('data'), server: { server: bed.server.url }, passphrases });
    await expect(refused).rejects.toThrow(/refusing to change .*could not validate the path to a trusted root/);
    expect(snapshotTree(trust)).toEqual(before);
  });

  describe('the CLI', () => {
    const secrets = { TV_ROOT: env.NOTARY_ROOT_PASSPHRASE, TV_TARGETS: env.NOTARY_TARGETS_PASSPHRASE, TV_SNAPSHOT: env.NOTARY_SNAPSHOT_PASSPHRASE };
    const pass = ['--root-passphrase-env', 'TV_ROOT', '--targets-passphrase-env', 'TV_TARGETS', '--snapshot-passphrase-env', 'TV_SNAPSHOT'];
    const cli = (trust: string, args: string[]) => runBuiltCli([...args, '--trust-dir', trust, '--data-dir', dir('cli-data')], { HOME: tmp.path, ...secrets }, tmp.path);

    beforeAll(() => {
      ensureBuiltCli();
    });

    it('repo init --json, then repo rotate targets and snapshot --server-managed --json; notary keeps working', () => {
      const gun = 'example.com/cli/repo';
      const trust = dir('cli-trust');
      const init = cli(trust, ['repo', 'init', gun, '--server', bed.server.url, '--snapshot', 'local', '--json', ...pass]);
      expect(init, init.stderr).toMatchObject({ status: 0 });
      const made = JSON.parse(init.stdout) as { keys: Record<string, string>; versions: Record<string, number>; cacheUpdated: boolean; snapshotOnServer: boolean };
      expect(made).toMatchObject({ cacheUpdated: true, snapshotOnServer: false, versions: { root: 1, targets: 1, snapshot: 1, timestamp: 1 } });
      expect(keyFiles(trust)).toEqual([made.keys.rootKeyFile, made.keys.targets, made.keys.snapshot].map((id) => `${id}.key`).sort());
      notaryPublishes(trust, gun, 'v1');

      const rotated = cli(trust, ['repo', 'rotate', gun, 'targets', '--server', bed.server.url, '--json', ...pass]);
      expect(rotated, rotated.stderr).toMatchObject({ status: 0 });
      const t = JSON.parse(rotated.stdout) as { newKeyId: string; keys: Record<string, string>; keysRemoved: string[]; versions: Record<string, number> };
      expect(t.keys.targets).toBe(t.newKeyId);
      expect(t.keysRemoved).toEqual([made.keys.targets]);
      expect(t.versions).toMatchObject({ root: 2, targets: 3 });
      notaryPublishes(trust, gun, 'v2');

      const toServer = cli(trust, ['repo', 'rotate', gun, 'snapshot', '--server', bed.server.url, '--server-managed', '--json', ...pass]);
      expect(toServer, toServer.stderr).toMatchObject({ status: 0 });
      expect(JSON.parse(toServer.stdout)).toMatchObject({ snapshotOnServer: true, keysRemoved: [made.keys.snapshot] });
      notaryPublishes(trust, gun, 'v3');

      const text = cli(trust, ['repo', 'rotate', gun, 'timestamp', '--server', bed.server.url, '--root-passphrase-env', 'TV_ROOT']);
      expect(text, text.stderr).toMatchObject({ status: 0, stderr: '' });
      expect(text.stdout).toMatch(new RegExp(`^Rotated the timestamp key of ${gun}: now [0-9a-f]{64} \\(held by the server\\)\n`));
      expect(text.stdout).toMatch(/versions: root 4, targets \d+, snapshot \d+, timestamp \d+/);
      notaryPublishes(trust, gun, 'v4');
    });

    it('usage: a passphrase variable that is not set, a role that cannot be rotated, --server-managed for targets', () => {
      const trust = dir('cli-usage');
      const gun = 'example.com/cli/usage';
      const unset = runBuiltCli(['repo', 'init', gun, '--server', bed.server.url, '--root-passphrase-env', 'NOPE', '--trust-dir', trust], { HOME: tmp.path }, tmp.path);
      expect(unset.status).toBe(2);
      expect(unset.stderr).toMatch(/NOPE, but that environment variable is not set/);
      expect(cli(trust, ['repo', 'rotate', gun, 'targets/releases', '--server', bed.server.url, ...pass]).status).toBe(2);
      expect(cli(trust, ['repo', 'rotate', gun, 'targets', '--server', bed.server.url, '--server-managed', ...pass]).status).toBe(2);
      expect(cli(trust, ['repo', 'rotate', gun, 'targets', ...pass]).stderr).toMatch(/needs --server URL/);
      expect(existsSync(trust)).toBe(false);
    });
  });
});
