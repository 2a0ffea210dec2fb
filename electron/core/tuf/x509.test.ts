import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certKey, ecdsaKey, ed25519Key } from '../../../test/support/tuf-repo';
import { keyIdOf } from '../keys/key-id';
import { readTufKey } from './tuf-key';
import { checkSignature } from './verify-signature';
import { certificateDer, parseCertificate } from './x509';

describe('x509 certificate keys', () => {
  it('reads SPKI, validity, CN and the CA flag as node:crypto sees them', () => {
    for (const [kind, ca] of [['ecdsa', false], ['rsa', true]] as const) {
      const { pem } = certKey(kind, 'example.com/x/y', { ca, days: 30 });
      const info = parseCertificate(certificateDer(pem));
      const node = new X509Certificate(pem);
      expect(info.spki.equals(node.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
      expect(info.commonName).toBe('example.com/x/y');
      expect(info.isCa).toBe(ca);
      expect(info.keyType).toBe(kind);
      expect(info.notBefore.getTime()).toBe(Date.parse(node.validFrom));
      expect(info.notAfter.getTime()).toBe(Date.parse(node.validTo));
    }
  });

  it('gives the x509 ID from the PEM bytes and the canonical ID from the SPKI', () => {
    const key = certKey('ecdsa', 'example.com/id');
    const read = readTufKey(key.tuf);
    expect(read.id).toBe(keyIdOf('ecdsa-x509', Buffer.from(key.pem)));
    const spki = new X509Certificate(key.pem).publicKey.export({ type: 'spki', format: 'der' });
    expect(read.canonicalId).toBe(keyIdOf('ecdsa', spki));
  });

  it('reports unusable keys instead of throwing', () => {
    expect(readTufKey({ keytype: 'ecdsa-x509', keyval: { public: Buffer.from('not a cert').toString('base64') } }).error).toMatch(/unreadable/);
    expect(readTufKey({ keytype: 'dsa', keyval: { public: '' } }).error).toMatch(/unknown key type/);
    expect(readTufKey(null).error).toBeTruthy();
  });
});

describe('checkSignature', () => {
  const msg = Buffer.from('{"a":1}');
  it('accepts the right method and refuses a mismatched method, a short signature and a flipped bit', () => {
    const ec = ecdsaKey();
    const ed = ed25519Key();
    const sig = ec.sign(msg);
    expect(checkSignature(readTufKey(ec.tuf), 'ecdsa', sig, msg)).toBeNull();
    expect(checkSignature(readTufKey(ec.tuf), 'eddsa', sig, msg)).toMatch(/does not fit/);
    expect(checkSignature(readTufKey(ed.tuf), 'eddsa', ed.sign(msg), msg)).toBeNull();
    expect(checkSignature(readTufKey(ed.tuf), 'eddsa', sig.subarray(0, 10), msg)).toMatch(/does not verify/);
    const flipped = Buffer.from(sig);
    flipped[0]! ^= 1;
    expect(checkSignature(readTufKey(ec.tuf), 'ecdsa', flipped, msg)).toMatch(/does not verify/);
    expect(checkSignature(readTufKey(ec.tuf), 'hmac', sig, msg)).toMatch(/unknown signature method/);
  });
});
