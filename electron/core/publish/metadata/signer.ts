import { VaultError } from '../../errors';
import type { PrivateKey } from '../../keys/private-key';
import { readTufKey } from '../../tuf/tuf-key';
import { type PublicTufKey, publicTufKey, type TufKeyObject } from './keys';

/**
 * Something that signs metadata for one listed key: an in-memory key, a token, a remote signer. `publicKey` is the
 * key exactly as metadata lists it under `keyId`, so every signature can be checked the way a client will.
 */
export interface MetadataSigner {
  keyId: string;
  method: 'ecdsa' | 'eddsa' | 'rsapss';
  publicKey: TufKeyObject;
  sign(canonicalBytes: Buffer): Promise<Buffer>;
}

/**
 * A signer for a private key, listed as its bare public key or, for root keys, as its certificate (`listedAs`):
 * root.json names a root key by the certificate's ID, while the signature is made by the private key. The listed
 * key must hold the same public key, or every signature would fail verification later.
 */
export function signerFromPrivateKey(key: PrivateKey, listedAs: PublicTufKey = publicTufKey(key)): MetadataSigner {
  const read = readTufKey(listedAs.key);
  if (read.error) throw new VaultError('INVALID_ARGUMENT', `the listed key ${listedAs.id}: ${read.error}`);
  if (read.id !== listedAs.id) throw new VaultError('INVALID_ARGUMENT', `the listed key hashes to ${read.id}, not ${listedAs.id}`);
  if (read.canonicalId !== key.id) throw new VaultError('INVALID_ARGUMENT', `the listed key ${listedAs.id} is not the public key of ${key.id}`);
  return {
    keyId: listedAs.id,
    method: key.signatureMethod,
    publicKey: listedAs.key,
    sign: async (bytes) => key.sign(bytes),
  };
}
