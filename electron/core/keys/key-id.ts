import { createHash } from 'node:crypto';
import { canonicalJson } from '../tuf/canonical-json';

export type KeyType = 'ecdsa' | 'rsa' | 'ed25519' | 'ecdsa-x509' | 'rsa-x509';

/**
 * notary's key ID: hex SHA-256 of the canonical JSON of the public TUF key. `publicBytes` is the DER
 * SubjectPublicKeyInfo (ecdsa, rsa), the raw 32-byte key (ed25519) or the certificate's PEM text (*-x509).
 * Go marshals []byte as padded standard base64, hence base64 here.
 */
export function keyIdOf(keytype: KeyType, publicBytes: Buffer): string {
  const json = canonicalJson({ keytype, keyval: { private: null, public: publicBytes.toString('base64') } });
  return createHash('sha256').update(json, 'utf8').digest('hex');
}
