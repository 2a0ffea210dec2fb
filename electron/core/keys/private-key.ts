import { constants, createECDH, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type JsonWebKey, type KeyObject } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { VaultError } from '../errors';
import { encodePem } from './pem';
import { keyIdOf } from './key-id';
import { secretBuffers, type KeyMaterial, type RsaMaterial } from './key-material';
import { ecSpki, rsaSpki } from './key-structures';
import type { NotaryKeyParts } from './pkcs8';

// noble-ed25519 v3 only signs synchronously once it is given a SHA-512.
ed.hashes.sha512 = sha512;

const MIN_RSA_BITS = 1024;
const MAX_RSA_BITS = 16384;
const RSA_PSS_SALT = 32; // notary: rsa.PSSSaltLengthEqualsHash with SHA-256

const b64url = (b: Buffer) => b.toString('base64url');
const badKey = (why: string) => new VaultError('BAD_KEY_FILE', why);

let partsOf: (key: PrivateKey) => NotaryKeyParts;

/**
 * A decrypted signing key. Keys reach node:crypto only as JWK (never as PKCS#8/PEM: Electron's BoringSSL
 * rejects notary's quirky DER); Ed25519 is done by @noble/ed25519 from the seed.
 * Every signature sign() returns has been verified first.
 */
export class PrivateKey {
  readonly algorithm: 'ecdsa' | 'ed25519' | 'rsa';
  /** DER SubjectPublicKeyInfo (ecdsa, rsa; as Go's x509.MarshalPKIXPublicKey) or the raw 32 bytes (ed25519). */
  readonly publicBytes: Buffer;
  /** Canonical key ID: the file name notary uses. */
  readonly id: string;
  readonly signatureMethod: 'ecdsa' | 'eddsa' | 'rsapss';
  #material: KeyMaterial | null;
  /** Uncompressed P-256 point, or the Ed25519 public key. */
  readonly #point: Buffer;
  #privateKey: KeyObject | null;
  readonly #publicKey: KeyObject | null;

  static {
    partsOf = (k) => k.#parts();
  }

  private constructor(m: KeyMaterial) {
    this.#material = m;
    this.algorithm = m.kind;
    switch (m.kind) {
      case 'ecdsa': {
        const ecdh = createECDH('prime256v1');
        ecdh.setPrivateKey(m.d);
        const point = ecdh.getPublicKey();
        if (m.publicPoint && !m.publicPoint.equals(point) && !m.publicPoint.equals(ecdh.getPublicKey(null, 'compressed')))
          throw badKey('the public key stored in the EC key does not belong to its private key');
        this.#point = point;
        const pub = { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) };
        this.#privateKey = createPrivateKey({ key: { ...pub, d: b64url(m.d) } as JsonWebKey, format: 'jwk' });
        this.#publicKey = createPublicKey({ key: pub as JsonWebKey, format: 'jwk' });
        this.publicBytes = ecSpki(point);
        this.signatureMethod = 'ecdsa';
        break;
      }
      case 'rsa': {
        checkRsa(m);
        const pub = { kty: 'RSA', n: b64url(m.n), e: b64url(m.e) };
        const jwk = { ...pub, d: b64url(m.d), p: b64url(m.p), q: b64url(m.q), dp: b64url(m.dp), dq: b64url(m.dq), qi: b64url(m.qi) };
        this.#point = Buffer.alloc(0);
        this.#privateKey = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
        this.#publicKey = createPublicKey({ key: pub as JsonWebKey, format: 'jwk' });
        this.publicBytes = rsaSpki(m.n, m.e);
        this.signatureMethod = 'rsapss';
        break;
      }
      case 'ed25519': {
        if (m.seed.length !== 32) throw badKey('an Ed25519 seed must be 32 bytes');
        const pub = Buffer.from(ed.getPublicKey(m.seed));
        if (m.publicKeys.some((p) => !p.equals(pub))) throw badKey('the public key stored in the Ed25519 key does not belong to its seed');
        this.#point = pub;
        this.#privateKey = null;
        this.#publicKey = null;
        this.publicBytes = pub;
        this.signatureMethod = 'eddsa';
        break;
      }
    }
    this.id = keyIdOf(this.algorithm, this.publicBytes);
  }

  /** Validates the numbers (public parts belong to the private ones, sizes notary accepts) and builds the key. */
  static fromMaterial(m: KeyMaterial): PrivateKey {
    try {
      return new PrivateKey(m);
    } catch (e) {
      secretBuffers(m).forEach((b) => b.fill(0));
      if (e instanceof VaultError) throw e;
      // node:crypto refusing our JWK means the numbers are inconsistent.
      throw badKey(`the key's numbers are not a valid ${m.kind} key (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  get rsaBits(): number | null {
    if (this.algorithm !== 'rsa') return null;
    return this.#publicKey?.asymmetricKeyDetails?.modulusLength ?? null;
  }

  /** The PUBLIC KEY block `docker trust key generate` writes to NAME.pub (and `notary key generate -o` to X.pem). */
  publicKeyPem(role?: string): string {
    return encodePem({ type: 'PUBLIC KEY', headers: role ? { role } : {}, bytes: this.publicBytes });
  }

  /** notary's signature format; the signature is verified before it is returned. */
  sign(data: Buffer): Buffer {
    const m = this.#live();
    let sig: Buffer;
    if (m.kind === 'ed25519') sig = Buffer.from(ed.sign(data, m.seed));
    else if (m.kind === 'ecdsa') sig = nodeSign('sha256', data, { key: this.#privateKey!, dsaEncoding: 'ieee-p1363' });
    else sig = nodeSign('sha256', data, { key: this.#privateKey!, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: RSA_PSS_SALT });
    if (!this.verify(data, sig)) throw new VaultError('INTERNAL', `the ${this.algorithm} signature made with key ${this.id} did not verify`);
    return sig;
  }

  verify(data: Buffer, sig: Buffer): boolean {
    try {
      switch (this.algorithm) {
        case 'ed25519':
          return sig.length === 64 && ed.verify(sig, data, this.#point, { zip215: false });
        case 'ecdsa':
          return sig.length === 64 && nodeVerify('sha256', data, { key: this.#publicKey!, dsaEncoding: 'ieee-p1363' }, sig);
        case 'rsa':
          return nodeVerify('sha256', data, { key: this.#publicKey!, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: RSA_PSS_SALT }, sig);
      }
    } catch {
      return false;
    }
  }

  /** Best effort: zero the secret bytes we hold and drop the node:crypto key (whose memory we cannot reach). */
  wipe(): void {
    if (this.#material) secretBuffers(this.#material).forEach((b) => b.fill(0));
    this.#material = null;
    this.#privateKey = null;
  }

  #live(): KeyMaterial {
    if (!this.#material) throw new VaultError('INTERNAL', `key ${this.id} was wiped`);
    return this.#material;
  }

  #parts(): NotaryKeyParts {
    const m = this.#live();
    if (m.kind === 'ecdsa') return { kind: 'ecdsa', d: m.d, point: this.#point };
    if (m.kind === 'ed25519') return { kind: 'ed25519', seed: m.seed, pub: this.#point };
    return m;
  }
}

/** For the key-file writer only: the secret parts in the shape notary's PKCS#8 needs (not copies: do not wipe). */
export function notaryKeyParts(key: PrivateKey): NotaryKeyParts {
  return partsOf(key);
}

function checkRsa(m: RsaMaterial): void {
  const big = (b: Buffer) => BigInt(`0x${b.toString('hex') || '0'}`);
  const n = big(m.n);
  const bits = n.toString(2).length;
  if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS)
    throw new VaultError('UNSUPPORTED_KEY', `RSA keys of ${bits} bits are not supported (${MIN_RSA_BITS} to ${MAX_RSA_BITS})`);
  if (big(m.p) * big(m.q) !== n) throw badKey('the RSA key is inconsistent (n is not p times q)');
}
