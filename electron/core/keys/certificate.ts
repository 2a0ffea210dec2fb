import { randomBytes } from 'node:crypto';
import { derBitString, derExplicit, derInteger, derOctets, derOid, derSequence, tlv } from '../der';

/**
 * Self-signed X.509 certificates for ECDSA P-256 keys, as notary makes them: for a root key on a token (CN = root,
 * stored beside the key under the same CKA_ID) and for a repository's root (CN = the GUN). ECDSA with SHA-256,
 * CA:FALSE, keyUsage digitalSignature, extKeyUsage codeSigning. The signature comes from a callback, so the key
 * can be in memory or on a token.
 */

const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const OID_CN = '2.5.4.3';
const OID_KEY_USAGE = '2.5.29.15';
const OID_EXT_KEY_USAGE = '2.5.29.37';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const TAG_SET = 0x31;
const TAG_UTF8 = 0x0c;
const TAG_UTC_TIME = 0x17;
const TAG_GENERALIZED_TIME = 0x18;
const TAG_BOOLEAN = 0x01;

export interface CertificateRequest {
  commonName: string;
  /** DER SubjectPublicKeyInfo of the P-256 key. */
  spki: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** Signs the DER TBSCertificate with ECDSA P-256 / SHA-256; returns raw r || s (64 bytes). */
  sign: (tbs: Buffer) => Promise<Buffer> | Buffer;
}

/** RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050. */
function derTime(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  const year = date.getUTCFullYear();
  return year < 2050 ? tlv(TAG_UTC_TIME, Buffer.from(`${iso.slice(2)}Z`, 'latin1')) : tlv(TAG_GENERALIZED_TIME, Buffer.from(`${iso}Z`, 'latin1'));
}

const name = (cn: string): Buffer => derSequence(tlv(TAG_SET, derSequence(derOid(OID_CN), tlv(TAG_UTF8, Buffer.from(cn, 'utf8')))));

const extension = (oid: string, critical: boolean, value: Buffer): Buffer =>
  derSequence(derOid(oid), ...(critical ? [tlv(TAG_BOOLEAN, Buffer.from([0xff]))] : []), derOctets(value));

/** raw r || s → the DER ECDSA-Sig-Value X.509 wants. */
export function ecdsaDerSignature(raw: Buffer): Buffer {
  if (raw.length !== 64) throw new Error('an ECDSA P-256 signature is 64 bytes');
  return derSequence(derInteger(raw.subarray(0, 32)), derInteger(raw.subarray(32)));
}

export async function selfSignedCertificate(req: CertificateRequest): Promise<Buffer> {
  const algorithm = derSequence(derOid(OID_ECDSA_SHA256));
  // Positive 128-bit serial: the top bit cleared so DER needs no sign byte and it stays within 20 bytes.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const tbs = derSequence(
    derExplicit(0, derInteger(2)), // v3
    derInteger(serial),
    algorithm,
    name(req.commonName),
    derSequence(derTime(req.notBefore), derTime(req.notAfter)),
    name(req.commonName),
    req.spki,
    derExplicit(
      3,
      derSequence(
        // digitalSignature: bit 0 of a one-byte BIT STRING, the 7 unused bits declared as DER requires.
        extension(OID_KEY_USAGE, true, tlv(0x03, Buffer.from([0x07, 0x80]))),
        extension(OID_EXT_KEY_USAGE, false, derSequence(derOid(OID_CODE_SIGNING))),
        extension(OID_BASIC_CONSTRAINTS, true, derSequence()), // CA:FALSE
      ),
    ),
  );
  const signature = ecdsaDerSignature(Buffer.from(await req.sign(tbs)));
  return derSequence(tbs, algorithm, derBitString(signature));
}

/** The subject (and issuer) Name, DER, for CKA_SUBJECT. */
export const subjectOf = (commonName: string): Buffer => name(commonName);

