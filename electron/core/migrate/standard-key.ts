import { OID, derBitString, derExplicit, derInteger, derNull, derOctets, derOid, derSequence } from '../der';
import { encodePem } from '../keys/pem';
import { encodePkcs1 } from '../keys/key-structures';
import { notaryKeyParts, type PrivateKey } from '../keys/private-key';

/**
 * A vault key in the standard encodings the new tools read: PKCS#8 as Go's x509.MarshalPKCS8PrivateKey writes
 * it (cosign encrypts exactly these bytes; Notation loads them from a "PRIVATE KEY" PEM) and the public key as
 * x509.MarshalPKIXPublicKey. notary's own PKCS#8 differs (version 1 for ECDSA, no RSA NULL, its own Ed25519 OID).
 */

/** Standard PKCS#8 DER. Holds the secret: the caller wipes it. */
export function standardPkcs8(key: PrivateKey): Buffer {
  const k = notaryKeyParts(key);
  switch (k.kind) {
    case 'ecdsa':
      // Go's marshalECPrivateKeyWithOID(key, nil): the curve is in the header, so the inner key omits [0].
      return derSequence(
        derInteger(0),
        derSequence(derOid(OID.ecPublicKey), derOid(OID.prime256v1)),
        derOctets(derSequence(derInteger(1), derOctets(k.d), derExplicit(1, derBitString(k.point)))),
      );
    case 'rsa':
      return derSequence(derInteger(0), derSequence(derOid(OID.rsaEncryption), derNull()), derOctets(encodePkcs1(k)));
    case 'ed25519':
      return derSequence(derInteger(0), derSequence(derOid(OID.ed25519)), derOctets(derOctets(k.seed)));
  }
}

/** SubjectPublicKeyInfo DER (ECDSA and RSA keys already hold it; Ed25519 holds the raw 32 bytes). */
export function standardSpki(key: PrivateKey): Buffer {
  if (key.algorithm === 'ed25519') return derSequence(derSequence(derOid(OID.ed25519)), derBitString(key.publicBytes));
  return key.publicBytes;
}

export const publicKeyPem = (key: PrivateKey): string => encodePem({ type: 'PUBLIC KEY', headers: {}, bytes: standardSpki(key) });
