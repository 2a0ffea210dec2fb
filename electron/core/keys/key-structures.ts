import { VaultError } from '../errors';
import {
  DerError, OID, contextTag, decodeDer, derBitString, derExplicit, derInteger, derNull, derOctets, derOid,
  derSequence, readBitString, readOctets, readOid, readSmallInt, readUnsigned, sequence,
} from '../der';
import type { EcdsaMaterial, RsaMaterial } from './key-material';

/** The DER structures inside key files: SEC1 ECPrivateKey, PKCS#1 RSAPrivateKey, SubjectPublicKeyInfo. */

export const P256_BYTES = 32;
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

const unsupportedCurve = (oid: string) =>
  new VaultError('UNSUPPORTED_KEY', `elliptic curve ${curveName(oid)} is not supported (notary uses P-256 only)`);
const curveName = (oid: string) =>
  oid === OID.secp384r1 ? 'P-384' : oid === OID.secp521r1 ? 'P-521' : `with OID ${oid}`;

export function checkCurve(oid: string): void {
  if (oid !== OID.prime256v1) throw unsupportedCurve(oid);
}

/**
 * SEC1 ECPrivateKey (RFC 5915). `curveFromAlgorithm` is the curve named by an enclosing PKCS#8 header, if any;
 * a curve named inside must agree with it. Like Go, a d shorter than 32 bytes is left-padded.
 */
export function parseSec1(der: Buffer, curveFromAlgorithm?: string): EcdsaMaterial {
  const f = sequence(decodeDer(der), 'ECPrivateKey', 2, 4);
  if (readSmallInt(f[0], 'ECPrivateKey version') !== 1) throw new DerError('ECPrivateKey version is not 1');
  let d = readOctets(f[1], 'ECPrivateKey privateKey');
  let curve = curveFromAlgorithm;
  let publicPoint: Buffer | undefined;
  for (const extra of f.slice(2)) {
    if (extra.tag === contextTag(0)) {
      const named = readOid(decodeDer(extra.value), 'ECPrivateKey parameters');
      if (curve !== undefined && curve !== named) throw new DerError('ECPrivateKey names a different curve than its header');
      curve = named;
    } else if (extra.tag === contextTag(1)) {
      publicPoint = Buffer.from(readBitString(decodeDer(extra.value), 'ECPrivateKey publicKey'));
    } else throw new DerError('ECPrivateKey has an unknown field');
  }
  if (curve === undefined) throw new DerError('ECPrivateKey does not name its curve');
  checkCurve(curve);
  while (d.length > P256_BYTES && d[0] === 0) d = d.subarray(1);
  if (d.length > P256_BYTES) throw new DerError('ECPrivateKey privateKey is too long');
  const dn = BigInt(`0x${d.toString('hex') || '0'}`);
  if (dn === 0n || dn >= P256_ORDER) throw new DerError('ECPrivateKey privateKey is out of range');
  const fixed = Buffer.alloc(P256_BYTES);
  d.copy(fixed, P256_BYTES - d.length);
  return publicPoint ? { kind: 'ecdsa', d: fixed, publicPoint } : { kind: 'ecdsa', d: fixed };
}

/** Go's x509.MarshalECPrivateKey: version 1, 32-byte d, [0] curve, [1] uncompressed point. */
export function encodeSec1(d: Buffer, point: Buffer): Buffer {
  return derSequence(derInteger(1), derOctets(d), derExplicit(0, derOid(OID.prime256v1)), derExplicit(1, derBitString(point)));
}

/** PKCS#1 RSAPrivateKey, two-prime only (version 0). */
export function parsePkcs1(der: Buffer): RsaMaterial {
  const f = sequence(decodeDer(der), 'RSAPrivateKey', 9, 10);
  const version = readSmallInt(f[0], 'RSAPrivateKey version');
  if (version !== 0 || f.length !== 9) throw new VaultError('UNSUPPORTED_KEY', 'multi-prime RSA keys are not supported');
  const [n, e, d, p, q, dp, dq, qi] = f.slice(1).map((node, i) => readUnsigned(node, `RSAPrivateKey field ${i + 1}`)) as Buffer[];
  return { kind: 'rsa', n: n!, e: e!, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qi: qi! };
}

/** Go's x509.MarshalPKCS1PrivateKey. */
export function encodePkcs1(m: RsaMaterial): Buffer {
  return derSequence(derInteger(0), ...[m.n, m.e, m.d, m.p, m.q, m.dp, m.dq, m.qi].map((b) => derInteger(b)));
}

/** Go's x509.MarshalPKIXPublicKey for a P-256 point. */
export function ecSpki(point: Buffer): Buffer {
  return derSequence(derSequence(derOid(OID.ecPublicKey), derOid(OID.prime256v1)), derBitString(point));
}

/** Go's x509.MarshalPKIXPublicKey for RSA: rsaEncryption WITH the NULL parameter (unlike notary's PKCS#8). */
export function rsaSpki(n: Buffer, e: Buffer): Buffer {
  return derSequence(derSequence(derOid(OID.rsaEncryption), derNull()), derBitString(derSequence(derInteger(n), derInteger(e))));
}
