import { constants, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../errors';
import { generatePrivateKey } from './generate';
import { decodePem } from './pem';

const data = Buffer.from('{"signed":"canonical bytes"}');

describe('PrivateKey', () => {
  it('ECDSA: SPKI public bytes as Go marshals them, raw r||s signatures an independent verifier accepts', () => {
    const key = generatePrivateKey('ecdsa');
    expect(key.algorithm).toBe('ecdsa');
    expect(key.signatureMethod).toBe('ecdsa');
    expect(key.rsaBits).toBeNull();
    const pub = createPublicKey({ key: key.publicBytes, format: 'der', type: 'spki' });
    expect(pub.export({ format: 'der', type: 'spki' }).equals(key.publicBytes)).toBe(true);
    expect(key.publicBytes.length).toBe(91);
    const sig = key.sign(data);
    expect(sig.length).toBe(64);
    expect(nodeVerify('sha256', data, { key: pub, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    expect(key.verify(data, sig)).toBe(true);
    expect(key.verify(Buffer.from('other'), sig)).toBe(false);
    expect(key.verify(data, sig.subarray(1))).toBe(false);
  });

  it('RSA: SPKI with the NULL parameter, RSASSA-PSS SHA-256 salt 32', () => {
    const key = generatePrivateKey('rsa', { rsaBits: 2048 });
    expect(key.rsaBits).toBe(2048);
    expect(key.signatureMethod).toBe('rsapss');
    const pub = createPublicKey({ key: key.publicBytes, format: 'der', type: 'spki' });
    expect(pub.export({ format: 'der', type: 'spki' }).equals(key.publicBytes)).toBe(true);
    const sig = key.sign(data);
    expect(sig.length).toBe(256);
    const pss = { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING };
    expect(nodeVerify('sha256', data, { ...pss, saltLength: 32 }, sig)).toBe(true);
    expect(nodeVerify('sha256', data, { ...pss, saltLength: 20 }, sig)).toBe(false);
    expect(key.verify(Buffer.from('other'), sig)).toBe(false);
  });

  it('Ed25519: raw 32-byte public key, 64-byte signatures node:crypto accepts', () => {
    const key = generatePrivateKey('ed25519');
    expect(key.publicBytes.length).toBe(32);
    expect(key.signatureMethod).toBe('eddsa');
    const sig = key.sign(data);
    expect(sig.length).toBe(64);
    const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicBytes.toString('base64url') }, format: 'jwk' });
    expect(nodeVerify(null, data, pub, sig)).toBe(true);
    const tampered = Buffer.from(sig);
    tampered[0] = (tampered[0] as number) ^ 1;
    expect(key.verify(data, tampered)).toBe(false);
  });

  it('gives each key its own ID', () => {
    const ids = new Set([generatePrivateKey('ecdsa'), generatePrivateKey('ecdsa'), generatePrivateKey('ed25519')].map((k) => k.id));
    expect(ids.size).toBe(3);
  });

  it('writes the PUBLIC KEY block docker writes to NAME.pub', () => {
    const key = generatePrivateKey('ecdsa');
    const text = key.publicKeyPem('alice');
    expect(text).toMatch(/^-----BEGIN PUBLIC KEY-----\nrole: alice\n\n[A-Za-z0-9+/]{64}\n[A-Za-z0-9+/=]{60}\n-----END PUBLIC KEY-----\n$/);
    expect(decodePem(text)[0]!.bytes.equals(key.publicBytes)).toBe(true);
    expect(key.publicKeyPem()).not.toContain('role');
  });

  it('cannot sign once wiped, but still verifies', () => {
    const key = generatePrivateKey('ed25519');
    const sig = key.sign(data);
    key.wipe();
    expect(() => key.sign(data)).toThrow(VaultError);
    expect(key.verify(data, sig)).toBe(true);
  });

  it('refuses to generate what notary cannot use', () => {
    expect(() => generatePrivateKey('rsa', { rsaBits: 1024 as 2048 })).toThrow(/2048 or 4096/);
  });
});
