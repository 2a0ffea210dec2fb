import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libsodiumAvailable, libsodiumOpenCosignPayload } from '../../../test/support/libsodium-open';
import { generatePrivateKey } from '../keys/generate';
import { decryptKeyBlock } from '../keys/key-block';
import { decodePem } from '../keys/pem';
import { COSIGN_LABEL, readCosignKey, SIGSTORE_LABEL, writeCosignKey } from './cosign-key';
import { publicKeyPem } from './standard-key';

const FIXTURES = join(__dirname, '../../../test/fixtures');
const cosignFixture = (name: string) => readFileSync(join(FIXTURES, 'cosign', name), 'utf8');
const payloadOf = (pem: string) => decodePem(pem)[0]!.bytes;
interface CosignDoc {
  kdf: { name: string; params: { N: number; r: number; p: number }; salt: string };
  cipher: { name: string; nonce: string };
  ciphertext?: string;
}
const paramsOf = (pem: string) => (JSON.parse(payloadOf(pem).toString()) as { kdf: { params: { N: number } } }).kdf.params;

describe('cosign.key reader, against files Sigstore\'s own repositories hold', () => {
  it.each([
    ['keys-test-cosign-label.key', 'hello', COSIGN_LABEL, 32768, 'ecdsa'],
    ['keys-test-sigstore-label.key', 'hello', SIGSTORE_LABEL, 32768, 'ecdsa'],
    ['sigstore-rs-cosign_generated_encrypted_empty_private.key', '', SIGSTORE_LABEL, 65536, 'ecdsa'],
    ['sigstore-rs-ecdsa_encrypted_private.key', '123', COSIGN_LABEL, 32768, 'ecdsa'],
    ['sigstore-rs-ed25519_encrypted_private.key', '123', SIGSTORE_LABEL, 32768, 'ed25519'],
    ['sigstore-rs-rsa_encrypted_private.key', '123', SIGSTORE_LABEL, 32768, 'rsa'],
  ])('%s decrypts to a working key', (file, password, label, N, algorithm) => {
    const text = cosignFixture(file);
    expect(decodePem(text)[0]!.type).toBe(label);
    expect(paramsOf(text).N).toBe(N);
    const key = readCosignKey(text, password);
    expect(key.algorithm).toBe(algorithm);
    const data = Buffer.from('migrate');
    expect(key.verify(data, key.sign(data))).toBe(true);
    // The same public key as libsodium + node:crypto derive on their own (no .pub with a known password exists
    // in cosign's repository: its CI key's password is a secret).
    // node's OpenSSL refuses sigstore-rs' RFC 5958 v2 Ed25519 PKCS#8 ("wrong tag"), so that one is checked above only.
    if (!libsodiumAvailable || algorithm === 'ed25519') return;
    const pkcs8 = libsodiumOpenCosignPayload(payloadOf(text), password);
    const independent = createPublicKey(createPrivateKey({ key: pkcs8!, format: 'der', type: 'pkcs8' }));
    expect(publicKeyPem(key)).toBe(independent.export({ type: 'spki', format: 'pem' }));
  });

  it('decrypts cosign\'s N=65536 SEC1 key but refuses its content, as cosign does', () => {
    expect(paramsOf(cosignFixture('keys-test-cosign-label-sec1-n65536.key')).N).toBe(65536);
    expect(() => readCosignKey(cosignFixture('keys-test-cosign-label-sec1-n65536.key'), 'hello')).toThrow(/decrypted, but the content is not a PKCS#8/);
  });

  it('says a wrong passphrase is wrong', () => {
    expect(() => readCosignKey(cosignFixture('keys-test-sigstore-label.key'), 'goodbye')).toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
    expect(() => readCosignKey(cosignFixture('cosign-test.key'), 'hello')).toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
  });

  it('refuses other labels, other KDFs and costly parameters before deriving anything', () => {
    const text = cosignFixture('keys-test-sigstore-label.key');
    const withPayload = (mutate: (doc: CosignDoc) => void) => {
      const doc = JSON.parse(payloadOf(text).toString()) as CosignDoc;
      mutate(doc);
      const b64 = Buffer.from(JSON.stringify(doc)).toString('base64').replace(/(.{64})/g, '$1\n');
      return `-----BEGIN ${SIGSTORE_LABEL}-----\n${b64}\n-----END ${SIGSTORE_LABEL}-----\n`;
    };
    expect(() => readCosignKey(text.replaceAll(SIGSTORE_LABEL, 'PRIVATE KEY'), 'hello')).toThrow(/not a cosign encrypted key/);
    expect(() => readCosignKey(withPayload((d) => (d.kdf.params.N = 1 << 24)), 'hello')).toThrow(/N=16777216/);
    expect(() => readCosignKey(withPayload((d) => (d.kdf.name = 'pbkdf2')), 'hello')).toThrow(/not scrypt/);
    expect(() => readCosignKey(withPayload((d) => (d.cipher.nonce = 'AAAA')), 'hello')).toThrow(/nonce is 3 bytes/);
    expect(() => readCosignKey(withPayload((d) => delete d.ciphertext), 'hello')).toThrow(/ciphertext is not base64/);
  });
});

describe('cosign.key writer', () => {
  it.each(['ecdsa', 'rsa', 'ed25519'] as const)('writes a %s key libsodium opens to standard PKCS#8 of the same key', (algorithm) => {
    if (!libsodiumAvailable) return void console.warn('libsodium23 or python3 missing: independent check skipped');
    const key = generatePrivateKey(algorithm);
    const pair = writeCosignKey(key, 'correct horse');
    const [block] = decodePem(pair.privatePem);
    expect(block!.type).toBe(SIGSTORE_LABEL);
    const doc = JSON.parse(block!.bytes.toString()) as CosignDoc;
    expect(doc.kdf).toMatchObject({ name: 'scrypt', params: { N: 32768, r: 8, p: 1 } });
    expect(Buffer.from(doc.kdf.salt, 'base64')).toHaveLength(32);
    expect(doc.cipher.name).toBe('nacl/secretbox');
    expect(Buffer.from(doc.cipher.nonce, 'base64')).toHaveLength(24);
    // Independent: libsodium decrypts, node:crypto parses the PKCS#8 and signs; the vault's cosign.pub verifies.
    const pkcs8 = libsodiumOpenCosignPayload(block!.bytes, 'correct horse');
    expect(pkcs8).not.toBeNull();
    const priv = createPrivateKey({ key: pkcs8!, format: 'der', type: 'pkcs8' });
    expect(createPublicKey(priv).export({ type: 'spki', format: 'pem' })).toBe(pair.publicPem);
    const data = Buffer.from('signed by the new tool');
    const sig = sign(algorithm === 'ed25519' ? null : 'sha256', data, priv);
    expect(verify(algorithm === 'ed25519' ? null : 'sha256', data, createPublicKey(pair.publicPem), sig)).toBe(true);
    expect(libsodiumOpenCosignPayload(block!.bytes, 'wrong horse')).toBeNull();
  });

  it('writes the older COSIGN label when asked, and never an empty passphrase', () => {
    const key = generatePrivateKey('ecdsa');
    expect(decodePem(writeCosignKey(key, 'pw', COSIGN_LABEL).privatePem)[0]!.type).toBe(COSIGN_LABEL);
    expect(() => writeCosignKey(key, '')).toThrow(expect.objectContaining({ code: 'PASSPHRASE_REQUIRED' }));
  });

  it('round trip: a notary key exported to cosign and read back has the same canonical key ID', () => {
    for (const [file, role] of [['notary-generate-o-key.pem', 'targets/foo'], ['notary-imported-rsa2048.key', 'targets/rsa']] as const) {
      const notaryKey = decryptKeyBlock(decodePem(readFileSync(join(FIXTURES, 'keys', file), 'utf8'))[0]!, 'pass1234');
      const back = readCosignKey(writeCosignKey(notaryKey, 'new passphrase').privatePem, 'new passphrase');
      expect(back.id, `${file} (${role})`).toBe(notaryKey.id);
    }
  });
});
