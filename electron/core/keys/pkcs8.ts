import type { KeyAlgorithm } from '../../../shared/dto/keys';
import { VaultError } from '../errors';
import {
  DerError, OID, TAG, contextTag, decodeDer, derInteger, derOctets, derOid, derSequence, readBitString, readNull,
  readOctets, readOid, readSmallInt, sequence, type DerNode,
} from '../der';
import type { KeyMaterial, RsaMaterial } from './key-material';
import { checkCurve, encodePkcs1, encodeSec1, parsePkcs1, parseSec1 } from './key-structures';

/**
 * Unencrypted PKCS#8 PrivateKeyInfo, in notary's quirky form and the standard ones (RFC 5208 / 5958 / 8410).
 * Structure errors are DerErrors (the caller decides what they mean); unknown algorithms are UNSUPPORTED_KEY.
 */

const ALGORITHM_BY_OID: Record<string, KeyAlgorithm> = {
  [OID.ecPublicKey]: 'ecdsa',
  [OID.rsaEncryption]: 'rsa',
  [OID.ed25519Notary]: 'ed25519',
  [OID.ed25519]: 'ed25519',
};

interface Outer {
  oid: string;
  params: DerNode | undefined;
  privateKey: Buffer;
  /** RFC 5958 v2 [1] publicKey, if present. */
  publicKey: Buffer | undefined;
}

function readOuter(der: Buffer): Outer {
  const f = sequence(decodeDer(der), 'PrivateKeyInfo', 3, 5);
  const version = readSmallInt(f[0], 'PrivateKeyInfo version');
  // notary writes version 1 for ECDSA (copying OpenSSL of its day); RFC 5958 uses 1 when a public key follows.
  if (version > 1) throw new DerError(`PrivateKeyInfo version ${version} is unknown`);
  const alg = sequence(f[1], 'PrivateKeyInfo algorithm', 1, 2);
  const privateKey = readOctets(f[2], 'PrivateKeyInfo privateKey');
  let publicKey: Buffer | undefined;
  for (const extra of f.slice(3)) {
    if (extra.tag === contextTag(0)) continue; // attributes: nothing a signing key needs
    if (extra.tag === 0x81) publicKey = readBitString({ ...extra, tag: TAG.BIT_STRING }, 'PrivateKeyInfo publicKey');
    else throw new DerError('PrivateKeyInfo has an unknown field');
  }
  return { oid: readOid(alg[0], 'PrivateKeyInfo algorithm OID'), params: alg[1], privateKey, publicKey };
}

/** The algorithm a PrivateKeyInfo declares (null if notary cannot use it), without touching the key. */
export function privateKeyInfoAlgorithm(der: Buffer): KeyAlgorithm | null {
  return ALGORITHM_BY_OID[readOuter(der).oid] ?? null;
}

export function parsePrivateKeyInfo(der: Buffer): KeyMaterial {
  const { oid, params, privateKey, publicKey } = readOuter(der);
  switch (oid) {
    case OID.ecPublicKey: {
      const curve = readOid(params, 'EC algorithm parameters');
      checkCurve(curve);
      return parseSec1(privateKey, curve);
    }
    case OID.rsaEncryption:
      // notary leaves the NULL parameter out; the standard puts it in. Accept both, nothing else.
      if (params) readNull(params, 'RSA algorithm parameters');
      return parsePkcs1(privateKey);
    case OID.ed25519Notary: {
      if (params) readNull(params, 'Ed25519 algorithm parameters');
      // notary: 96 raw bytes, public(32) || seed(32) || public(32), not wrapped in another OCTET STRING.
      if (privateKey.length !== 96) throw new DerError(`notary Ed25519 key is ${privateKey.length} bytes, not 96`);
      const pub1 = Buffer.from(privateKey.subarray(0, 32));
      const pub2 = Buffer.from(privateKey.subarray(64, 96));
      return { kind: 'ed25519', seed: Buffer.from(privateKey.subarray(32, 64)), publicKeys: [pub1, pub2] };
    }
    case OID.ed25519: {
      if (params) throw new DerError('Ed25519 algorithm must not have parameters');
      const seed = readOctets(decodeDer(privateKey), 'Ed25519 CurvePrivateKey');
      if (seed.length !== 32) throw new DerError(`Ed25519 seed is ${seed.length} bytes, not 32`);
      return { kind: 'ed25519', seed: Buffer.from(seed), publicKeys: publicKey ? [Buffer.from(publicKey)] : [] };
    }
    case OID.rsassaPss:
      throw new VaultError('UNSUPPORTED_KEY', 'RSA-PSS-only keys (OID 1.2.840.113549.1.1.10) are not supported');
    default:
      throw new VaultError('UNSUPPORTED_KEY', `key algorithm with OID ${oid} is not supported`);
  }
}

/** What notary's PKCS#8 writer needs: the material plus the public parts it stores alongside. */
export type NotaryKeyParts =
  | { kind: 'ecdsa'; d: Buffer; point: Buffer }
  | { kind: 'ed25519'; seed: Buffer; pub: Buffer }
  | RsaMaterial;

/**
 * PrivateKeyInfo exactly as notary's convertTUFKeyToPKCS8 writes it: the AlgorithmIdentifier is a SEQUENCE of
 * OIDs only (so RSA has no NULL), ECDSA uses version 1 around Go's MarshalECPrivateKey, Ed25519 uses notary's
 * OID around 96 raw bytes. The returned Buffer holds secrets: wipe it after use.
 */
export function encodeNotaryPrivateKeyInfo(k: NotaryKeyParts): Buffer {
  switch (k.kind) {
    case 'ecdsa':
      return derSequence(derInteger(1), derSequence(derOid(OID.ecPublicKey), derOid(OID.prime256v1)), derOctets(encodeSec1(k.d, k.point)));
    case 'rsa':
      return derSequence(derInteger(0), derSequence(derOid(OID.rsaEncryption)), derOctets(encodePkcs1(k)));
    case 'ed25519':
      return derSequence(derInteger(0), derSequence(derOid(OID.ed25519Notary)), derOctets(Buffer.concat([k.pub, k.seed, k.pub])));
  }
}
