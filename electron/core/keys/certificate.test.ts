import { execFileSync } from 'node:child_process';
import { X509Certificate, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../tuf/x509';
import { selfSignedCertificate } from './certificate';
import { generatePrivateKey } from './generate';
import { keyIdOf } from './key-id';

describe('selfSignedCertificate', () => {
  it('makes a certificate node:crypto and openssl accept, self-signed by the key, with the SPKI that gives the key ID', async () => {
    const key = generatePrivateKey('ecdsa');
    const der = await selfSignedCertificate({
      commonName: 'root',
      spki: key.publicBytes,
      notBefore: new Date('2026-11-23T00:00:00Z'),
      notAfter: new Date('2036-11-21T00:00:00Z'),
      sign: (tbs) => key.sign(tbs),
    });
    const cert = new X509Certificate(der);
    expect(cert.subject).toBe('CN=root');
    expect(cert.issuer).toBe('CN=root');
    expect(cert.verify(createPublicKey({ key: key.publicBytes, format: 'der', type: 'spki' }))).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.3']);
    const info = parseCertificate(der);
    expect(keyIdOf('ecdsa', info.spki)).toBe(key.id);
    expect(info).toMatchObject({ commonName: 'root', isCa: false, notAfter: new Date('2036-11-21T00:00:00Z') });
    const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-text'], { input: der, encoding: 'utf8' });
    expect(text).toMatch(/Digital Signature/);
    expect(text).toMatch(/Code Signing/);
    expect(text).toMatch(/CA:FALSE/);
    expect(text).toMatch(/ecdsa-with-SHA256/);
  });

  it('uses GeneralizedTime from 2050 on', async () => {
    const key = generatePrivateKey('ecdsa');
    const der = await selfSignedCertificate({ commonName: 'example.com/app', spki: key.publicBytes, notBefore: new Date('2049-01-01T00:00:00Z'), notAfter: new Date('2059-01-01T00:00:00Z'), sign: (t) => key.sign(t) });
    expect(parseCertificate(der).notAfter.toISOString()).toBe('2059-01-01T00:00:00.000Z');
    expect(new X509Certificate(der).subject).toBe('CN=example.com/app');
  });
});
