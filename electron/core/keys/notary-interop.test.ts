import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasBinary, hasDockerTrust, notaryEnv, notaryKeyList, openssl, run, runOk, sandbox } from '../../../test/fixtures/keys/peers';
import { generatePrivateKey } from './generate';
import { decryptKeyBlock, encodeKeyFile, inspectKeyBlock } from './key-block';
import { keyIdOf } from './key-id';
import { decryptEnvelope, parseEncryptedPrivateKeyInfo } from './pbes2';
import { decodePem, encodePem, type PemBlock } from './pem';
import type { PrivateKey } from './private-key';

/**
 * Both directions against the real notary CLI (Debian 0.7.0): what notary writes, the codec reads with the
 * same IDs; what the codec writes, notary lists, decrypts and re-encrypts.
 */
describe.skipIf(!hasBinary('notary') || !hasBinary('openssl'))('interop with the notary CLI', () => {
  const sb = sandbox('trust-vault-notary-');
  afterAll(() => sb.cleanup());
  const PASS = 'notary-test-passphrase';
  const env = notaryEnv(PASS);
  const notary = (trustDir: string, ...args: string[]) => runOk(sb, 'notary', ['-d', trustDir, ...args], env);
  const firstBlock = (file: string): PemBlock => decodePem(readFileSync(file, 'utf8'))[0]!;
  const keyFiles = (trustDir: string) => readdirSync(join(trustDir, 'private')).filter((f) => f.endsWith('.key')).sort();
  const inner = (b: PemBlock, passphrase: string) =>
    decryptEnvelope(parseEncryptedPrivateKeyInfo(b.bytes), passphrase, (plain) => Buffer.from(plain));

  it('notary key generate: every key decrypts with its passphrase and its ID is the file name', () => {
    const td = join(sb.dir, 'generated');
    notary(td, 'key', 'generate'); // root
    notary(td, 'key', 'generate', 'ecdsa', '--role', 'targets/releases');
    const files = keyFiles(td);
    expect(files).toHaveLength(2);
    for (const f of files) {
      const b = firstBlock(join(td, 'private', f));
      expect(inspectKeyBlock(b)).toEqual({ format: 'pkcs8-encrypted', encrypted: true, algorithm: 'ecdsa' });
      expect(decryptKeyBlock(b, PASS).id).toBe(f.replace(/\.key$/, ''));
      expect(b.headers.path).toBeUndefined(); // files in private/ carry role (and gun), never path
    }
    expect(notaryKeyList(sb, td).map((r) => r.role).sort()).toEqual(['root', 'targets/releases']);
  });

  it('notary key generate -o: the private half decrypts, the public half is our publicKeyPem', () => {
    const prefix = join(sb.dir, 'out-foo');
    notary(join(sb.dir, 'unused'), 'key', 'generate', 'ecdsa', '--role', 'targets/foo', '-o', prefix);
    const key = decryptKeyBlock(firstBlock(`${prefix}-key.pem`), PASS);
    expect(key.publicKeyPem('targets/foo')).toBe(readFileSync(`${prefix}.pem`, 'utf8'));
  });

  it('notary key import of openssl EC and RSA keys: same IDs as we compute from the originals', () => {
    const td = join(sb.dir, 'imported');
    openssl(sb, 'ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', join(sb.dir, 'ec.pem'));
    openssl(sb, 'genrsa', '-traditional', '-out', join(sb.dir, 'rsa.pem'), '2048');
    const ecId = decryptKeyBlock(firstBlock(join(sb.dir, 'ec.pem'))).id;
    const rsaId = decryptKeyBlock(firstBlock(join(sb.dir, 'rsa.pem'))).id;
    notary(td, 'key', 'import', join(sb.dir, 'ec.pem'), '--role', 'targets/ec');
    notary(td, 'key', 'import', join(sb.dir, 'rsa.pem'), '--role', 'targets/rsa');
    expect(keyFiles(td)).toEqual([`${ecId}.key`, `${rsaId}.key`].sort());
    const rsaBlock = firstBlock(join(td, 'private', `${rsaId}.key`));
    expect(inspectKeyBlock(rsaBlock).algorithm).toBe('rsa');
    expect(decryptKeyBlock(rsaBlock, PASS).rsaBits).toBe(2048);
    expect(decryptKeyBlock(firstBlock(join(td, 'private', `${ecId}.key`)), PASS).id).toBe(ecId);
  });

  describe('vault-written keys in a trust dir', () => {
    const td = join(sb.dir, 'vault');
    const keys: { key: PrivateKey; role: string; gun: string }[] = [];

    it('notary key list shows them with the same ID, role and GUN', () => {
      mkdirSync(join(td, 'private'), { recursive: true, mode: 0o700 });
      const plan = [
        ['ecdsa', 'targets', 'example.com/org/app'],
        ['ed25519', 'snapshot', 'example.com/org/app'],
        ['rsa', 'targets/releases', ''],
        ['ecdsa', 'root', ''],
      ] as const;
      for (const [algorithm, role, gun] of plan) {
        const key = generatePrivateKey(algorithm);
        keys.push({ key, role, gun });
        const text = encodeKeyFile(key, { role, gun: gun || null, passphrase: PASS });
        writeFileSync(join(td, 'private', `${key.id}.key`), text, { mode: 0o600 });
      }
      const listed = notaryKeyList(sb, td).sort((a, b) => a.id.localeCompare(b.id));
      const expected = keys.map(({ key, role, gun }) => ({ role, gun, id: key.id })).sort((a, b) => a.id.localeCompare(b.id));
      expect(listed).toEqual(expected);
    });

    it('notary key passwd decrypts them, recomputes the same ID and writes back byte-identical key material', () => {
      const before = keyFiles(td);
      for (const { key } of keys) {
        const file = join(td, 'private', `${key.id}.key`);
        const original = readFileSync(file, 'utf8');
        notary(td, 'key', 'passwd', key.id);
        const after = readFileSync(file, 'utf8');
        expect(after).not.toBe(original); // fresh salt and IV
        // passwd writes private/<the ID notary computes>.key: no new file means notary's ID is ours.
        expect(keyFiles(td)).toEqual(before);
        // notary parsed our PKCS#8 and re-marshalled it: the plaintext is byte for byte what we wrote.
        expect(inner(firstBlock(file), PASS)!.equals(inner(decodePem(original)[0]!, PASS)!)).toBe(true);
        expect(decryptKeyBlock(firstBlock(file), PASS).id).toBe(key.id);
      }
    });

    it('notary key passwd really decrypts: a wrong passphrase fails', () => {
      const r = run(sb, 'notary', ['-d', td, 'key', 'passwd', keys[0]!.key.id], notaryEnv('not the passphrase'));
      expect(r.status).not.toBe(0);
    });

    it('notary key export: a bundle of the same blocks plus a path header, which we read', () => {
      const out = join(sb.dir, 'bundle.pem');
      notary(td, 'key', 'export', '-o', out);
      const blocks = decodePem(readFileSync(out, 'utf8'));
      expect(blocks).toHaveLength(keys.length);
      for (const b of blocks) {
        const key = decryptKeyBlock(b, PASS);
        expect(b.headers.path).toBe(key.id);
        const mine = keys.find((k) => k.key.id === key.id)!;
        expect(b.headers.role).toBe(mine.role);
        expect(b.headers.gun).toBe(mine.gun || undefined);
      }
    });
  });

  it('notary key import takes a vault-made export block (path header) and refuses one without', () => {
    const key = generatePrivateKey('ed25519');
    const withPath = join(sb.dir, 'vault-export.pem');
    writeFileSync(withPath, encodeKeyFile(key, { role: 'targets/ed', passphrase: PASS, path: key.id }));
    const td = join(sb.dir, 'import-target');
    notary(td, 'key', 'import', withPath);
    expect(notaryKeyList(sb, td)).toEqual([{ role: 'targets/ed', gun: '', id: key.id }]);
    const stored = firstBlock(join(td, 'private', `${key.id}.key`));
    expect(stored.headers).toEqual({ role: 'targets/ed' }); // notary drops the path header on import
    expect(decryptKeyBlock(stored, PASS).id).toBe(key.id);
    // import copies encrypted blocks without decrypting them (the path header is trusted as the file name),
    // so prove notary can decrypt this one: passwd rewrites private/<computed ID>.key in place.
    notary(td, 'key', 'passwd', key.id);
    expect(keyFiles(td)).toEqual([`${key.id}.key`]);

    const noPath = join(sb.dir, 'vault-nopath.pem');
    writeFileSync(noPath, encodeKeyFile(generatePrivateKey('ecdsa'), { role: 'targets/x', passphrase: PASS }));
    expect(run(sb, 'notary', ['-d', join(sb.dir, 'import-refused'), 'key', 'import', noPath], env).status).not.toBe(0);
  });

  it('PBKDF2 with an explicit PRF: notary decrypts HMAC-SHA1 but not OpenSSL\'s default HMAC-SHA256; we read both', () => {
    openssl(sb, 'ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', join(sb.dir, 'prf.pem'));
    const id = decryptKeyBlock(firstBlock(join(sb.dir, 'prf.pem'))).id;
    for (const prf of ['hmacWithSHA1', 'hmacWithSHA256']) {
      const out = join(sb.dir, `prf-${prf}.pem`);
      openssl(sb, 'pkcs8', '-topk8', '-v2prf', prf, '-in', join(sb.dir, 'prf.pem'), '-passout', `pass:${PASS}`, '-out', out);
      const b = firstBlock(out);
      expect(decryptKeyBlock(b, PASS).id).toBe(id);
      // notary import needs a path header on encrypted keys; it names the file after it, unchecked.
      const bundle = join(sb.dir, `prf-${prf}-bundle.pem`);
      writeFileSync(bundle, encodePem({ ...b, headers: { path: id, role: 'targets/prf' } }));
      const td = join(sb.dir, `prf-${prf}`);
      notary(td, 'key', 'import', bundle);
      const passwd = run(sb, 'notary', ['-d', td, 'key', 'passwd', id], env);
      expect(passwd.status === 0, `${prf}: ${passwd.stderr}`).toBe(prf === 'hmacWithSHA1');
    }
  });

  it('notary key import takes a vault-made unencrypted PRIVATE KEY and encrypts it', () => {
    const key = generatePrivateKey('ecdsa');
    const file = join(sb.dir, 'vault-plain.pem');
    writeFileSync(file, encodeKeyFile(key, { role: 'targets/plain', passphrase: '' }));
    const td = join(sb.dir, 'import-plain');
    notary(td, 'key', 'import', file);
    const stored = firstBlock(join(td, 'private', `${key.id}.key`));
    expect(stored.type).toBe('ENCRYPTED PRIVATE KEY');
    expect(decryptKeyBlock(stored, PASS).id).toBe(key.id);
  });
});

describe.skipIf(!hasDockerTrust())('interop with docker trust key generate', () => {
  const sb = sandbox('trust-vault-docker-');
  afterAll(() => sb.cleanup());

  it('NAME.pub is our publicKeyPem(NAME) and the key file name is our ID', () => {
    const pubDir = join(sb.dir, 'pub');
    mkdirSync(pubDir);
    const r = run(sb, 'docker', ['trust', 'key', 'generate', 'alice', '--dir', pubDir], {
      DOCKER_CONFIG: join(sb.dir, 'docker'),
      DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: 'docker-pass',
    });
    expect(r.status, r.stderr).toBe(0);
    const privateDir = join(sb.dir, 'docker', 'trust', 'private');
    const [file] = readdirSync(privateDir);
    const b = decodePem(readFileSync(join(privateDir, file!), 'utf8'))[0]!;
    expect(b.headers).toEqual({ role: 'alice' });
    const key = decryptKeyBlock(b, 'docker-pass');
    expect(`${key.id}.key`).toBe(file);
    expect(key.publicKeyPem('alice')).toBe(readFileSync(join(pubDir, 'alice.pub'), 'utf8'));
    expect(keyIdOf('ecdsa', decodePem(readFileSync(join(pubDir, 'alice.pub'), 'utf8'))[0]!.bytes)).toBe(key.id);
  });
});
