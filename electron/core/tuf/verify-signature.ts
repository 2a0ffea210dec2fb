import { constants, createPublicKey, type KeyObject, verify as nodeVerify } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import type { TufKey } from './tuf-key';

// noble-ed25519 v3 only verifies synchronously once it is given a SHA-512.
ed.hashes.sha512 = sha512;

/** DER SubjectPublicKeyInfo prefix of an RFC 8410 Ed25519 key: the raw 32 bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ed25519Keys = new Map<string, KeyObject | null>();

/**
 * The native Ed25519 verifier (OpenSSL in Node, BoringSSL in Electron) is about ten times faster than the pure
 * JavaScript one, and metadata checks verify the server's timestamp signature several times per operation. A key
 * the native side will not take falls back to noble.
 */
function nativeEd25519(raw: Buffer): KeyObject | null {
  const id = raw.toString('hex');
  let key = ed25519Keys.get(id);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    } catch {
      key = null;
    }
    if (ed25519Keys.size > 1024) ed25519Keys.clear();
    ed25519Keys.set(id, key);
  }
  return key;
}

function verifyEd25519(sig: Buffer, message: Buffer, raw: Buffer): boolean {
  if (sig.length !== 64 || raw.length !== 32) return false;
  const key = nativeEd25519(raw);
  if (key) {
    try {
      return nodeVerify(null, message, key, sig);
    } catch {
      // Fall through to noble.
    }
  }
  return ed.verify(sig, message, raw);
}

/** Which methods each key family may sign with (NOTARY.md section 5): a method/key mismatch is an invalid signature. */
const METHODS: Record<string, 'ecdsa' | 'rsa' | 'ed25519'> = { ecdsa: 'ecdsa', eddsa: 'ed25519', rsapss: 'rsa', rsapkcs1v15: 'rsa' };

/** Verifies one signature over `message` (the canonical JSON of `signed`). Returns null when valid, else why not. */
export function checkSignature(key: TufKey, method: string, sig: Buffer, message: Buffer): string | null {
  const family = METHODS[method];
  if (!family) return `unknown signature method ${method}`;
  const v = key.verifier;
  if (!v) return key.error ?? 'unusable key';
  const keyFamily = v.kind === 'ed25519' ? 'ed25519' : v.family;
  if (keyFamily !== family) return `method ${method} does not fit a ${key.type} key`;
  try {
    let ok: boolean;
    if (v.kind === 'ed25519') {
      ok = verifyEd25519(sig, message, v.raw);
    } else if (method === 'ecdsa') {
      // notary writes raw r||s, not DER.
      ok = nodeVerify('sha256', message, { key: v.key, dsaEncoding: 'ieee-p1363' }, sig);
    } else {
      const padding = method === 'rsapss' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
      ok = nodeVerify('sha256', message, { key: v.key, padding, saltLength: 32 }, sig);
    }
    return ok ? null : 'signature does not verify';
  } catch (e) {
    return `signature could not be checked: ${e instanceof Error ? e.message : String(e)}`;
  }
}
