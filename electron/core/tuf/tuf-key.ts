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

function nodeVerifier(spki: Buffer, family: 'ecdsa' | 'rsa'): TufKey['verifier'] {
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const expected = family === 'ecdsa' ? 'ec' : 'rsa';
  if (key.asymmetricKeyType !== expected) throw new Error(`expected an ${expected} key, found ${key.asymmetricKeyType}`);
  return { kind: 'node', key, family };
}
