import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { selfSignedCertificate } from '../keys/certificate';
import { generatePrivateKey } from '../keys/generate';
import { keyIdOf } from '../keys/key-id';
import { encodePem } from '../keys/pem';
import { readTufKey } from '../tuf/tuf-key';
import { certificatePem } from './metadata/keys';
import { parseSignerKeyFile, readSignerKeyFile } from './signer-key-file';
import { SignerKeys } from './signers';

const tmp = makeTempDir('tv-signer-key-file-');
afterAll(() => tmp.cleanup());
const now = new Date();
const DAY = 86_400_000;

async function certFor(key = generatePrivateKey('ecdsa'), from = now.getTime() - DAY, to = now.getTime() + 365 * DAY) {
  const der = await selfSignedCertificate({ commonName: 'alice', spki: key.publicBytes, notBefore: new Date(from), notAfter: new Date(to), sign: (tbs) => key.sign(tbs) });
  return { key, der, pem: certificatePem(der) };
}

describe('signer key files', () => {
  it('reads the PUBLIC KEY block docker writes to NAME.pub as an ecdsa key with the private key\'s ID', () => {
    const key = generatePrivateKey('ecdsa');
    const read = parseSignerKeyFile(key.publicKeyPem('alice'), 'alice.pub');
    expect(read).toMatchObject({ id: key.id, canonicalId: key.id, role: 'alice', key: { keytype: 'ecdsa', keyval: { private: null, public: key.publicBytes.toString('base64') } } });
    expect(readTufKey(read.key).id).toBe(read.id);
  });

  it('reads RSA and Ed25519 public keys (raw, as the vault writes them, and as SPKI)', () => {
    const rsa = generatePrivateKey('rsa');
    expect(parseSignerKeyFile(rsa.publicKeyPem(), 'rsa.pub')).toMatchObject({ id: rsa.id, key: { keytype: 'rsa' }, role: null });
    const ed = generatePrivateKey('ed25519');
    expect(parseSignerKeyFile(ed.publicKeyPem(), 'ed.pub')).toMatchObject({ id: ed.id, key: { keytype: 'ed25519' } });
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), ed.publicBytes]);
    expect(parseSignerKeyFile(encodePem({ type: 'PUBLIC KEY', headers: {}, bytes: spki }), 'ed-spki.pub').id).toBe(ed.id);
  });

  it('reads a CERTIFICATE as an ecdsa-x509 key over Go\'s PEM encoding, with the public key\'s canonical ID', async () => {
    const { key, der, pem } = await certFor();
    // CRLF line ends and text around the block do not change the key notary lists.
    const messy = `subject=CN=alice\r\n${pem.replace(/\n/g, '\r\n')}`;
    const read = parseSignerKeyFile(messy, 'alice.crt', now);
    expect(read.key.keytype).toBe('ecdsa-x509');
    expect(Buffer.from(read.key.keyval.public, 'base64').toString('utf8')).toBe(certificatePem(der));
    expect(read.id).toBe(keyIdOf('ecdsa-x509', Buffer.from(pem)));
    expect(read.canonicalId).toBe(key.id);
    expect(readTufKey(read.key).canonicalId).toBe(key.id);
  });

  it('reads a CA certificate made by openssl (notary accepts those for delegations too)', () => {
    const keyFile = join(tmp.path, 'ca.key');
    const certFile = join(tmp.path, 'ca.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '30', '-subj', '/CN=ca', '-addext', 'basicConstraints=critical,CA:TRUE'], { stdio: 'ignore' });
    const read = readSignerKeyFile(certFile);
    expect(read.key.keytype).toBe('ecdsa-x509');
    expect(read.canonicalId).toMatch(/^[0-9a-f]{64}$/);
    expect(() => readSignerKeyFile(keyFile)).toThrow(/private key/);
  });

  it('refuses expired and not-yet-valid certificates', async () => {
    const expired = await certFor(undefined, now.getTime() - 10 * DAY, now.getTime() - DAY);
    expect(() => parseSignerKeyFile(expired.pem, 'old.crt', now)).toThrow(expect.objectContaining({ code: 'EXPIRED' }));
    const future = await certFor(undefined, now.getTime() + DAY, now.getTime() + 10 * DAY);
    expect(() => parseSignerKeyFile(future.pem, 'future.crt', now)).toThrow(/not valid before/);
  });

  it('refuses private keys, garbage, other blocks and a missing file', () => {
    const key = generatePrivateKey('ecdsa');
    for (const type of ['PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY']) {
      expect(() => parseSignerKeyFile(encodePem({ type, headers: { role: 'alice' }, bytes: Buffer.alloc(40, 1) }), 'k.pem')).toThrow(
        expect.objectContaining({ code: 'BAD_KEY_FILE', message: expect.stringMatching(/this is a private key/) as unknown }),
      );
    }
    expect(() => parseSignerKeyFile('just some text\n', 'x.pub')).toThrow(expect.objectContaining({ code: 'BAD_KEY_FILE', message: expect.stringMatching(/no PEM block/) as unknown }));
    expect(() => parseSignerKeyFile(encodePem({ type: 'PUBLIC KEY', headers: {}, bytes: Buffer.from('not a key') }), 'x.pub')).toThrow(/not a readable public key/);
    expect(() => parseSignerKeyFile(encodePem({ type: 'CERTIFICATE', headers: {}, bytes: Buffer.from([0x30, 0x03, 1, 2, 3]) }), 'x.crt')).toThrow(/not a readable X.509/);
    expect(() => parseSignerKeyFile(encodePem({ type: 'CERTIFICATE REQUEST', headers: {}, bytes: key.publicBytes }), 'x.csr')).toThrow(/neither a PUBLIC KEY nor a CERTIFICATE/);
    expect(() => parseSignerKeyFile(`${key.publicKeyPem().slice(0, 60)}`, 'cut.pub')).toThrow(/missing END line/);
    expect(() => readSignerKeyFile(join(tmp.path, 'nope.pub'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('SignerKeys', () => {
  it('keeps a chosen file by a random ID, hands it out once', () => {
    const key = generatePrivateKey('ecdsa');
    const path = join(tmp.path, 'alice.pub');
    writeFileSync(path, key.publicKeyPem('alice'));
    const keys = new SignerKeys();
    const choice = keys.choose(path, 'alice.pub');
    expect(choice).toMatchObject({ name: 'alice.pub', keyId: key.id, keyType: 'ecdsa' });
    expect(choice.selectionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(readFileSync(path, 'utf8')).toContain('PUBLIC KEY');
    expect(keys.take(choice.selectionId)).toMatchObject({ keyId: key.id, keyType: 'ecdsa', tufKey: { keytype: 'ecdsa' } });
    expect(() => keys.take(choice.selectionId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    writeFileSync(join(tmp.path, 'private.pem'), encodePem({ type: 'PRIVATE KEY', headers: {}, bytes: Buffer.alloc(40) }));
    expect(() => keys.choose(join(tmp.path, 'private.pem'), 'private.pem')).toThrow(/private key/);
  });
});
