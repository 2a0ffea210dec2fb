import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerNotice } from '../../shared/dto/recovery';
import { NotaryPublisherClient } from '../../electron/core/notary/publisher-client';
import { initRepository } from '../../electron/core/publish/init-repo';
import { listKeys } from '../../electron/core/keys/store/scan';
import { forgetRepository } from '../../electron/core/trust-reset';
import { notaryOk, runNotary } from '../support/notary-cli';
import { type RunningNotaryServer, startNotaryServer } from '../support/notary-server';
import { makeTempDir } from '../support/temp-dir';

const env = {
  NOTARY_ROOT_PASSPHRASE: 'root pass lost',
  NOTARY_TARGETS_PASSPHRASE: 'targets pass lost',
  NOTARY_SNAPSHOT_PASSPHRASE: 'snapshot pass lost',
};
const gun = 'example.com/lost/root';

/**
 * A lost root key, end to end through the vault: the publisher deletes the trust data on the server and the vault
 * initialises the repository with a new root; a consumer holding the old root is refused with notary's root error,
 * and after the vault's consumer reset (trust forget) it trusts the new root, the one the notice names.
 */
describe('lost root key, re-initialised by the vault', () => {
  const tmp = makeTempDir('tv-root-lost-');
  let server: RunningNotaryServer;
  const publisher = join(tmp.path, 'publisher');
  const consumer = join(tmp.path, 'consumer');
  const notary = (trust: string, args: string[]) => notaryOk(trust, tmp.path, ['-s', server.url, ...args], env);

  beforeAll(async () => {
    server = await startNotaryServer(join(tmp.path, 'server'));
    const payload = join(tmp.path, 'payload');
    writeFileSync(payload, 'release 1\n');
    notary(publisher, ['init', gun, '-p']);
    notary(publisher, ['add', gun, 'v1', payload, '-p']);
    expect(notary(consumer, ['list', gun])).toMatch(/^v1\s/m);
  });
  afterAll(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it('refuses old consumers until they forget the old root, then they trust the new one', async () => {
    const oldRoot = listKeys(publisher).find((k) => k.role === 'root')!;
    rmSync(oldRoot.path);

    // The way out, as the recovery plan lists it: forget our own pinned root, delete on the server, initialise.
    forgetRepository(publisher, join(tmp.path, 'publisher-data'), gun);
    await new NotaryPublisherClient(gun, { server: server.url }).deleteTrustData();
    const init = await initRepository(publisher, gun, { dataDir: join(tmp.path, 'publisher-data'), server: { server: server.url }, snapshot: 'local', passphrases: { root: env.NOTARY_ROOT_PASSPHRASE, targets: env.NOTARY_TARGETS_PASSPHRASE, snapshot: env.NOTARY_SNAPSHOT_PASSPHRASE } });
    expect(init.keys.root.reused).toBe(false);
    const newRootId = init.keys.root.id;
    const notice = consumerNotice(gun, newRootId, server.url);
    expect(notice).toContain(newRootId);

    // The old consumer: notary's root error (docker shows the same), nothing trusted.
    const refused = runNotary(consumer, tmp.path, ['-s', server.url, 'list', gun], env);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/could not rotate trust to a new trusted root|valid signatures did not meet threshold/);

    // The consumer reset, then the new root is trusted: the one the notice names.
    forgetRepository(consumer, join(tmp.path, 'consumer-data'), gun);
    notary(consumer, ['list', gun]);
    const pinned = JSON.parse(readFileSync(join(consumer, 'tuf', gun, 'metadata', 'root.json'), 'utf8')) as { signed: { roles: { root: { keyids: string[] } } } };
    expect(pinned.signed.roles.root.keyids).toEqual([newRootId]);

    // And the publisher can sign again with the new keys.
    const payload = join(tmp.path, 'payload2');
    writeFileSync(payload, 'release 2\n');
    notary(publisher, ['add', gun, 'v2', payload, '-p']);
    expect(notary(consumer, ['list', gun])).toMatch(/^v2\s/m);
  });
});
