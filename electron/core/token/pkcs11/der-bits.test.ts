import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DerError, derOctets, derOid } from '../../der';
import { selfSignedCertificate, subjectOf } from '../../keys/certificate';
import { P256_PARAMS, certificateSubject, curveOidOf, unwrapEcPoint } from './der-bits';

describe('EC attributes', () => {
  it('CKA_EC_PARAMS for P-256 is the DER OID of prime256v1', () => {
    expect(P256_PARAMS.toString('hex')).toBe('06082a8648ce3d030107');
    expect(curveOidOf(P256_PARAMS)).toBe('1.2.840.10045.3.1.7');
    expect(curveOidOf(derOid('1.3.132.0.34'))).toBe('1.3.132.0.34');
    expect(curveOidOf(Buffer.from('3000', 'hex'))).toBeNull();
    expect(curveOidOf(Buffer.from('ff', 'hex'))).toBeNull();
  });

  it('takes the point out of its OCTET STRING, and leaves a bare point alone', () => {
    const point = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 0xab)]);
    expect(unwrapEcPoint(derOctets(point))).toEqual(point);
    expect(unwrapEcPoint(point)).toEqual(point);
  });
});

describe('certificateSubject', () => {
  it('finds the subject Name of a v3 certificate', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const cert = await selfSignedCertificate({
      commonName: 'root',
      spki: publicKey.export({ type: 'spki', format: 'der' }),
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
      sign: (tbs) => sign('sha256', tbs, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
    });
    expect(certificateSubject(cert)).toEqual(subjectOf('root'));
  });

  it('refuses what is not a certificate', () => {
    expect(() => certificateSubject(Buffer.from('3003020101', 'hex'))).toThrow(DerError);
  });
});
