import { createPublicKey, type KeyObject } from 'node:crypto';
import { keyIdOf, type KeyType } from '../keys/key-id';
import { certificateDer, type CertInfo, parseCertificate } from './x509';

/** A public key from metadata, ready to verify with, or the reason it cannot be used. */
export interface TufKey {
  /** The ID computed from the key itself (what metadata must use to name it). */
  id: string;
  type: string;
  canonicalId: string | null;
  /** node:crypto key for ecdsa/rsa; raw 32 bytes for ed25519. */
  verifier: { kind: 'node'; key: KeyObject; family: 'ecdsa' | 'rsa' } | { kind: 'ed25519'; raw: Buffer } | null;
  cert: CertInfo | null;
  /** Why the key is unusable (unknown type, bad bytes, unreadable certificate). */
  error: string | null;
}

const KEY_TYPES: KeyType[] = ['ecdsa', 'rsa', 'ed25519', 'ecdsa-x509', 'rsa-x509'];

/**
 * Reads one `{"keytype", "keyval": {"public"}}` entry. The ID is recomputed from the bytes, never trusted from
 * the map key: a key listed under an ID it does not hash to cannot sign for that ID.
 */
export function readTufKey(raw: unknown): TufKey {
  const k = raw as { keytype?: unknown; keyval?: { public?: unknown } } | null;
  const type = typeof k?.keytype === 'string' ? k.keytype : '?';
  const pub = k?.keyval?.public;
  if (typeof pub !== 'string' || !KEY_TYPES.includes(type as KeyType)) return readKey(type, pub);
  // The result depends only on (type, public), so the same key met again (in the next status, in another
  // repository, under another delegation) is not parsed and imported again: importing is most of the cost.
  const cacheKey = `${type}\0${pub}`;
  let key = keyCache.get(cacheKey);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.clear();
    keyCache.set(cacheKey, (key = readKey(type, pub)));
  }
  return key;
}

/** Keys read so far, by type and public bytes; cleared when full, so a long-running app cannot grow it without bound. */
const keyCache = new Map<string, TufKey>();
const KEY_CACHE_SIZE = 4096;

function readKey(type: string, pub: unknown): TufKey {
  const base = { id: '', type, canonicalId: null, verifier: null, cert: null };
  if (!KEY_TYPES.includes(type as KeyType)) return { ...base, error: `unknown key type ${type}` };
  if (typeof pub !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(pub)) return { ...base, error: 'public key is not base64' };
  const bytes = Buffer.from(pub, 'base64');
  const id = keyIdOf(type as KeyType, bytes);
  try {
    if (type === 'ed25519') {
      if (bytes.length !== 32) throw new Error(`ed25519 key of ${bytes.length} bytes`);
      return { ...base, id, canonicalId: id, verifier: { kind: 'ed25519', raw: bytes }, error: null };
    }
    if (type === 'ecdsa' || type === 'rsa') return { ...base, id, canonicalId: id, verifier: nodeVerifier(bytes, type), error: null };
    const cert = parseCertificate(certificateDer(bytes.toString('latin1')));
    const family = type === 'ecdsa-x509' ? 'ecdsa' : 'rsa';
    if (cert.keyType !== family) throw new Error(`${type} certificate holds a ${cert.keyType} key`);
    return { ...base, id, canonicalId: keyIdOf(family, cert.spki), verifier: nodeVerifier(cert.spki, family), cert, error: null };
  } catch (e) {
    return { ...base, id, error: `unreadable ${type} key: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** DER SubjectPublicKeyInfo of an uncompressed P-256 point, up to and including the 0x04 before X and Y. */
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200' + '04', 'hex');

function nodeVerifier(spki: Buffer, family: 'ecdsa' | 'rsa'): TufKey['verifier'] {
  const key = importP256(spki) ?? createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const expected = family === 'ecdsa' ? 'ec' : 'rsa';
  if (key.asymmetricKeyType !== expected) throw new Error(`expected an ${expected} key, found ${key.asymmetricKeyType}`);
  return { kind: 'node', key, family };
}

/**
 * A P-256 SPKI imported as JWK coordinates: the same key (OpenSSL checks the point is on the curve either way), a
 * third faster than decoding DER. null for anything else, or when it fails, so the DER path gives the error.
 */
function importP256(spki: Buffer): KeyObject | null {
  if (spki.length !== P256_SPKI_PREFIX.length + 64 || !spki.subarray(0, P256_SPKI_PREFIX.length).equals(P256_SPKI_PREFIX)) return null;
  const n = P256_SPKI_PREFIX.length;
  try {
    const x = spki.toString('base64url', n, n + 32);
    const y = spki.toString('base64url', n + 32, n + 64);
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' });
  } catch {
    return null;
  }
}
