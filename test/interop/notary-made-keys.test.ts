import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKeys } from '../../electron/core/keys/store/scan';
import { notaryOk, parseNotaryKeyList } from '../support/notary-cli';
import { type RunningNotaryServer, startNotaryServer } from '../support/notary-server';
import { makeTempDir } from '../support/temp-dir';
import { asNotaryRows, decryptedIdOf, notaryRows } from '../support/vault-keys';

/** What notary makes, the vault lists with the same ID, role and GUN, and decrypts with the same passphrase. */
describe('keys made by notary', () => {
  const tmp = makeTempDir('tv-notary-made-');
  const trust = `${tmp.path}/trust`;
  const pass = 'correct horse battery';
  const env = {
    NOTARY_ROOT_PASSPHRASE: pass,
    NOTARY_TARGETS_PASSPHRASE: pass,
    NOTARY_SNAPSHOT_PASSPHRASE: pass,
    NOTARY_DELEGATION_PASSPHRASE: pass,
  };
  let server: RunningNotaryServer;

  beforeAll(async () => {
    server = await startNotaryServer(tmp.path);
    notaryOk(trust, tmp.path, ['-s', server.url, 'init', 'example.com/team/app'], env);
    notaryOk(trust, tmp.path, ['key', 'generate', '--role', 'targets/releases'], env);
    notaryOk(trust, tmp.path, ['key', 'generate', 'ecdsa', '--role', 'alice'], env);
    // Delegation keys from openssl, in both legacy PEM types notary accepts on import.
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${tmp.path}/ec.pem`]);
    execFileSync('openssl', ['genrsa', '-traditional', '-out', `${tmp.path}/rsa.pem`, '2048'], { stdio: 'ignore' });
    notaryOk(trust, tmp.path, ['key', 'import', `${tmp.path}/ec.pem`, '--role', 'targets/ec'], env);
    notaryOk(trust, tmp.path, ['key', 'import', `${tmp.path}/rsa.pem`, '--role', 'targets/rsa'], env);
  });
  afterAll(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it('lists every key with the ID, role and GUN notary shows', () => {
    const notary = parseNotaryKeyList(notaryOk(trust, tmp.path, ['key', 'list']));
    const vault = listKeys(trust);
    expect(notary.map((k) => k.role).sort()).toEqual(['alice', 'root', 'snapshot', 'targets', 'targets/ec', 'targets/releases', 'targets/rsa']);
    expect(asNotaryRows(vault)).toEqual(notaryRows(notary));
    expect(vault.every((k) => k.status === 'ok' && k.encrypted && k.format === 'pkcs8-encrypted')).toBe(true);
    const byRole = Object.fromEntries(vault.map((k) => [k.role, k]));
    expect(byRole['targets/rsa']!.algorithm).toBe('rsa');
    expect(byRole['root']!.algorithm).toBe('ecdsa');
    expect(byRole['targets']!.gun).toBe('example.com/team/app');
    expect(byRole['root']!.kind).toBe('root');
    expect(byRole['alice']!.kind).toBe('delegation');
  });

  it('decrypts every key with its passphrase, and the decrypted key has the ID of its file name', () => {
    for (const k of listKeys(trust)) expect(decryptedIdOf(k, pass)).toBe(k.id);
  });

  it('refuses a wrong passphrase', () => {
    const k = listKeys(trust)[0]!;
    expect(() => decryptedIdOf(k, 'not the passphrase')).toThrow(/passphrase/);
  });
});
