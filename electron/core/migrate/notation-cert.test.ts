import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../keys/generate';
import { decryptKeyBlock } from '../keys/key-block';
import { decodePem } from '../keys/pem';
import { certificatePem, notationCertificate, notationKeyPem, subjectString, type NotationSubject } from './notation-cert';
import { basicConstraintsIsCa, certificateExtensions, extKeyUsageNames, keyUsageNames, notationViolations } from './notation-rules';
import { standardSpki } from './standard-key';

const SUBJECT: NotationSubject = { commonName: 'example.com/team/app', organization: 'Example Ltd', state: 'Bavaria', country: 'DE', locality: 'Munich' };
const NOW = new Date('2026-12-07T12:00:00Z');
const notaryRsa = () =>
  decryptKeyBlock(decodePem(readFileSync(join(__dirname, '../../../test/fixtures/keys/notary-imported-rsa2048.key'), 'utf8'))[0]!, 'pass1234');

describe('Notation certificate for an existing key', () => {
  for (const [label, makeKey] of [['ECDSA P-256', () => generatePrivateKey('ecdsa')], ['notary RSA 2048', notaryRsa]] as const) {
    describe(label, () => {
      const key = makeKey();
      const der = notationCertificate({ key, subject: SUBJECT, notBefore: NOW, validDays: 365 });
      const cert = new X509Certificate(der);
      const exts = certificateExtensions(der);
      const ext = (oid: string) => exts.find((e) => e.oid === oid)!;

      it('key usage: present, critical, digitalSignature only', () => {
        expect(ext('2.5.29.15').critical).toBe(true);
        expect(keyUsageNames(ext('2.5.29.15').value)).toEqual(['digitalSignature']);
      });
      it('extended key usage: codeSigning', () => {
        expect(extKeyUsageNames(ext('2.5.29.37').value)).toEqual(['codeSigning']);
      });
      it('basic constraints: not a CA (our reader and node:crypto agree)', () => {
        expect(basicConstraintsIsCa(ext('2.5.29.19').value)).toBe(false);
        expect(cert.ca).toBe(false);
      });
      it('key size: RSA 2048+ or P-256', () => {
        const d = cert.publicKey.asymmetricKeyDetails!;
        if (key.algorithm === 'rsa') expect(d.modulusLength).toBeGreaterThanOrEqual(2048);
        else expect(d.namedCurve).toBe('prime256v1');
      });
      it('validity: the chosen period, from now', () => {
        expect(new Date(cert.validFrom).toISOString()).toBe(NOW.toISOString());
        expect(new Date(cert.validTo).getTime() - NOW.getTime()).toBe(365 * 86_400_000);
      });
      it('subject: what the user gave, as Notation trust policies name it', () => {
        expect(cert.subject.split('\n')).toEqual(['C=DE', 'ST=Bavaria', 'L=Munich', 'O=Example Ltd', 'CN=example.com/team/app']);
        expect(subjectString(SUBJECT)).toBe('C=DE, ST=Bavaria, L=Munich, O=Example Ltd, CN=example.com/team/app');
        expect(cert.issuer).toBe(cert.subject);
      });
      it('is self-signed by the key, which is the vault key, and the key file matches it', () => {
        expect(cert.verify(cert.publicKey)).toBe(true);
        expect(cert.publicKey.export({ type: 'spki', format: 'der' }).equals(standardSpki(key))).toBe(true);
        const notationKey = createPrivateKey(notationKeyPem(key));
        expect(cert.checkPrivateKey(notationKey)).toBe(true);
        expect(createPublicKey(notationKey).export({ type: 'spki', format: 'der' }).equals(standardSpki(key))).toBe(true);
        expect(new X509Certificate(certificatePem(der)).fingerprint256).toBe(cert.fingerprint256);
      });
      it('passes every rule of the checker', () => {
        expect(notationViolations(der, new Date(NOW.getTime() + 1000))).toEqual([]);
        expect(notationViolations(der, new Date(NOW.getTime() + 400 * 86_400_000))[0]).toMatch(/not valid now/);
      });
    });
  }

  it('refuses Ed25519 and bad subjects with a reason', () => {
    expect(() => notationCertificate({ key: generatePrivateKey('ed25519'), subject: SUBJECT, notBefore: NOW, validDays: 30 })).toThrow(/Ed25519/);
    const key = generatePrivateKey('ecdsa');
    expect(() => notationCertificate({ key, subject: { ...SUBJECT, country: 'Germany' }, notBefore: NOW, validDays: 30 })).toThrow(/two-letter/);
    expect(() => notationCertificate({ key, subject: { ...SUBJECT, organization: 'A, B' }, notBefore: NOW, validDays: 30 })).toThrow(/organization/);
    expect(() => notationCertificate({ key, subject: SUBJECT, notBefore: NOW, validDays: 0 })).toThrow(/validity/);
  });
});
