import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasBinary, openssl, sandbox } from '../../../test/fixtures/keys/peers';
import { VaultError } from '../errors';
import { generatePrivateKey } from './generate';
import { decryptKeyBlock, inspectKeyBlock } from './key-block';
import { keyIdOf } from './key-id';
import { evpBytesToKey } from './legacy-pem';
import { decodePem, encodePem } from './pem';
import { notaryKeyParts } from './private-key';

/** Legacy PEM types, made by the real openssl CLI. */
describe.skipIf(!hasBinary('openssl'))('legacy PEM from the openssl CLI', () => {
  const sb = sandbox('trust-vault-legacy-');
  afterAll(() => sb.cleanup());
  const path = (name: string) => join(sb.dir, name);
  const read = (name: string) => decodePem(readFileSync(path(name), 'utf8'));
  const spkiId = (name: string, type: 'ecdsa' | 'rsa') => {
    openssl(sb, 'pkey', '-in', path(name), '-pubout', '-outform', 'DER', '-out', path(`${name}.spki`));
    return keyIdOf(type, readFileSync(path(`${name}.spki`)));
  };
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
      return 'no error';
    } catch (e) {
      return e instanceof VaultError ? e.code : String(e);
    }
  };

  it('EC PRIVATE KEY: plain, and -aes256 / -aes128 / -des3 with Proc-Type + DEK-Info', () => {
    openssl(sb, 'ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', path('ec.pem'));
    const id = spkiId('ec.pem', 'ecdsa');
    const [plain] = read('ec.pem');
    expect(plain!.type).toBe('EC PRIVATE KEY');
    expect(inspectKeyBlock(plain!)).toEqual({ format: 'ec', encrypted: false, algorithm: 'ecdsa' });
    expect(decryptKeyBlock(plain!).id).toBe(id);
    for (const cipher of ['-aes256', '-aes128', '-des3']) {
      openssl(sb, 'ec', '-in', path('ec.pem'), cipher, '-passout', 'pass:open sesame', '-out', path(`ec${cipher}.pem`));
      const [b] = read(`ec${cipher}.pem`);
      expect(b!.headers['Proc-Type']).toBe('4,ENCRYPTED');
      expect(inspectKeyBlock(b!)).toEqual({ format: 'ec', encrypted: true, algorithm: 'ecdsa' });
      expect(decryptKeyBlock(b!, 'open sesame').id).toBe(id);
      expect(codeOf(() => decryptKeyBlock(b!, 'open sesamE'))).toBe('WRONG_PASSPHRASE');
      expect(codeOf(() => decryptKeyBlock(b!))).toBe('PASSPHRASE_REQUIRED');
    }
  });

  it('EC key without the public point (SEC1 [1] absent): the point is derived from d', () => {
    openssl(sb, 'ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', path('ec2.pem'));
    openssl(sb, 'ec', '-in', path('ec2.pem'), '-no_public', '-out', path('ec2-nopub.pem'));
    expect(decryptKeyBlock(read('ec2-nopub.pem')[0]!).id).toBe(spkiId('ec2.pem', 'ecdsa'));
  });

  it('RSA PRIVATE KEY (openssl 3 needs -traditional), plain and -aes256; and openssl\'s own PKCS#8 encryption', () => {
    openssl(sb, 'genrsa', '-traditional', '-out', path('rsa.pem'), '2048');
    const id = spkiId('rsa.pem', 'rsa');
    const [plain] = read('rsa.pem');
    expect(plain!.type).toBe('RSA PRIVATE KEY');
    expect(decryptKeyBlock(plain!).id).toBe(id);
    openssl(sb, 'rsa', '-in', path('rsa.pem'), '-aes256', '-traditional', '-passout', 'pass:pw', '-out', path('rsa-enc.pem'));
    const [enc] = read('rsa-enc.pem');
    expect(enc!.headers['DEK-Info']).toMatch(/^AES-256-CBC,/);
    expect(decryptKeyBlock(enc!, 'pw').id).toBe(id);
    // Without -traditional openssl 3 writes PBES2 with the hmacWithSHA256 PRF, which notary misreads; we read it.
    openssl(sb, 'rsa', '-in', path('rsa.pem'), '-aes256', '-passout', 'pass:pw', '-out', path('rsa-p8.pem'));
    const [p8] = read('rsa-p8.pem');
    expect(p8!.type).toBe('ENCRYPTED PRIVATE KEY');
    expect(decryptKeyBlock(p8!, 'pw').id).toBe(id);
  });

  it('EVP_BytesToKey (MD5) agrees with openssl enc -P', () => {
    const out = openssl(sb, 'enc', '-aes-256-cbc', '-md', 'md5', '-S', '0102030405060708', '-pass', 'pass:pw', '-P');
    const key = /key=([0-9A-F]+)/.exec(out)![1]!;
    expect(evpBytesToKey(Buffer.from('pw'), Buffer.from('0102030405060708', 'hex'), 32).toString('hex').toUpperCase()).toBe(key);
  });

  it('ED25519 PRIVATE KEY (notary\'s 96 raw bytes), plain and encrypted by openssl enc the way PEM encryption works', () => {
    const key = generatePrivateKey('ed25519');
    const raw = Buffer.concat([key.publicBytes, (notaryKeyParts(key) as { seed: Buffer }).seed, key.publicBytes]);
    expect(decryptKeyBlock({ type: 'ED25519 PRIVATE KEY', headers: {}, bytes: raw }).id).toBe(key.id);
    const iv = randomBytes(16);
    const derived = openssl(sb, 'enc', '-aes-128-cbc', '-md', 'md5', '-S', iv.subarray(0, 8).toString('hex'), '-pass', 'pass:pw', '-P');
    const aesKey = /key=([0-9A-F]+)/.exec(derived)![1]!;
    writeFileSync(path('ed.raw'), raw);
    openssl(sb, 'enc', '-aes-128-cbc', '-K', aesKey, '-iv', iv.toString('hex'), '-in', path('ed.raw'), '-out', path('ed.enc'));
    const text = encodePem({
      type: 'ED25519 PRIVATE KEY',
      headers: { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': `AES-128-CBC,${iv.toString('hex').toUpperCase()}` },
      bytes: readFileSync(path('ed.enc')),
    });
    const [b] = decodePem(text);
    expect(inspectKeyBlock(b!)).toEqual({ format: 'ed25519', encrypted: true, algorithm: 'ed25519' });
    expect(decryptKeyBlock(b!, 'pw').id).toBe(key.id);
    expect(codeOf(() => decryptKeyBlock(b!, 'wrong'))).toBe('WRONG_PASSPHRASE');
  });
});
