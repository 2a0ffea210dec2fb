import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotaryPublisherClient } from '../../electron/core/notary/publisher-client';
import { initRepository } from '../../electron/core/publish/init-repo';
import { rotateKey } from '../../electron/core/publish/rotate-key';
import { inventoryOfStatus, putTagsBack } from '../../electron/core/tags/put-back';
import { signTags } from '../../electron/core/tags/sign-tags';
import { statusOfCache } from '../../electron/core/tuf/cache-status';
import { notaryTestBed } from '../support/notary-test-bed';
import { pushImage, type RunningRegistry, servedManifest, startRegistry } from '../support/registry';

const listed = (out: string) => new Map([...out.matchAll(/^\s*(\S+)\s+([0-9a-f]{64})\s+(\d+)\s+(\S+)\s*$/gm)].map((m) => [m[1]!, { digest: `sha256:${m[2]}`, size: Number(m[3]), role: m[4]! }]));

/**
 * Recovery finishes in the vault: after a new root (root key lost) or a targets rotation (targets key lost), the
 * tag-to-digest inventory verified under the old trust data is signed again, each digest first checked in the
 * registry (Debian's docker-registry); a digest the registry no longer serves is listed, not signed.
 */
describe('put the tags back after a recovery, against docker-registry and notary-server', () => {
  const bed = notaryTestBed('tv-tag-recovery-');
  const { passphrases, dir, notary, fresh } = bed;
  let reg: RunningRegistry;
  const o = () => ({ server: { server: bed.server.url }, registry: {}, passphrases });
  beforeAll(async () => {
    reg = await startRegistry(dir('registry'));
  }, 60_000);
  afterAll(async () => reg?.stop());

  it('root lost: trust data deleted, a new root, every tag that still resolves trusted again with the same digest', async () => {
    const gun = `${reg.host}/acme/rootloss`;
    const pub = dir('pub-root');
    const init = await initRepository(pub, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'local', passphrases });
    for (const t of ['v1', 'v2', 'v3']) await pushImage(reg, dir('img'), 'acme/rootloss', t);
    await signTags(pub, ['v1', 'v2', 'v3'].map((t) => `${gun}:${t}`), o());
    const before = listed(notary(fresh(), ['list', gun]));
    expect([...before.keys()].sort()).toEqual(['v1', 'v2', 'v3']);

    // The inventory comes from the verified cache, before anything is deleted.
    const inventory = inventoryOfStatus(statusOfCache(pub, gun));
    expect(inventory.map((i) => i.tag).sort()).toEqual(['v1', 'v2', 'v3']);

    // v3's image leaves the registry; the root key is lost; the way out: delete the trust data, a new root.
    const v3 = await servedManifest(reg, 'acme/rootloss', 'v3');
    expect((await fetch(`http://${reg.host}/v2/acme/rootloss/manifests/${v3.digest}`, { method: 'DELETE' })).status).toBe(202);
    rmSync(join(pub, 'private', `${init.keys.root.canonicalId}.key`));
    await new NotaryPublisherClient(gun, { server: bed.server.url }).deleteTrustData();
    rmSync(join(pub, 'tuf', gun), { recursive: true });
    const again = await initRepository(pub, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'local', passphrases });
    expect(again.keys.root.canonicalId).not.toBe(init.keys.root.canonicalId);
    expect(listed(notary(fresh(), ['list', gun])).size).toBe(0);

    const r = await putTagsBack(pub, gun, inventory, o());
    expect(r.signed.map((i) => i.tag).sort()).toEqual(['v1', 'v2']);
    expect(r.unresolved.map((i) => i.tag)).toEqual(['v3']);
    expect(r.unresolved[0]!.why).toMatch(/no manifest/);
    const after = listed(notary(fresh(), ['list', gun]));
    expect(after.get('v1')).toEqual(before.get('v1'));
    expect(after.get('v2')).toEqual(before.get('v2'));
    expect(after.has('v3')).toBe(false);
  }, 180_000);

  it('targets lost: rotated with the root key; the inventory is checked and nothing is lost or signed twice', async () => {
    const gun = `${reg.host}/acme/targetsloss`;
    const pub = dir('pub-targets');
    const init = await initRepository(pub, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'local', passphrases });
    await pushImage(reg, dir('img'), 'acme/targetsloss', 'v1');
    await signTags(pub, [`${gun}:v1`], o());
    const before = listed(notary(fresh(), ['list', gun]));
    const inventory = inventoryOfStatus(statusOfCache(pub, gun));

    rmSync(join(pub, 'private', `${init.keys.targets}.key`));
    const rotated = await rotateKey(pub, gun, 'targets', { dataDir: dir('data'), server: { server: bed.server.url }, passphrases });
    expect(rotated.newKeyId).not.toBe(init.keys.targets);
    const r = await putTagsBack(pub, gun, inventory, o());
    expect(r.already.map((i) => i.tag)).toEqual(['v1']);
    expect(r.signed).toEqual([]);
    expect(r.outcome).toBeNull();
    expect(listed(notary(fresh(), ['list', gun])).get('v1')).toEqual(before.get('v1'));

    // A tag that left targets (here revoked by mistake during the recovery) is signed again by the new key.
    const { revokeTags } = await import('../../electron/core/tags/revoke-tags');
    await revokeTags(pub, [`${gun}:v1`], { server: { server: bed.server.url }, passphrases });
    expect(listed(notary(fresh(), ['list', gun])).has('v1')).toBe(false);
    const back = await putTagsBack(pub, gun, inventory, o());
    expect(back.signed.map((i) => i.tag)).toEqual(['v1']);
    expect(listed(notary(fresh(), ['list', gun])).get('v1')).toEqual(before.get('v1'));
  }, 180_000);
});
