import { createHash, createPublicKey, verify } from 'node:crypto';
import { VaultError } from '../errors';
import type { TokenClient, TokenRef } from './token-client';

/**
 * Signs on a token as notary does: SHA-256 on the host, CKM_ECDSA on the token, raw r || s; the signature is
 * verified with the public key before it is used, so a token that answers garbage is caught here.
 */
export async function signDigestOnToken(client: TokenClient, ref: TokenRef, ckaId: string, spki: Buffer, data: Buffer): Promise<Buffer> {
  const digest = createHash('sha256').update(data).digest();
  const signature = await client.signEcdsa(ref, ckaId, digest);
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  if (signature.length !== 64 || !verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw new VaultError('TOKEN_ERROR', 'The token returned a signature that does not verify with its own public key; it was not used');
  }
  return signature;
}
