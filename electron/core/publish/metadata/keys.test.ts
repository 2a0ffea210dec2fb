import { describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../../keys/generate';
import { keyIdOf } from '../../keys/key-id';
import { readTufKey } from '../../tuf/tuf-key';
import { certificatePem, publicTufKey, rootCertificateKey, tufKeyOf } from './keys';

describe('TUF key objects', () => {
  it('lists bare keys by their public bytes: DER SPKI for ecdsa and rsa, raw 32 bytes for ed25519', () => {
    for (const alg of ['ecdsa', 'ed25519', 'rsa'] as const) {
      const key = generatePrivateKey(alg);
      const k = publicTufKey(key);
      expect(k.key).toEqual({ keytype: alg, keyval: { private: null, public: key.publicBytes.toString('base64') } });
      expect(k.id).toBe(key.id);
      expect(readTufKey(k.key)).toMatchObject({ id: k.id, error: null });
    }
    expect(Buffer.from(publicTufKey(generatePrivateKey('ed25519')).key.keyval.public, 'base64')).toHaveLength(32);
  });

  it('makes the root certificate key notary makes: ecdsa-x509 over the PEM text, CN = GUN, 3650 days', async () => {
    const key = generatePrivateKey('ecdsa');
    const now = new Date('2026-11-23T14:37:37.000Z');
    const root = await rootCertificateKey(key, 'example.com/org/app', now);
    expect(root.key.keytype).toBe('ecdsa-x509');
    expect(Buffer.from(root.key.keyval.public, 'base64').toString('utf8')).toBe(root.pem);
    expect(root.id).toBe(keyIdOf('ecdsa-x509', Buffer.from(root.pem)));
    // Go pem.Encode: 64-column lines, trailing newline.
    expect(root.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
    expect(root.pem).toBe(certificatePem(root.der));
    const read = readTufKey(root.key);
    expect(read.error).toBeNull();
    expect(read.canonicalId).toBe(key.id); // the file name of the private key
    expect(read.cert).toMatchObject({ commonName: 'example.com/org/app', isCa: false, keyType: 'ecdsa' });
    expect(read.cert!.notBefore.toISOString()).toBe('2026-11-23T14:37:37.000Z');
    expect(read.cert!.notAfter.toISOString()).toBe('2036-11-20T14:37:37.000Z');
  });

  it('refuses root keys notary cannot have', async () => {
    await expect(rootCertificateKey(generatePrivateKey('ed25519'), 'a/b', new Date())).rejects.toThrow(/ECDSA/);
    expect(tufKeyOf('ecdsa', Buffer.from('x')).id).toBe(keyIdOf('ecdsa', Buffer.from('x')));
  });
});
