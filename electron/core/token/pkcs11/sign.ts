import * as pkcs11js from 'pkcs11js';
import { VaultError } from '../../errors';
import { objectsWithId } from './objects';

/**
 * Raw ECDSA (CKM_ECDSA) over a digest made by the caller: SoftHSM2 and ykcs11 both do it, while CKM_ECDSA_SHA256 is
 * missing from SoftHSM2. The result is r || s, 32 bytes each for P-256.
 */
export function signEcdsa(lib: pkcs11js.PKCS11, session: Buffer, ckaId: string, digest: Buffer): Buffer {
  if (digest.length !== 32) throw new VaultError('INVALID_ARGUMENT', `expected a 32-byte SHA-256 digest, got ${digest.length} bytes`);
  const [key] = objectsWithId(lib, session, ckaId, pkcs11js.CKO_PRIVATE_KEY);
  if (!key) throw new VaultError('NOT_FOUND', `no private key with CKA_ID ${ckaId} on the token`);
  lib.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, key);
  const signature = Buffer.from(lib.C_Sign(session, digest, Buffer.alloc(132)));
  if (signature.length !== 64) {
    throw new VaultError('TOKEN_ERROR', `the token returned a ${signature.length}-byte signature; P-256 needs 64 (r || s)`);
  }
  return signature;
}
