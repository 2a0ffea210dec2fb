import { OID, TAG, childrenOf, decodeDer, decodeOid, derOid, expectTag, sequence } from '../../der';

/** The few DER pieces PKCS#11 attributes need: EC parameters, EC points, a certificate's subject. */

/** CKA_EC_PARAMS for P-256: the DER OID of prime256v1 (namedCurve). */
export const P256_PARAMS: Buffer = derOid(OID.prime256v1);

/** The curve OID in CKA_EC_PARAMS, or null when it is not a named curve (explicit parameters, garbage). */
export function curveOidOf(ecParams: Buffer): string | null {
  try {
    const node = decodeDer(ecParams);
    return node.tag === TAG.OID ? decodeOid(node.value) : null;
  } catch {
    return null;
  }
}

/**
 * CKA_EC_POINT is specified as a DER OCTET STRING around the point (SoftHSM2, OpenSC, ykcs11 all wrap it), but some
 * modules hand back the bare point: accept both, and always return the bare 04 || x || y.
 */
export function unwrapEcPoint(value: Buffer): Buffer {
  if (value[0] === TAG.OCTET_STRING) {
    try {
      const node = decodeDer(value);
      if (node.value[0] === 0x04 && node.value.length % 2 === 1) return Buffer.from(node.value);
    } catch {
      // Not a well-formed OCTET STRING: fall through and take the bytes as they are.
    }
  }
  return Buffer.from(value);
}

/** The DER subject Name of an X.509 certificate (for CKA_SUBJECT), copied out of the certificate. */
export function certificateSubject(certDer: Buffer): Buffer {
  const [tbs] = sequence(decodeDer(certDer), 'certificate', 3, 3);
  const fields = sequence(tbs, 'tbsCertificate', 6);
  // version is [0] EXPLICIT and optional; then serialNumber, signature, issuer, validity, subject.
  const start = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = expectTag(fields[start + 4], TAG.SEQUENCE, 'certificate subject');
  childrenOf(subject); // the Name must at least parse as a SEQUENCE OF
  return Buffer.from(subject.raw);
}
