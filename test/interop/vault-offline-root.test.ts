import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notaryOk, parseNotaryKeyList } from '../support/notary-cli';
import { type RunningNotaryServer, startNotaryServer } from '../support/notary-server';
import { makeTempDir } from '../support/temp-dir';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

/**
 * Issue 7, "offline root", with the real notary CLI and notary-server: a root key notary made goes into the vault
 * (`notary key list` no longer shows it), comes back byte for byte with the same ID, and notary then signs a new
 * repository's root with it (no new root key is made); `keys offline` again takes the online copy away.
 */
describe('offline root key: trust-vault keys offline|online with notary', () => {
  const tmp = makeTempDir('tv-vault-offline-root-');
  const trust = join(tmp.path, 'trust');
  const data = join(tmp.path, 'data');
  const env = {
    NOTARY_ROOT_PASSPHRASE: 'root passphrase 1',
    NOTARY_TARGETS_PASSPHRASE: 'targets passphrase 1',
    NOTARY_SNAPSHOT_PASSPHRASE: 'snapshot passphrase 1',
  };
  const cliEnv = { HOME: tmp.path, TV_VAULT: 'vault master passphrase' };
  let server: RunningNotaryServer;
  const notary = (args: string[]) => notaryOk(trust, tmp.path, ['-s', server.url, ...args], env);
  const keyList = () => parseNotaryKeyList(notaryOk(trust, tmp.path, ['key', 'list']));
  const cli = (args: string[]) => {
    const r = runBuiltCli([...args, '--trust-dir', trust, '--data-dir', data, '--json'], cliEnv);
    return { ...r, json: r.status === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : null };
  };
  const privateFiles = () => readdirSync(join(trust, 'private')).sort();

  beforeAll(async () => {
    ensureBuiltCli();
    server = await startNotaryServer(join(tmp.path, 'server'));
  });
  afterAll(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it('takes notary\'s root key offline, brings it back identical, and notary inits a new repository with it', () => {
    notary(['init', 'example.com/vault/first']);
    notary(['publish', 'example.com/vault/first']);
    const roots = keyList().filter((k) => k.role === 'root');
    expect(roots).toHaveLength(1);
    const rootId = roots[0]!.id;
    const rootPath = join(trust, 'private', `${rootId}.key`);
    const original = readFileSync(rootPath);

    const init = cli(['vault', 'init', '--passphrase-env', 'TV_VAULT', '--unlock-seconds', '0.2']);
    expect(init.status, init.stderr).toBe(0);
    expect(init.json).toMatchObject({ exists: true, kdf: { algorithm: 'argon2id', memoryKiB: 65536, parallelism: 4 } });

    // No verified backup: refused without --force, and nothing moves.
    const refused = cli(['keys', 'offline', '--id', rootId, '--vault-passphrase-env', 'TV_VAULT']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/ONLY_COPY/);
    expect(readFileSync(rootPath).equals(original)).toBe(true);

    const wrong = runBuiltCli(['keys', 'offline', '--id', rootId, '--vault-passphrase-env', 'TV_VAULT', '--force', '--trust-dir', trust, '--data-dir', data], { ...cliEnv, TV_VAULT: 'not the vault passphrase' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/VAULT_WRONG_PASSPHRASE/);
    expect(readFileSync(rootPath).equals(original)).toBe(true);

    const off = cli(['keys', 'offline', '--id', rootId, '--vault-passphrase-env', 'TV_VAULT', '--force']);
    expect(off.status, off.stderr).toBe(0);
    expect(off.json).toMatchObject({ keyId: rootId, insisted: true });
    expect(privateFiles()).not.toContain(`${rootId}.key`);
    expect(keyList().map((k) => k.id)).not.toContain(rootId);
    const status = cli(['vault', 'status']);
    expect((status.json!.offlineKeys as { keyId: string; onlineUntil: string | null }[]).map((k) => [k.keyId, k.onlineUntil])).toEqual([[rootId, null]]);

    const on = cli(['keys', 'online', '--id', rootId, '--vault-passphrase-env', 'TV_VAULT', '--for', '600']);
    expect(on.status, on.stderr).toBe(0);
    expect(on.json).toMatchObject({ keyId: rootId, path: rootPath });
    expect(readFileSync(rootPath).equals(original)).toBe(true);
    expect(keyList().filter((k) => k.role === 'root').map((k) => k.id)).toEqual([rootId]);

    // notary reuses the first root key it finds: a new repository is rooted in ours, signed with its passphrase.
    const before = privateFiles();
    notary(['init', 'example.com/vault/second']);
    notary(['publish', 'example.com/vault/second']);
    const added = privateFiles().filter((f) => !before.includes(f));
    expect(added).toHaveLength(2); // its targets and snapshot keys; no second root key
    expect(keyList().filter((k) => k.role === 'root').map((k) => k.id)).toEqual([rootId]);
    // A fresh consumer trusts the published repository.
    notaryOk(join(tmp.path, 'consumer'), tmp.path, ['-s', server.url, 'list', 'example.com/vault/second']);

    // Offline again: the online copy (identical to the vault's) is removed; no --force needed, the vault holds it.
    const again = cli(['keys', 'offline', '--id', rootId, '--vault-passphrase-env', 'TV_VAULT']);
    expect(again.status, again.stderr).toBe(0);
    expect(keyList().map((k) => k.id)).not.toContain(rootId);
    expect(privateFiles()).not.toContain(`${rootId}.key`);
  });

  it('CLI usage: exit 2 for bad usage, 1 with a one-line reason when the vault is missing, secrets only from the environment', () => {
    const other = join(tmp.path, 'no-vault-data');
    const run = (args: string[]) => runBuiltCli([...args, '--trust-dir', trust, '--data-dir', other], cliEnv);
    const id = 'a'.repeat(64);
    const none = run(['vault', 'status', '--json']);
    expect(none.status).toBe(0);
    expect(JSON.parse(none.stdout)).toMatchObject({ exists: false, unlocked: false, kdf: null, offlineKeys: [] });
    expect(run(['keys', 'online', '--id', id, '--vault-passphrase-env', 'TV_VAULT', '--for', '5']).status).toBe(2);
    expect(run(['keys', 'online', '--id', id]).status).toBe(2);
    expect(run(['keys', 'offline', '--id', id, '--vault-passphrase-env', 'UNSET_VARIABLE']).status).toBe(2);
    expect(run(['keys', 'offline', '--id', id, '--vault-passphrase-env', 'TV_VAULT', '--for', '60']).status).toBe(2);
    expect(run(['vault', 'init', '--passphrase-env', 'TV_VAULT', '--unlock-seconds', 'soon']).status).toBe(2);
    expect(run(['vault', 'frobnicate']).status).toBe(2);
    const missing = run(['keys', 'online', '--id', id, '--vault-passphrase-env', 'TV_VAULT']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^trust-vault: There is no vault yet .*\(VAULT_NOT_CREATED\)\n$/);
    const short = runBuiltCli(['vault', 'init', '--passphrase-env', 'TV_VAULT', '--trust-dir', trust, '--data-dir', other], { ...cliEnv, TV_VAULT: 'short' });
    expect(short.stderr).toMatch(/PASSPHRASE_TOO_SHORT/);
    expect(short.status).toBe(1);
  });
});
