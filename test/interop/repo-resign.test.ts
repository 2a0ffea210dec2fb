import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotaryTime } from '../../electron/core/publish/metadata/expiry';
import { resignRepository } from '../../electron/core/publish/resign';
import { notaryTestBed } from '../support/notary-test-bed';
import { publishRepoWithDelegation } from '../support/notary-repo';
import type { FakeServer } from '../support/fake-servers';
import { breakingProxy } from '../support/publish-helpers';
import { snapshotTree } from '../support/tree-snapshot';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

const DAY = 86_400_000;

/**
 * Re-signing roles nearing expiry against the real notary-server, checked with the real notary CLI: repositories
 * notary made; the expiry window is set so targets and snapshot (3 years) are chosen and root (10 years) is not.
 */
describe('repo resign against notary-server and the notary CLI', () => {
  const bed = notaryTestBed('tv-repo-resign-');
  const { tmp, env, passphrases, dir, notary, fresh, notaryPublishes } = bed;
  const cached = (trust: string, gun: string, role: string) =>
    (JSON.parse(readFileSync(join(trust, 'tuf', gun, 'metadata', `${role}.json`), 'utf8')) as { signed: { version: number; expires: string } }).signed;
  /**
   * "Three years less 30 days on, within 90 days": targets and snapshot (1095 days) are chosen, root (3650) is not.
   * The server signs the timestamp on its own clock, so a `now` moved 3 years on would find it expired (and
   * loadRepoState rightly refuses an expired timestamp): the same selection is made today with the window moved
   * instead, 1065 + 90 days.
   */
  const WITHIN = 1065 + 90;
  const proxies: FakeServer[] = [];

  afterAll(async () => {
    for (const p of proxies) await p.stop();
  });

  it('a notary-made repository: targets and snapshot re-signed (version + 1, expiry now + 3 years), root untouched; consumers old and new list it', async () => {
    const gun = 'example.com/notary/resign';
    const trust = dir('resign');
    notary(trust, ['init', gun, '-p']);
    notaryPublishes(trust, gun, 'v1');
    const oldConsumer = fresh();
    notary(oldConsumer, ['list', gun]);
    // notary publish leaves its own cache as fetched before the publish; the consumer's is current.
    const before = { root: cached(oldConsumer, gun, 'root'), targets: cached(oldConsumer, gun, 'targets'), snapshot: cached(oldConsumer, gun, 'snapshot') };

    const now = new Date();
    const r = await resignRepository(trust, gun, { server: { server: bed.server.url }, passphrases, withinDays: WITHIN, now });
    expect(r.cacheUpdated, r.cacheProblem).toBe(true);
    expect(r.resigned).toEqual(['targets', 'snapshot']);
    expect(r.versions).toMatchObject({ root: before.root.version, targets: before.targets.version + 1, snapshot: before.snapshot.version + 1 });
    expect(r.keysWritten).toEqual([]);
    expect(r.keysRemoved).toEqual([]);
    for (const role of ['targets', 'snapshot']) {
      const expires = parseNotaryTime(cached(trust, gun, role).expires).getTime();
      expect(Math.abs(expires - (now.getTime() + 1095 * DAY)), role).toBeLessThan(1000);
    }
    expect(cached(trust, gun, 'root')).toEqual(before.root);
    for (const consumer of [oldConsumer, fresh()]) expect(notary(consumer, ['list', gun])).toMatch(/v1\s+[0-9a-f]{64}/);
    notaryPublishes(trust, gun, 'v2');

    // --role root: root re-signed with the root key, version + 1, a fresh ten-year expiry.
    const root = await resignRepository(trust, gun, { server: { server: bed.server.url }, passphrases, roles: ['root'], now });
    expect(root.resigned).toEqual(['root', 'snapshot']);
    expect(root.versions.root).toBe(before.root.version + 1);
    expect(Math.abs(parseNotaryTime(cached(trust, gun, 'root').expires).getTime() - (now.getTime() + 3650 * DAY))).toBeLessThan(1000);
    for (const consumer of [oldConsumer, fresh()]) expect(notary(consumer, ['list', gun])).toMatch(/v2\s+[0-9a-f]{64}/);
    notaryPublishes(trust, gun, 'v3');

    // Nothing within 90 days today: nothing is sent.
    const none = await resignRepository(trust, gun, { server: { server: bed.server.url }, passphrases });
    expect(none.resigned).toEqual([]);
  });

  it('a delegation whose key the trust dir holds is re-signed too; the timestamp and unknown roles are refused', async () => {
    const gun = 'example.com/notary/resign-delegated';
    const trust = dir('resign-delegated');
    publishRepoWithDelegation(notary, trust, tmp.path, gun, [{ name: 'v1', content: 'first\n' }]);
    const oldConsumer = fresh();
    notary(oldConsumer, ['list', gun]);
    const releases = cached(oldConsumer, gun, 'targets/releases');
    const r = await resignRepository(trust, gun, { server: { server: bed.server.url }, passphrases, withinDays: WITHIN });
    expect(r.cacheUpdated, r.cacheProblem).toBe(true);
    expect(r.resigned).toEqual(['targets', 'targets/releases', 'snapshot']);
    expect(cached(trust, gun, 'targets/releases').version).toBe(releases.version + 1);
    for (const consumer of [oldConsumer, fresh()]) expect(notary(consumer, ['list', gun])).toMatch(/v3\s+[0-9a-f]{64}\s+\d+\s+targets\/releases/);

    const before = snapshotTree(trust);
    await expect(resignRepository(trust, gun, { server: { server: bed.server.url }, passphrases, roles: ['timestamp'] })).rejects.toThrow(/timestamp is signed by the server/);
    await expect(resignRepository(trust, gun, { server: { server: bed.server.url }, passphrases, roles: ['targets/nobody'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(snapshotTree(trust)).toEqual(before);
  });

  it('a role whose key the trust dir does not have: a clear error naming it, nothing sent', async () => {
    const gun = 'example.com/notary/resign-nokey';
    const trust = dir('resign-nokey');
    const other = dir('resign-nokey-consumer');
    notary(trust, ['init', gun, '-p']);
    notary(other, ['list', gun]);
    const before = snapshotTree(other);
    await expect(resignRepository(other, gun, { server: { server: bed.server.url }, passphrases, roles: ['targets'] })).rejects.toThrow(/cannot re-sign targets: no targets key/);
    expect(snapshotTree(other)).toEqual(before);
  });

  it('a publish the server answers with 500: nothing changes locally', async () => {
    const gun = 'example.com/notary/resign-failing';
    const trust = dir('resign-failing');
    notary(trust, ['init', gun, '-p']);
    notaryPublishes(trust, gun, 'v1');
    const proxy = await breakingProxy(bed.server.url, '500');
    proxies.push(proxy);
    const before = snapshotTree(trust);
    const failed = resignRepository(trust, gun, { server: { server: proxy.url, timeoutMs: 10_000 }, passphrases, withinDays: WITHIN });
    await expect(failed).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    await failed.catch((e: Error) => expect(e.message).toMatch(/storage is down.*HTTP 500/));
    expect(snapshotTree(trust)).toEqual(before);
    notaryPublishes(trust, gun, 'v2');
  });

  describe('the CLI', () => {
    const secrets = { TV_ROOT: env.NOTARY_ROOT_PASSPHRASE, TV_TARGETS: env.NOTARY_TARGETS_PASSPHRASE, TV_SNAPSHOT: env.NOTARY_SNAPSHOT_PASSPHRASE };
    const pass = ['--root-passphrase-env', 'TV_ROOT', '--targets-passphrase-env', 'TV_TARGETS', '--snapshot-passphrase-env', 'TV_SNAPSHOT'];
    const cli = (trust: string, args: string[]) => runBuiltCli([...args, '--trust-dir', trust, '--data-dir', dir('cli-data')], { HOME: tmp.path, ...secrets }, tmp.path);

    beforeAll(() => {
      ensureBuiltCli();
    });

    it('repo resign --role targets,root --json; --within-days 1100 picks targets and snapshot; bad options are usage errors', () => {
      const gun = 'example.com/cli/resign';
      const trust = dir('cli-resign');
      notary(trust, ['init', gun, '-p']);
      const byRole = cli(trust, ['repo', 'resign', gun, '--server', bed.server.url, '--role', 'targets,root', '--json', ...pass]);
      expect(byRole, byRole.stderr).toMatchObject({ status: 0 });
      expect(JSON.parse(byRole.stdout)).toMatchObject({ operation: 'resign', gun, resigned: ['root', 'targets', 'snapshot'], cacheUpdated: true });
      const first = JSON.parse(byRole.stdout) as { versions: Record<string, number> };
      // Today targets and snapshot expire in 1095 days, root in 3650.
      const byDays = cli(trust, ['repo', 'resign', gun, '--server', bed.server.url, '--within-days', '1100', '--json', ...pass]);
      expect(byDays, byDays.stderr).toMatchObject({ status: 0 });
      expect(JSON.parse(byDays.stdout)).toMatchObject({
        resigned: ['targets', 'snapshot'],
        versions: { root: first.versions.root, targets: first.versions.targets! + 1, snapshot: first.versions.snapshot! + 1 },
      });
      expect(notary(fresh(), ['list', gun])).toBeDefined();
      const bad = cli(trust, ['repo', 'resign', gun, '--server', bed.server.url, '--within-days', 'soon', ...pass]);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toMatch(/--within-days soon/);
    });
  });
});
