/**
 * The secret numbers of a key, as parsed from any file format, before they become a PrivateKey.
 * All integers are unsigned big-endian Buffers without leading zeros, except EC coordinates and d,
 * which are fixed-width (32 bytes for P-256), as JWK and SEC1 want them.
 */
export interface EcdsaMaterial {
  kind: 'ecdsa';
  d: Buffer;
  /** Public point, if the file carried one; checked against d. */
  publicPoint?: Buffer;
}

export interface RsaMaterial {
  kind: 'rsa';
  n: Buffer;
  e: Buffer;
  d: Buffer;
  p: Buffer;
  q: Buffer;
  dp: Buffer;
  dq: Buffer;
  qi: Buffer;
}

export interface Ed25519Material {
  kind: 'ed25519';
  seed: Buffer;
  /** Public key(s) the file carried; each is checked against the seed. */
  publicKeys: Buffer[];
}

export type KeyMaterial = EcdsaMaterial | RsaMaterial | Ed25519Material;

/** Every secret Buffer of a material, so it can be zeroed. */
export function secretBuffers(m: KeyMaterial): Buffer[] {
  switch (m.kind) {
    case 'ecdsa':
      return [m.d];
    case 'rsa':
      return [m.d, m.p, m.q, m.dp, m.dq, m.qi];
    case 'ed25519':
      return [m.seed];
  }
}
