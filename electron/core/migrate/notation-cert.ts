import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { derBitString, derExplicit, derInteger, derNull, derOctets, derOid, derSequence, tlv } from '../der';
import { VaultError } from '../errors';
import type { PrivateKey } from '../keys/private-key';
import { OID_CODE_SIGNING } from './notation-rules';
import { standardPkcs8, standardSpki } from './standard-key';

/**
 * A self-signed signing certificate for an existing vault key that Notation accepts (notation-rules.ts): key
 * usage digitalSignature only and critical, extended key usage codeSigning, basicConstraints CA:FALSE, the
 * subject the user gives (Notation's trust policy needs C, ST and O in it), a validity the user chooses.
 * Signed with SHA-256: ECDSA for P-256 keys, PKCS#1 v1.5 for RSA (2048 bits or more).
 */

export interface NotationSubject {
  commonName: string;
  organization: string;
  state: string;
  /** ISO 3166 two-letter code. */
  country: string;
  locality?: string;
}

const OID = {
  country: '2.5.4.6', state: '2.5.4.8', locality: '2.5.4.7', organization: '2.5.4.10', commonName: '2.5.4.3',
  keyUsage: '2.5.29.15', extKeyUsage: '2.5.29.37', basicConstraints: '2.5.29.19', subjectKeyId: '2.5.29.14',
  ecdsaSha256: '1.2.840.10045.4.3.2', sha256Rsa: '1.2.840.113549.1.1.11',
};
const TAG_SET = 0x31;
const TAG_UTF8 = 0x0c;
const TAG_PRINTABLE = 0x13;
const MAX_VALIDITY_DAYS = 3 * 366;

/** Checks the subject as Notation's trust policy will read it back ("x509.subject: C=.., ST=.., O=.., CN=.."). */
export function checkSubject(s: NotationSubject): void {
  const bad = (why: string) => new VaultError('INVALID_ARGUMENT', `certificate subject: ${why}`);
  if (!/^[A-Z]{2}$/.test(s.country)) throw bad('the country must be a two-letter code such as US or DE');
  for (const [field, value] of [['common name', s.commonName], ['organization', s.organization], ['state', s.state], ['locality', s.locality ?? 'x']] as const) {
    if (!value || value.length > 64) throw bad(`the ${field} must be 1 to 64 characters`);
    // Notation splits the trusted identity at commas and '='; keep the DN free of characters that need escaping.
    if (/[,=+"\\<>;#\r\n]/.test(value)) throw bad(`the ${field} must not contain , = + " \\ < > ; # or line breaks`);
  }
}

/** The subject as Notation prints it and trust policies name it. */
export function subjectString(s: NotationSubject): string {
  return [`C=${s.country}`, `ST=${s.state}`, ...(s.locality ? [`L=${s.locality}`] : []), `O=${s.organization}`, `CN=${s.commonName}`].join(', ');
}

function subjectDer(s: NotationSubject): Buffer {
  const rdn = (oid: string, tag: number, v: string) => tlv(TAG_SET, derSequence(derOid(oid), tlv(tag, Buffer.from(v, 'utf8'))));
  return derSequence(
    rdn(OID.country, TAG_PRINTABLE, s.country),
    rdn(OID.state, TAG_UTF8, s.state),
    ...(s.locality ? [rdn(OID.locality, TAG_UTF8, s.locality)] : []),
    rdn(OID.organization, TAG_UTF8, s.organization),
    rdn(OID.commonName, TAG_UTF8, s.commonName),
  );
}

function derTime(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'latin1')) : tlv(0x18, Buffer.from(`${iso}Z`, 'latin1'));
}

const ext = (oid: string, critical: boolean, value: Buffer) =>
  derSequence(derOid(oid), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), derOctets(value));

export interface NotationCertRequest {
  key: PrivateKey;
  subject: NotationSubject;
  notBefore: Date;
  validDays: number;
}

export function notationCertificate(req: NotationCertRequest): Buffer {
  const { key } = req;
  if (key.algorithm === 'ed25519') throw new VaultError('UNSUPPORTED_KEY', 'Notation does not accept Ed25519 keys: make a new ECDSA key for Notation');
  if (key.algorithm === 'rsa' && (key.rsaBits ?? 0) < 2048)
    throw new VaultError('UNSUPPORTED_KEY', `this RSA key has ${key.rsaBits} bits; Notation needs 2048 or more: make a new key`);
  if (!Number.isInteger(req.validDays) || req.validDays < 1 || req.validDays > MAX_VALIDITY_DAYS)
    throw new VaultError('INVALID_ARGUMENT', `certificate validity must be 1 to ${MAX_VALIDITY_DAYS} days`);
  checkSubject(req.subject);
  const notAfter = new Date(req.notBefore.getTime() + req.validDays * 86_400_000);
  const algorithm = key.algorithm === 'ecdsa' ? derSequence(derOid(OID.ecdsaSha256)) : derSequence(derOid(OID.sha256Rsa), derNull());
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const name = subjectDer(req.subject);
  const spki = standardSpki(key);
  const tbs = derSequence(
    derExplicit(0, derInteger(2)),
    derInteger(serial),
    algorithm,
    name,
    derSequence(derTime(req.notBefore), derTime(notAfter)),
    name,
    spki,
    derExplicit(3, derSequence(
      ext(OID.keyUsage, true, tlv(0x03, Buffer.from([0x07, 0x80]))), // digitalSignature only
      ext(OID.extKeyUsage, false, derSequence(derOid(OID_CODE_SIGNING))),
      ext(OID.basicConstraints, true, derSequence()), // CA:FALSE
    )),
  );
  // The standard PKCS#8 is what BoringSSL accepts; node:crypto gives PKCS#1 v1.5 for RSA, which the vault's
  // PSS-only PrivateKey does not make.
  const pkcs8 = standardPkcs8(key);
  let signature: Buffer;
  try {
    const priv = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    signature = sign('sha256', tbs, priv); // ECDSA: DER Ecdsa-Sig-Value, as X.509 wants
  } finally {
    pkcs8.fill(0);
  }
  return derSequence(tbs, algorithm, derBitString(signature));
}

/** The private key as Notation loads it (`keyPath` in signingkeys.json): unencrypted PKCS#8 PEM. */
export function notationKeyPem(key: PrivateKey): string {
  const der = standardPkcs8(key);
  try {
    const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
    return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
  } finally {
    der.fill(0);
  }
}

export const certificatePem = (der: Buffer): string =>
  `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
