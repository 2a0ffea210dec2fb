import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setOfflineKeyLookup } from '../../electron/core/keys/offline-key-source';
import { setSavedPassphraseLookup } from '../../electron/core/keys/saved-passphrases';
import { initRepository } from '../../electron/core/publish/init-repo';
import { rotateKey } from '../../electron/core/publish/rotate-key';
import { takeOffline } from '../../electron/core/vault/offline-keys';
import { manualClock } from '../../electron/core/vault/testing';
import { recoveryPlanFor } from '../../electron/core/recovery/recovery-service';
import { VaultSession } from '../../electron/core/vault/vault-session';
import { notaryOk, parseNotaryKeyList } from '../support/notary-cli';
import { type RunningNotaryServer, startNotaryServer } from '../support/notary-server';
import { makeTempDir } from '../support/temp-dir';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

/**
 * A root key kept offline in the vault signs one publisher operation from the unlocked vault, without its file
 * coming back to the trust dir; the real notary-server takes the result and a fresh notary consumer trusts it.
 */
describe('an offline root key signs one operation from the vault', () => {
  const tmp = makeTempDir('tv-vault-root-op-');
  let server: RunningNotaryServer;
  const unbind: (() => void)[] = [];
  beforeAll(async () => {
    server = await startNotaryServer(join(tmp.path, 'server'));
  });
  afterAll(async () => {
    unbind.forEach((u) => u());
    await server?.stop();
    tmp.cleanup();
  });

  it('rotates the targets key with the root key in the vault, and the trust dir never holds the root file again', async () => {
    const trust = join(tmp.path, 'trust');
    const gun = 'example.com/offline-root';
    const passphrases = { root: 'root passphrase 1', targets: 'targets passphrase 1', snapshot: 'snapshot passphrase 1' };
    await initRepository(trust, gun, { dataDir: join(tmp.path, 'data'), server: { server: server.url }, snapshot: 'local', passphrases, now: new Date() });
    const rootId = parseNotaryKeyList(notaryOk(trust, tmp.path, ['key', 'list'])).find((k) => k.role === 'root')!.id;

    const dataDir = join(tmp.path, 'data');
    // One pass of Argon2id at the format's 64 MiB floor: a real vault file, which the recovery planner reads too.
    const calibrator = async (targetMs: number) => ({ params: { memoryKiB: 65536, iterations: 1, parallelism: 4, salt: randomBytes(16) }, targetMs, measuredMs: 1 });
    const session = new VaultSession({ dataDir, clock: manualClock().clock, calibrator });
    await session.create('master passphrase of the vault');
    takeOffline(session, trust, rootId, { insist: true, otherCopies: [] });
    const rootFile = join(trust, 'private', `${rootId}.key`);
    expect(existsSync(rootFile)).toBe(false);

    // The recovery planner counts the vault's copy: the root key is not lost, it is offline.
    const plan = await recoveryPlanFor(trust, gun, { now: new Date(), dataDir, tokens: [] });
    const root = plan.roles.find((r) => r.role === 'root')!;
    expect(root.status).toBe('have');
    expect(root.keys.find((k) => k.canonicalId === rootId)).toMatchObject({ files: [], inVault: true });

    // Locked: the root key is nowhere to be found, and nothing changes.
    session.lock('manual');
    unbind.push(setOfflineKeyLookup((id) => (session.isUnlocked() ? session.offlineKeyBytes(id) : undefined)));
    unbind.push(setSavedPassphraseLookup((id) => session.savedPassphrase(id)));
    await expect(rotateKey(trust, gun, 'targets', { dataDir: join(tmp.path, 'data'), server: { server: server.url }, passphrases })).rejects.toThrow(/no root key of this repository/);

    // Unlocked, with the root passphrase saved too: the rotation asks for nothing but the new key's passphrase.
    await session.unlock('master passphrase of the vault');
    session.savePassphrase(rootId, passphrases.root, { role: 'root', gun: null });
    const outcome = await rotateKey(trust, gun, 'targets', { dataDir: join(tmp.path, 'data'), server: { server: server.url }, passphrases: { targets: 'new targets passphrase', snapshot: passphrases.snapshot } });
    expect(outcome.keysWritten.map((k) => k.role)).toEqual(['targets']);
    expect(existsSync(rootFile)).toBe(false);
    expect(notaryOk(join(tmp.path, 'consumer'), tmp.path, ['-s', server.url, 'list', gun])).toMatch(/No targets present|^\s*$/m);
    session.dispose();
  });

  it('the CLI does the same: vault init, vault remember, keys offline, then --vault-passphrase-env on repo rotate for one command', async () => {
    const trust = join(tmp.path, 'cli-trust');
    const dataDir = join(tmp.path, 'cli-data');
    const gun = 'example.com/cli-offline-root';
    const passphrases = { root: 'root passphrase 2', targets: 'targets passphrase 2', snapshot: 'snapshot passphrase 2' };
    await initRepository(trust, gun, { dataDir: join(tmp.path, 'data'), server: { server: server.url }, snapshot: 'local', passphrases, now: new Date() });
    const keys = parseNotaryKeyList(notaryOk(trust, tmp.path, ['key', 'list']));
    const rootId = keys.find((k) => k.role === 'root')!.id;
    const snapshotId = keys.find((k) => k.role === 'snapshot')!.id;
    ensureBuiltCli();
    const env = { HOME: tmp.path, MASTER: 'master passphrase of the vault', ROOT: passphrases.root, SNAPSHOT: passphrases.snapshot, WRONG: 'not the passphrase', NEW_TARGETS: 'new targets passphrase' };
    const common = ['--trust-dir', trust, '--data-dir', dataDir];
    const vaultCli = (args: string[]) => runBuiltCli([...args, '--vault-passphrase-env', 'MASTER', ...common], env);
    expect(runBuiltCli(['vault', 'init', '--passphrase-env', 'MASTER', '--unlock-seconds', '0.1', ...common], env).status).toBe(0);
    // A passphrase is saved only once it opens the key.
    const wrong = vaultCli(['vault', 'remember', '--id', rootId, '--passphrase-env', 'WRONG']);
    expect([wrong.status, wrong.stderr]).toEqual([1, expect.stringMatching(/WRONG_PASSPHRASE/)]);
    expect(vaultCli(['vault', 'remember', '--id', rootId, '--passphrase-env', 'ROOT']).status).toBe(0);
    expect(vaultCli(['vault', 'remember', '--id', snapshotId, '--passphrase-env', 'SNAPSHOT']).status).toBe(0);
    expect(runBuiltCli(['keys', 'offline', '--id', rootId, '--vault-passphrase-env', 'MASTER', '--force', ...common], env).status).toBe(0);
    const rotate = ['repo', 'rotate', gun, 'targets', '--server', server.url, '--targets-passphrase-env', 'NEW_TARGETS', ...common];
    const without = runBuiltCli(rotate, env);
    expect(without.status).toBe(1);
    expect(without.stderr).toMatch(/no root key of this repository/);
    const withVault = runBuiltCli([...rotate, '--vault-passphrase-env', 'MASTER', '--json'], env);
    expect(withVault.status, withVault.stderr).toBe(0);
    expect(existsSync(join(trust, 'private', `${rootId}.key`))).toBe(false);
    notaryOk(join(tmp.path, 'cli-consumer'), tmp.path, ['-s', server.url, 'list', gun]);
  });
});
