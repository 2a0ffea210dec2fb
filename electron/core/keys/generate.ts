import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyAlgorithm } from '../../../shared/dto/keys';
import { VaultError } from '../errors';
import type { KeyMaterial } from './key-material';
import { PrivateKey } from './private-key';

/**
 * A fresh key. ECDSA P-256 and RSA come from node:crypto and leave it as JWK (never PKCS#8, see PrivateKey);
 * Ed25519 is a random 32-byte seed, as Go's ed25519.GenerateKey makes it.
 */
export function generatePrivateKey(algorithm: KeyAlgorithm, options: { rsaBits?: 2048 | 4096 } = {}): PrivateKey {
  return PrivateKey.fromMaterial(freshMaterial(algorithm, options.rsaBits ?? 2048));
}

function freshMaterial(algorithm: KeyAlgorithm, rsaBits: number): KeyMaterial {
  const bytes = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');
  switch (algorithm) {
    case 'ecdsa': {
      const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
      const d = bytes(jwk.d);
      // JWK d is fixed-width by spec; pad anyway so a short export can never shift the scalar.
      return { kind: 'ecdsa', d: Buffer.concat([Buffer.alloc(Math.max(0, 32 - d.length)), d]) };
    }
    case 'rsa': {
      if (rsaBits !== 2048 && rsaBits !== 4096) throw new VaultError('INVALID_ARGUMENT', 'RSA keys are 2048 or 4096 bits');
      const jwk = generateKeyPairSync('rsa', { modulusLength: rsaBits, publicExponent: 65537 }).privateKey.export({ format: 'jwk' });
      return {
        kind: 'rsa', n: bytes(jwk.n), e: bytes(jwk.e), d: bytes(jwk.d), p: bytes(jwk.p), q: bytes(jwk.q),
        dp: bytes(jwk.dp), dq: bytes(jwk.dq), qi: bytes(jwk.qi),
      };
    }
    case 'ed25519':
      return { kind: 'ed25519', seed: randomBytes(32), publicKeys: [] };
    default:
      throw new VaultError('INVALID_ARGUMENT', `cannot generate a ${String(algorithm)} key`);
  }
}
