import { X509Certificate } from 'node:crypto';
import { childrenOf, contextTag, decodeDer, DerError, expectTag, readOid, sequence, TAG, type DerNode } from '../der';

/**
 * Notation's requirements for a signing certificate (notaryproject specification "signature-specification",
 * section "Certificate Requirements", as notation-core-go's x509 validations apply them to a leaf):
 * key usage present and critical with digitalSignature only; extended key usage, when present, codeSigning and
 * nothing Notation forbids; basicConstraints not a CA; RSA at least 2048 bits or ECDSA P-256/P-384/P-521; inside
 * its validity. Used before a kit is written (a certificate that would fail is never handed out) and to say
 * why notary's own certificates fail: notary sets keyEncipherment beside digitalSignature.
 */

const OID_KEY_USAGE = '2.5.29.15';
const OID_EXT_KEY_USAGE = '2.5.29.37';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const TAG_BOOLEAN = 0x01;

/** RFC 5280 KeyUsage bit names, bit 0 first. */
export const KEY_USAGE_BITS = [
  'digitalSignature', 'contentCommitment', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly',
] as const;

const EKU_NAMES: Record<string, string> = {
  [OID_CODE_SIGNING]: 'codeSigning',
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

export interface Extension {
  oid: string;
  critical: boolean;
  value: Buffer;
}

/** Every extension of a DER certificate, in order. */
export function certificateExtensions(der: Buffer): Extension[] {
  const [tbs] = sequence(decodeDer(der), 'certificate', 3, 3);
  const explicit = sequence(tbs, 'tbsCertificate', 6).find((f) => f.tag === contextTag(3));
  if (!explicit) return [];
  const [list] = childrenOf(explicit);
  return sequence(list, 'extensions').map((ext: DerNode) => {
    const parts = sequence(ext, 'extension', 2, 3);
    const critical = parts.length === 3 && parts[1]!.tag === TAG_BOOLEAN && parts[1]!.value[0] !== 0;
    const value = expectTag(parts[parts.length - 1], TAG.OCTET_STRING, 'extension value').value;
    return { oid: readOid(parts[0], 'extension id'), critical, value: Buffer.from(value) };
  });
}

/** The KeyUsage bits set, by name. */
export function keyUsageNames(value: Buffer): string[] {
  // A named-bit BIT STRING declares its unused trailing bits, which the key-file reader (readBitString) refuses.
  const node = expectTag(decodeDer(value), TAG.BIT_STRING, 'keyUsage');
  if (node.value.length < 1 || node.value[0]! > 7) throw new DerError('keyUsage: bad BIT STRING');
  const bits = node.value.subarray(1);
  return KEY_USAGE_BITS.filter((_, i) => ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
}

export function extKeyUsageNames(value: Buffer): string[] {
  return sequence(decodeDer(value), 'extKeyUsage').map((n) => {
    const oid = readOid(n, 'extKeyUsage purpose');
    return EKU_NAMES[oid] ?? oid;
  });
}

export function basicConstraintsIsCa(value: Buffer): boolean {
  const [ca] = sequence(decodeDer(value), 'basicConstraints', 0, 2);
  return ca?.tag === TAG_BOOLEAN && ca.value[0] !== 0;
}

/** Each rule Notation applies to a signing certificate, with why it fails; [] means the certificate passes. */
export function notationViolations(der: Buffer, now = new Date()): string[] {
  const problems: string[] = [];
  const exts = certificateExtensions(der);
  const find = (oid: string) => exts.find((e) => e.oid === oid);
  const ku = find(OID_KEY_USAGE);
  if (!ku) problems.push('key usage is missing (Notation requires it)');
  else {
    const names = keyUsageNames(ku.value);
    if (!ku.critical) problems.push('key usage is not marked critical');
    if (!names.includes('digitalSignature')) problems.push('key usage lacks digitalSignature');
    const extra = names.filter((n) => n !== 'digitalSignature');
    if (extra.length > 0) problems.push(`key usage must be digitalSignature only, but also has ${extra.join(', ')}`);
  }
  const eku = find(OID_EXT_KEY_USAGE);
  if (eku) {
    const forbidden = extKeyUsageNames(eku.value).filter((n) => n !== 'codeSigning');
    if (forbidden.length > 0) problems.push(`extended key usage must be codeSigning only, but has ${forbidden.join(', ')}`);
  } else problems.push('extended key usage codeSigning is missing');
  const bc = find(OID_BASIC_CONSTRAINTS);
  if (bc && basicConstraintsIsCa(bc.value)) problems.push('it is a CA certificate (basicConstraints cA is true)');
  const cert = new X509Certificate(der);
  const details = cert.publicKey.asymmetricKeyDetails ?? {};
  if (cert.publicKey.asymmetricKeyType === 'rsa') {
    if ((details.modulusLength ?? 0) < 2048) problems.push(`RSA key of ${details.modulusLength} bits (Notation needs 2048 or more)`);
  } else if (cert.publicKey.asymmetricKeyType === 'ec') {
    if (!['prime256v1', 'secp384r1', 'secp521r1'].includes(details.namedCurve ?? '')) problems.push(`curve ${details.namedCurve} is not P-256, P-384 or P-521`);
  } else problems.push(`${cert.publicKey.asymmetricKeyType} keys are not accepted by Notation (RSA or ECDSA only)`);
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) problems.push(`it is not valid now (${cert.validFrom} to ${cert.validTo})`);
  return problems;
}
