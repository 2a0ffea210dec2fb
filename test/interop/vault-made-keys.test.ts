import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import { listKeys } from '../../electron/core/keys/store/scan';
import { decodePem } from '../../electron/core/keys/pem';
import { notaryOk, parseNotaryKeyList, runNotary } from '../support/notary-cli';
import { type RunningNotaryServer, startNotaryServer } from '../support/notary-server';
import { makeTempDir } from '../support/temp-dir';
import { asNotaryRows, notaryRows } from '../support/vault-keys';

const pass = 'vault passphrase 1';
const notaryEnv = {
  NOTARY_ROOT_PASSPHRASE: pass,
  NOTARY_TARGETS_PASSPHRASE: pass,
  NOTARY_SNAPSHOT_PASSPHRASE: pass,
  NOTARY_DELEGATION_PASSPHRASE: pass,
};

/** What the vault makes, notary lists identically and signs with. */
describe('keys made by the vault', () => {
  const tmp = makeTempDir('tv-vault-made-');
  const trust = `${tmp.path}/trust`;

  it('every algorithm and role appears identically in notary key list', () => {
    const made = [
      generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: pass }),
      generateKey(trust, { role: 'root', algorithm: 'rsa', rsaBits: 2048, passphrase: pass }),
      generateKey(trust, { role: 'targets', gun: 'example.com/a', algorithm: 'ecdsa', passphrase: pass }),
      generateKey(trust, { role: 'snapshot', gun: 'example.com/a', algorithm: 'ed25519', passphrase: pass }),
      generateKey(trust, { role: 'targets/releases', algorithm: 'ed25519', passphrase: pass }),
      generateKey(trust, { role: 'targets/rsa', algorithm: 'rsa', rsaBits: 2048, passphrase: pass }),
      generateKey(trust, { role: 'alice', algorithm: 'ecdsa', passphrase: pass, publicKeyDir: tmp.path }),
    ];
    const notary = parseNotaryKeyList(notaryOk(trust, tmp.path, ['key', 'list']));
    expect(notary).toHaveLength(made.length);
    expect(notaryRows(notary)).toEqual(asNotaryRows(made.map((m) => m.key)));
    expect(asNotaryRows(listKeys(trust))).toEqual(notaryRows(notary));
    for (const m of made) {
      expect(statSync(m.key.path).mode & 0o777).toBe(0o600);
      expect(m.key.encrypted).toBe(true);
    }
    expect(statSync(`${trust}/private`).mode & 0o777).toBe(0o700);
  });

  it('each key decrypts in notary: notary key passwd accepts its passphrase', () => {
    for (const k of listKeys(trust)) {
      const env = { ...notaryEnv, NOTARY_DELEGATION_PASSPHRASE: pass };
      // notary asks for the old passphrase through the role's variable, then the new one through the same.
      const r = runNotary(trust, tmp.path, ['key', 'passwd', k.id], env);
      expect(r.status, `${k.role} ${k.algorithm}: ${r.stderr}`).toBe(0);
    }
    // notary rewrote the files; the vault still lists the same keys.
    expect(listKeys(trust).every((k) => k.status === 'ok')).toBe(true);
  });

  it('writes NAME.pub as docker trust key generate does: PUBLIC KEY, role header, 0600, SPKI of the key', () => {
    const pub = `${tmp.path}/alice.pub`;
    expect(statSync(pub).mode & 0o777).toBe(0o600);
    const [block] = decodePem(readFileSync(pub, 'utf8'));
    expect(block!.type).toBe('PUBLIC KEY');
    expect(block!.headers).toEqual({ role: 'alice' });
    const alice = listKeys(trust).find((k) => k.role === 'alice')!;
    expect(alice.gun).toBeNull();
    expect(readFileSync(alice.path, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: alice\n\n/);
  });

  it('refuses to overwrite an existing NAME.pub, writing no key either', () => {
    const before = listKeys(trust).length;
    expect(() => generateKey(trust, { role: 'alice', algorithm: 'ecdsa', passphrase: pass, publicKeyDir: tmp.path })).toThrow(/already exists/);
    expect(listKeys(trust)).toHaveLength(before);
  });

  afterAll(() => tmp.cleanup());
});

describe('a vault root key signs a real repository', () => {
  const tmp = makeTempDir('tv-vault-root-');
  const trust = `${tmp.path}/trust`;
  let server: RunningNotaryServer;
  beforeAll(async () => {
    server = await startNotaryServer(tmp.path);
  });
  afterAll(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it('notary init + publish use the vault root key, and a vault targets key after rotation', () => {
    const root = generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: pass });
    const gun = 'localhost/vault/app';
    const n = (args: string[]) => notaryOk(trust, tmp.path, ['-s', server.url, ...args], notaryEnv);
    expect(n(['init', gun])).toContain(`Root key found, using: ${root.key.id}`);
    const file = `${tmp.path}/artifact.txt`;
    writeFileSync(file, 'hello');
    n(['add', gun, 'v1', file]);
    n(['publish', gun]);
    expect(n(['list', gun])).toMatch(/^v1\s/m);

    // A targets key made by the vault (kept outside the trust dir) replaces notary's own.
    const other = `${tmp.path}/other-trust`;
    const targets = generateKey(other, { role: 'targets', gun, algorithm: 'ecdsa', passphrase: pass });
    n(['key', 'rotate', gun, 'targets', '-k', targets.key.path]);
    n(['add', gun, 'v2', file]);
    n(['publish', gun]);
    expect(n(['list', gun])).toMatch(/^v2\s/m);
    const listed = parseNotaryKeyList(n(['key', 'list']));
    expect(listed.find((k) => k.role === 'targets')?.id).toBe(targets.key.id);
    expect(basename(targets.key.path)).toBe(`${targets.key.id}.key`);
  });
});
