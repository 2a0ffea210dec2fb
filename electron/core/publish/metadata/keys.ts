import { encodePem } from '../../keys/pem';
import { keyIdOf, type KeyType } from '../../keys/key-id';
import { selfSignedCertificate } from '../../keys/certificate';
import type { PrivateKey } from '../../keys/private-key';
import { VaultError } from '../../errors';

/** A public key as notary writes it into root.json and delegations: `private` is always null in metadata. */
export interface TufKeyObject {
  keytype: KeyType;
  keyval: { private: null; public: string };
}

/** A TUF key and the ID metadata names it by (the hash of exactly this object, NOTARY.md section 3). */
export interface PublicTufKey {
  id: string;
  key: TufKeyObject;
}

/** `publicBytes`: DER SPKI (ecdsa, rsa), raw 32 bytes (ed25519) or the certificate's PEM text (*-x509). */
export function tufKeyOf(keytype: KeyType, publicBytes: Buffer): PublicTufKey {
  return { id: keyIdOf(keytype, publicBytes), key: { keytype, keyval: { private: null, public: publicBytes.toString('base64') } } };
}

/** The bare public key of a private key: what targets, snapshot and delegation keys are listed as. */
export function publicTufKey(key: PrivateKey): PublicTufKey {
  return tufKeyOf(key.algorithm, key.publicBytes);
}

/** Go's pem.Encode of a CERTIFICATE block (64-column lines, trailing newline): the exact text notary hashes. */
export function certificatePem(der: Buffer): string {
  return encodePem({ type: 'CERTIFICATE', headers: {}, bytes: der });
}

/** A certificate key (`ecdsa-x509` / `rsa-x509`): the public bytes are the PEM text, not the DER. */
export function certificateTufKey(pem: string, family: 'ecdsa' | 'rsa'): PublicTufKey {
  return tufKeyOf(`${family}-x509`, Buffer.from(pem, 'utf8'));
}

export interface RootCertificateKey extends PublicTufKey {
  pem: string;
  der: Buffer;
}

const DAY_MS = 86_400_000;

/**
 * The self-signed root certificate notary makes for a repository (CN = GUN) and its `ecdsa-x509` TUF key.
 * notary's lifetime is a duration of 365-day years (observed: made 2026-11-23, not after 2036-11-20), not calendar
 * years, so the certificate and root.json expire together. Only ECDSA: notary cannot make RSA root certificates
 * and Ed25519 cannot be in an x509 root key (NOTARY.md section 4).
 */
export async function rootCertificateKey(key: PrivateKey, gun: string, now: Date, years = 10): Promise<RootCertificateKey> {
  if (key.algorithm !== 'ecdsa') throw new VaultError('UNSUPPORTED_KEY', `a root key must be ECDSA P-256, not ${key.algorithm}`);
  if (!Number.isSafeInteger(years) || years < 1) throw new VaultError('INVALID_ARGUMENT', `certificate lifetime of ${years} years`);
  const der = await selfSignedCertificate({
    commonName: gun,
    spki: key.publicBytes,
    notBefore: now,
    notAfter: new Date(now.getTime() + years * 365 * DAY_MS),
    sign: (tbs) => key.sign(tbs),
  });
  const pem = certificatePem(der);
  return { ...certificateTufKey(pem, 'ecdsa'), pem, der };
}
