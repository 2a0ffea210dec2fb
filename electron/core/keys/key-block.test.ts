import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OID, decodeDer, derInteger, derOctets, derOid, derSequence, readOctets, readOid, readSmallInt, sequence } from '../der';
import { VaultError } from '../errors';
import { generatePrivateKey } from './generate';
import { decryptKeyBlock, encodeKeyFile, inspectKeyBlock } from './key-block';
import { keyIdOf } from './key-id';
import { decryptEnvelope, parseEncryptedPrivateKeyInfo } from './pbes2';
import { decodePem, encodePem, type PemBlock } from './pem';
import { encodeNotaryPrivateKeyInfo } from './pkcs8';
import { notaryKeyParts } from './private-key';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/keys', name), 'utf8');
const block = (text: string): PemBlock => decodePem(text)[0]!;
const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof VaultError) return e.code;
    throw e;
  }
  return 'no error';
};
/** The decrypted inner PKCS#8 of a notary-style file. */
const innerOf = (b: PemBlock, passphrase: string) =>
  decryptEnvelope(parseEncryptedPrivateKeyInfo(b.bytes), passphrase, (plain) => Buffer.from(plain))!;
const nodePem = (key: KeyObject, type: 'pkcs8' | 'sec1' | 'pkcs1', extra: object = {}) =>
  block(key.export({ type, format: 'pem', ...extra } as never) as string);

describe('real notary and docker files (fixtures)', () => {
  it('notary key generate -o: decrypts, and its ID and PUBLIC KEY block match what notary wrote', () => {
    const b = block(fixture('notary-generate-o-key.pem'));
    expect(inspectKeyBlock(b)).toEqual({ format: 'pkcs8-encrypted', encrypted: true, algorithm: 'ecdsa' });
    const key = decryptKeyBlock(b, 'pass1234');
    expect(key.algorithm).toBe('ecdsa');
    const pub = block(fixture('notary-generate-o.pem'));
    expect(key.id).toBe(keyIdOf('ecdsa', pub.bytes));
    expect(key.publicKeyPem('targets/foo')).toBe(fixture('notary-generate-o.pem'));
  });

  it('docker trust key generate: ID is the file name, NAME.pub is byte-identical', () => {
    const key = decryptKeyBlock(block(fixture('docker-alice.key')), 'pass1234');
    expect(key.id).toBe('9e229b2cb33a2ae77d3ba7599700eea163721e0e111eb3912daa007242170986');
    expect(key.publicKeyPem('alice')).toBe(fixture('docker-alice.pub'));
  });

  it('RSA 2048 imported by notary: ID is the file name', () => {
    const b = block(fixture('notary-imported-rsa2048.key'));
    expect(inspectKeyBlock(b).algorithm).toBe('rsa');
    const key = decryptKeyBlock(b, 'pass1234');
    expect(key.id).toBe('7213ecfce02f466bb92adeafecab77214b58e506bb17e38e4dd7c709e86627a6');
    expect(key.rsaBits).toBe(2048);
  });

  it('re-encodes the inner PKCS#8 of notary files byte for byte (ECDSA and RSA quirks)', () => {
    for (const name of ['notary-generate-o-key.pem', 'docker-alice.key', 'notary-imported-rsa2048.key']) {
      const b = block(fixture(name));
      expect(encodeNotaryPrivateKeyInfo(notaryKeyParts(decryptKeyBlock(b, 'pass1234'))).equals(innerOf(b, 'pass1234'))).toBe(true);
    }
  });

  it('refuses a wrong or missing passphrase with distinct codes', () => {
    const b = block(fixture('docker-alice.key'));
    expect(code(() => decryptKeyBlock(b, 'wrong passphrase'))).toBe('WRONG_PASSPHRASE');
    expect(code(() => decryptKeyBlock(b))).toBe('PASSPHRASE_REQUIRED');
    expect(code(() => decryptKeyBlock(b, ''))).toBe('PASSPHRASE_REQUIRED');
  });
});

describe('encodeKeyFile writes notary\'s exact format', () => {
  for (const [algorithm, ciphertext] of [['ecdsa', 160], ['ed25519', 128], ['rsa', null]] as const) {
    it(`${algorithm}: PBES2, PBKDF2 without PRF, 8-byte salt, 2048 rounds, AES-256-CBC, 16-byte IV; reads back`, () => {
      const key = generatePrivateKey(algorithm);
      const text = encodeKeyFile(key, { role: 'targets', gun: 'example.com/app', passphrase: 'correct horse' });
      expect(text.split('\n').slice(0, 4)).toEqual(['-----BEGIN ENCRYPTED PRIVATE KEY-----', 'gun: example.com/app', 'role: targets', '']);
      const b = block(text);
      const [alg, data] = sequence(decodeDer(b.bytes), 'epki', 2, 2);
      const [pbes2, params] = sequence(alg, 'alg', 2, 2);
      expect(readOid(pbes2, 'x')).toBe(OID.pbes2);
      const [kdf, enc] = sequence(params, 'params', 2, 2);
      const [kdfOid, kdfParams] = sequence(kdf, 'kdf', 2, 2);
      expect(readOid(kdfOid, 'x')).toBe(OID.pbkdf2);
      const [salt, iterations] = sequence(kdfParams, 'pbkdf2 params', 2, 2); // exactly two: no keyLength, no PRF
      expect(readOctets(salt, 'salt').length).toBe(8);
      expect(readSmallInt(iterations, 'iterations')).toBe(2048);
      const [encOid, iv] = sequence(enc, 'enc', 2, 2);
      expect(readOid(encOid, 'x')).toBe(OID.aes256Cbc);
      expect(readOctets(iv, 'iv').length).toBe(16);
      if (ciphertext) expect(readOctets(data, 'data').length).toBe(ciphertext);
      expect(inspectKeyBlock(b)).toEqual({ format: 'pkcs8-encrypted', encrypted: true, algorithm });
      const back = decryptKeyBlock(b, 'correct horse');
      expect(back.id).toBe(key.id);
      expect(back.sign(Buffer.from('x')).length).toBeGreaterThan(0);
    });
  }

  it('puts notary\'s quirks in the inner PKCS#8', () => {
    const inner = (alg: 'ecdsa' | 'rsa' | 'ed25519') => {
      const key = generatePrivateKey(alg);
      const f = sequence(decodeDer(innerOf(block(encodeKeyFile(key, { role: 'r', passphrase: 'p' })), 'p')), 'pki', 3, 3);
      return { key, version: readSmallInt(f[0], 'v'), alg: sequence(f[1], 'alg').map((n) => n.raw.toString('hex')), priv: readOctets(f[2], 'k') };
    };
    const ec = inner('ecdsa');
    expect(ec.version).toBe(1);
    expect(ec.alg).toEqual([derOid(OID.ecPublicKey).toString('hex'), derOid(OID.prime256v1).toString('hex')]);
    expect(sequence(decodeDer(ec.priv), 'sec1', 4, 4)).toHaveLength(4); // version, d, [0] curve, [1] point
    const rsa = inner('rsa');
    expect(rsa.version).toBe(0);
    expect(rsa.alg).toEqual([derOid(OID.rsaEncryption).toString('hex')]); // no NULL
    const ed = inner('ed25519');
    expect(ed.version).toBe(0);
    expect(ed.alg).toEqual([derOid(OID.ed25519Notary).toString('hex')]);
    expect(ed.priv.length).toBe(96);
    expect(ed.priv.subarray(0, 32).equals(ed.key.publicBytes)).toBe(true);
    expect(ed.priv.subarray(64).equals(ed.key.publicBytes)).toBe(true);
  });

  it('writes an unencrypted PRIVATE KEY for an empty passphrase, and a path header for export bundles', () => {
    const key = generatePrivateKey('ed25519');
    const text = encodeKeyFile(key, { role: 'targets/releases', passphrase: '', path: key.id });
    expect(text.split('\n').slice(0, 4)).toEqual(['-----BEGIN PRIVATE KEY-----', `path: ${key.id}`, 'role: targets/releases', '']);
    const b = block(text);
    expect(inspectKeyBlock(b)).toEqual({ format: 'pkcs8', encrypted: false, algorithm: 'ed25519' });
    expect(decryptKeyBlock(b).id).toBe(key.id);
    expect(decryptKeyBlock(b, 'ignored').id).toBe(key.id);
  });

  it('needs a role and refuses header injection', () => {
    const key = generatePrivateKey('ecdsa');
    expect(code(() => encodeKeyFile(key, { role: '', passphrase: 'p' }))).toBe('INVALID_ARGUMENT');
    expect(code(() => encodeKeyFile(key, { role: 'targets\ngun: x', passphrase: 'p' }))).toBe('INVALID_ARGUMENT');
  });
});

describe('standard forms made by OpenSSL (through node:crypto in the test)', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecId = keyIdOf('ecdsa', ec.publicKey.export({ type: 'spki', format: 'der' }));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaId = keyIdOf('rsa', rsa.publicKey.export({ type: 'spki', format: 'der' }));
  const ed = generateKeyPairSync('ed25519');
  const edId = keyIdOf('ed25519', Buffer.from(ed.publicKey.export({ format: 'jwk' }).x!, 'base64url'));

  it('reads RFC 5208/8410 PKCS#8 (ECDSA version 0, RSA with NULL, Ed25519 1.3.101.112)', () => {
    expect(decryptKeyBlock(nodePem(ec.privateKey, 'pkcs8')).id).toBe(ecId);
    expect(decryptKeyBlock(nodePem(rsa.privateKey, 'pkcs8')).id).toBe(rsaId);
    const edBlock = nodePem(ed.privateKey, 'pkcs8');
    expect(inspectKeyBlock(edBlock)).toEqual({ format: 'pkcs8', encrypted: false, algorithm: 'ed25519' });
    expect(decryptKeyBlock(edBlock).id).toBe(edId);
  });

  it('reads OpenSSL-encrypted PKCS#8 (PRF hmacWithSHA256, AES-128/256, 3DES)', () => {
    for (const cipher of ['aes-256-cbc', 'aes-128-cbc', 'aes-192-cbc', 'des-ede3-cbc']) {
      const b = nodePem(ec.privateKey, 'pkcs8', { cipher, passphrase: 'pw' });
      expect(b.type).toBe('ENCRYPTED PRIVATE KEY');
      expect(parseEncryptedPrivateKeyInfo(b.bytes).prf).toBe('sha256');
      expect(inspectKeyBlock(b).algorithm).toBe('ecdsa');
      expect(decryptKeyBlock(b, 'pw').id).toBe(ecId);
      expect(code(() => decryptKeyBlock(b, 'wrong'))).toBe('WRONG_PASSPHRASE');
    }
    const edEnc = nodePem(ed.privateKey, 'pkcs8', { cipher: 'aes-256-cbc', passphrase: 'pw' });
    expect(inspectKeyBlock(edEnc).algorithm).toBe('ed25519');
    expect(decryptKeyBlock(edEnc, 'pw').id).toBe(edId);
    const rsaEnc = nodePem(rsa.privateKey, 'pkcs8', { cipher: 'aes-256-cbc', passphrase: 'pw' });
    expect(inspectKeyBlock(rsaEnc).algorithm).toBe('rsa');
    expect(decryptKeyBlock(rsaEnc, 'pw').id).toBe(rsaId);
  });

  it('reads SEC1 and PKCS#1, plain and with Proc-Type/DEK-Info', () => {
    const sec1 = nodePem(ec.privateKey, 'sec1');
    expect(inspectKeyBlock(sec1)).toEqual({ format: 'ec', encrypted: false, algorithm: 'ecdsa' });
    expect(decryptKeyBlock(sec1).id).toBe(ecId);
    const sec1Enc = nodePem(ec.privateKey, 'sec1', { cipher: 'aes-256-cbc', passphrase: 'pw' });
    expect(sec1Enc.headers['Proc-Type']).toBe('4,ENCRYPTED');
    expect(inspectKeyBlock(sec1Enc)).toEqual({ format: 'ec', encrypted: true, algorithm: 'ecdsa' });
    expect(code(() => decryptKeyBlock(sec1Enc))).toBe('PASSPHRASE_REQUIRED');
    expect(code(() => decryptKeyBlock(sec1Enc, 'nope'))).toBe('WRONG_PASSPHRASE');
    expect(decryptKeyBlock(sec1Enc, 'pw').id).toBe(ecId);
    const pkcs1Enc = nodePem(rsa.privateKey, 'pkcs1', { cipher: 'des-ede3-cbc', passphrase: 'pw' });
    expect(inspectKeyBlock(pkcs1Enc)).toEqual({ format: 'rsa', encrypted: true, algorithm: 'rsa' });
    expect(decryptKeyBlock(pkcs1Enc, 'pw').id).toBe(rsaId);
  });

  it('lists PKCS#8 encrypted with a scheme we cannot decrypt (PBES1), and says so on decryption', () => {
    // pbeWithSHA1And3-KeyTripleDES-CBC, what `openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES` writes
    const pbes1 = derSequence(
      derSequence(derOid('1.2.840.113549.1.12.1.3'), derSequence(derOctets(Buffer.alloc(8)), derInteger(2048))),
      derOctets(Buffer.alloc(160)),
    );
    const b = { type: 'ENCRYPTED PRIVATE KEY', headers: {}, bytes: pbes1 };
    expect(inspectKeyBlock(b)).toEqual({ format: 'pkcs8-encrypted', encrypted: true, algorithm: 'ecdsa' });
    expect(code(() => decryptKeyBlock(b, 'p'))).toBe('UNSUPPORTED_KEY');
  });

  it('refuses keys notary cannot use', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    expect(code(() => decryptKeyBlock(nodePem(p384, 'pkcs8')))).toBe('UNSUPPORTED_KEY');
    expect(inspectKeyBlock(nodePem(p384, 'sec1')).algorithm).toBeNull();
    expect(code(() => decryptKeyBlock(nodePem(p384, 'sec1')))).toBe('UNSUPPORTED_KEY');
    const small = generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey;
    expect(code(() => decryptKeyBlock(nodePem(small, 'pkcs8')))).toMatch('UNSUPPORTED_KEY');
    const x25519 = generateKeyPairSync('x25519').privateKey;
    const xb = nodePem(x25519, 'pkcs8');
    expect(inspectKeyBlock(xb).algorithm).toBeNull();
    expect(code(() => decryptKeyBlock(xb))).toBe('UNSUPPORTED_KEY');
  });
});

describe('broken files', () => {
  const edKey = generatePrivateKey('ed25519');
  const other = generatePrivateKey('ed25519');
  const notaryEd = (raw: Buffer) =>
    ({ type: 'PRIVATE KEY', headers: {}, bytes: derSequence(derInteger(0), derSequence(derOid(OID.ed25519Notary)), derOctets(raw)) }) as PemBlock;
  const seed = (k: typeof edKey) => (notaryKeyParts(k) as { seed: Buffer }).seed;

  it('refuses key material whose stored public key is not its own', () => {
    expect(decryptKeyBlock(notaryEd(Buffer.concat([edKey.publicBytes, seed(edKey), edKey.publicBytes]))).id).toBe(edKey.id);
    const mixed = notaryEd(Buffer.concat([other.publicBytes, seed(edKey), other.publicBytes]));
    expect(code(() => decryptKeyBlock(mixed))).toBe('BAD_KEY_FILE');
    expect(code(() => decryptKeyBlock(notaryEd(Buffer.alloc(64))))).toBe('BAD_KEY_FILE');
    expect(code(() => decryptKeyBlock({ type: 'ED25519 PRIVATE KEY', headers: {}, bytes: Buffer.alloc(95) }))).toBe('BAD_KEY_FILE');
  });

  it('says BAD_KEY_FILE when the DER is not what the PEM type says', () => {
    const enc = block(encodeKeyFile(generatePrivateKey('ecdsa'), { role: 'r', passphrase: 'p' }));
    const cut = { ...enc, bytes: enc.bytes.subarray(0, enc.bytes.length - 10) };
    expect(code(() => inspectKeyBlock(cut))).toBe('BAD_KEY_FILE');
    expect(code(() => decryptKeyBlock(cut, 'p'))).toBe('BAD_KEY_FILE');
    for (const type of ['PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']) {
      const junk = { type, headers: {}, bytes: Buffer.from('not der at all') };
      expect(code(() => inspectKeyBlock(junk))).toBe('BAD_KEY_FILE');
      expect(code(() => decryptKeyBlock(junk, 'p'))).toBe('BAD_KEY_FILE');
    }
    const noDek = { type: 'EC PRIVATE KEY', headers: { 'Proc-Type': '4,ENCRYPTED' }, bytes: Buffer.alloc(16) };
    expect(code(() => inspectKeyBlock(noDek))).toBe('BAD_KEY_FILE');
    const badIv = { type: 'EC PRIVATE KEY', headers: { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,0011' }, bytes: Buffer.alloc(16) };
    expect(code(() => decryptKeyBlock(badIv, 'p'))).toBe('BAD_KEY_FILE');
    const oddCipher = { ...badIv, headers: { ...badIv.headers, 'DEK-Info': 'DES-CBC,0011223344556677' } };
    expect(inspectKeyBlock(oddCipher)).toEqual({ format: 'ec', encrypted: true, algorithm: 'ecdsa' }); // listable
    expect(code(() => decryptKeyBlock(oddCipher, 'p'))).toBe('UNSUPPORTED_KEY');
  });

  it('treats other PEM types as unknown, not as keys', () => {
    const cert = block(encodePem({ type: 'CERTIFICATE', headers: {}, bytes: Buffer.from([0x30, 0]) }));
    expect(inspectKeyBlock(cert)).toEqual({ format: 'unknown', encrypted: false, algorithm: null });
    expect(code(() => decryptKeyBlock(cert))).toBe('BAD_KEY_FILE');
  });
});

describe('hostile input', () => {
  // A small deterministic PRNG, so a failure reproduces.
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const samples = [
    block(encodeKeyFile(generatePrivateKey('ecdsa'), { role: 'r', passphrase: 'p' })),
    block(encodeKeyFile(generatePrivateKey('ed25519'), { role: 'r', passphrase: '' })),
    block(fixture('notary-imported-rsa2048.key')),
    { type: 'EC PRIVATE KEY', headers: {}, bytes: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'der' }) },
  ];

  it('mutated and truncated key blocks only ever fail with a VaultError', () => {
    for (let i = 0; i < 400; i++) {
      const s = samples[i % samples.length]!;
      const bytes = Buffer.from(s.bytes);
      if (i % 3 === 0) bytes[rand(bytes.length)] = rand(256);
      else if (i % 3 === 1) bytes[rand(Math.min(bytes.length, 40))] = rand(256); // headers and lengths
      const mutated = { ...s, bytes: i % 5 === 0 ? bytes.subarray(0, rand(bytes.length)) : bytes };
      for (const fn of [() => inspectKeyBlock(mutated), () => decryptKeyBlock(mutated, 'p')]) {
        try {
          fn();
        } catch (e) {
          if (!(e instanceof VaultError)) throw new Error(`sample ${i}: ${String(e)}`);
        }
      }
    }
  });
});
