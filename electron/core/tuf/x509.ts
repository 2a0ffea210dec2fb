import { childrenOf, contextTag, decodeDer, DerError, type DerNode, expectTag, OID, readOid, sequence, TAG } from '../der';

/** What the verifier needs from a key certificate (NOTARY.md sections 3 and 4). */
export interface CertInfo {
  /** The DER SubjectPublicKeyInfo: hashed as a bare key it gives the canonical ID. */
  spki: Buffer;
  keyType: 'ecdsa' | 'rsa' | 'other';
  notBefore: Date;
  notAfter: Date;
  commonName: string | null;
  /** basicConstraints cA; false when the extension is absent. */
  isCa: boolean;
}

const OID_CN = '2.5.4.3';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const TAG_SET = 0x31;
const TAG_BOOLEAN = 0x01;
const TAG_UTC_TIME = 0x17;
const TAG_GENERALIZED_TIME = 0x18;
// Directory string types a CN may be written in (UTF8String, PrintableString, IA5String, T61String).
const STRING_TAGS = new Set([0x0c, 0x13, 0x16, 0x14]);

/** The first CERTIFICATE block of a PEM text, as DER. */
export function certificateDer(pem: string): Buffer {
  const m = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!m) throw new DerError('no CERTIFICATE block in the key');
  return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
}

/** Parses the parts of an X.509 certificate the verifier checks; the certificate's own signature is not checked (nor by notary for leaf keys). */
export function parseCertificate(der: Buffer): CertInfo {
  const [tbs] = sequence(decodeDer(der), 'certificate', 3, 3);
  const fields = sequence(tbs, 'tbsCertificate', 6);
  let i = fields[0]?.tag === contextTag(0) ? 1 : 0; // optional [0] version
  i += 2; // serialNumber, signature algorithm
  i += 1; // issuer
  const [notBefore, notAfter] = sequence(fields[i++], 'validity', 2, 2);
  const subject = fields[i++];
  const spkiNode = fields[i++];
  const [alg] = sequence(sequence(spkiNode, 'subjectPublicKeyInfo', 2, 2)[0], 'algorithm', 1, 2);
  const algOid = readOid(alg, 'public key algorithm');
  const extensions = fields.slice(i).find((f) => f.tag === contextTag(3));
  return {
    spki: Buffer.from(spkiNode!.raw),
    keyType: algOid === OID.ecPublicKey ? 'ecdsa' : algOid === OID.rsaEncryption ? 'rsa' : 'other',
    notBefore: readTime(notBefore!),
    notAfter: readTime(notAfter!),
    commonName: commonNameOf(subject),
    isCa: extensions ? basicConstraintsCa(extensions) : false,
  };
}

function readTime(node: DerNode): Date {
  const s = node.value.toString('latin1');
  let m: RegExpExecArray | null;
  if (node.tag === TAG_UTC_TIME && (m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s))) {
    const yy = Number(m[1]);
    return utc(yy >= 50 ? 1900 + yy : 2000 + yy, m.slice(2)); // RFC 5280 4.1.2.5.1
  }
  if (node.tag === TAG_GENERALIZED_TIME && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s))) return utc(Number(m[1]), m.slice(2));
  throw new DerError(`certificate validity: unreadable time ${JSON.stringify(s)}`);
}

function utc(year: number, rest: string[]): Date {
  const [mo, d, h, mi, se] = rest.map(Number) as [number, number, number, number, number];
  return new Date(Date.UTC(year, mo - 1, d, h, mi, se));
}

function commonNameOf(name: DerNode | undefined): string | null {
  for (const rdn of sequence(name, 'subject')) {
    for (const atv of childrenOf(expectTag(rdn, TAG_SET, 'subject RDN'))) {
      const [type, value] = sequence(atv, 'subject attribute', 2, 2);
      if (readOid(type, 'attribute type') === OID_CN && value && STRING_TAGS.has(value.tag)) return value.value.toString('utf8');
    }
  }
  return null;
}

function basicConstraintsCa(explicit: DerNode): boolean {
  const [list] = childrenOf(explicit);
  for (const ext of sequence(list, 'extensions')) {
    const parts = sequence(ext, 'extension', 2, 3);
    if (readOid(parts[0], 'extension id') !== OID_BASIC_CONSTRAINTS) continue;
    const value = expectTag(parts[parts.length - 1], TAG.OCTET_STRING, 'basicConstraints');
    const [ca] = sequence(decodeDer(value.value), 'basicConstraints', 0, 2);
    return ca?.tag === TAG_BOOLEAN && ca.value[0] !== 0;
  }
  return false;
}
