import * as pkcs11js from 'pkcs11js';
import { VaultError } from '../../errors';
import { P256_PARAMS, certificateSubject, unwrapEcPoint } from './der-bits';
import { objectsWithId, readAttribute } from './objects';

/** Creating and destroying key and certificate objects. The session must be R/W (and logged in for private keys). */

const idBytes = (ckaId: string): Buffer => {
  if (!/^([0-9a-f]{2})+$/i.test(ckaId)) throw new VaultError('INVALID_ARGUMENT', `CKA_ID must be hex bytes, got '${ckaId}'`);
  return Buffer.from(ckaId, 'hex');
};

export function storeCertificate(lib: pkcs11js.PKCS11, session: Buffer, cert: { ckaId: string; label: string; certDer: Buffer }): Buffer {
  let subject: Buffer;
  try {
    subject = certificateSubject(cert.certDer);
  } catch (e) {
    throw new VaultError('INVALID_ARGUMENT', `the certificate for CKA_ID ${cert.ckaId} is not DER X.509: ${(e as Error).message}`);
  }
  return lib.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_ID, value: idBytes(cert.ckaId) },
    { type: pkcs11js.CKA_LABEL, value: cert.label },
    { type: pkcs11js.CKA_SUBJECT, value: subject },
    { type: pkcs11js.CKA_VALUE, value: cert.certDer },
  ]);
}

/** The private key and its certificate, all or none: if the certificate cannot be stored the key goes again. */
export function importEcPrivateKey(
  lib: pkcs11js.PKCS11,
  session: Buffer,
  key: { ckaId: string; label: string; d: Buffer; certDer: Buffer },
): void {
  if (key.d.length !== 32) throw new VaultError('INVALID_ARGUMENT', `a P-256 private key is 32 bytes, got ${key.d.length}`);
  const handle = lib.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SIGN, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_ID, value: idBytes(key.ckaId) },
    { type: pkcs11js.CKA_LABEL, value: key.label },
    { type: pkcs11js.CKA_EC_PARAMS, value: P256_PARAMS },
    { type: pkcs11js.CKA_VALUE, value: key.d },
  ]);
  try {
    storeCertificate(lib, session, key);
  } catch (e) {
    try {
      lib.C_DestroyObject(session, handle);
    } catch {
      // The certificate error is the one worth reporting; a key left behind is found by CKA_ID later.
    }
    throw e;
  }
}

export function generateEcKeyPair(lib: pkcs11js.PKCS11, session: Buffer, key: { ckaId: string; label: string }): { ecPoint: Buffer } {
  const id = idBytes(key.ckaId);
  const pair = lib.C_GenerateKeyPair(
    session,
    { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
    [
      { type: pkcs11js.CKA_EC_PARAMS, value: P256_PARAMS },
      { type: pkcs11js.CKA_VERIFY, value: true },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: false },
      { type: pkcs11js.CKA_ID, value: id },
      { type: pkcs11js.CKA_LABEL, value: key.label },
    ],
    [
      { type: pkcs11js.CKA_SIGN, value: true },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      { type: pkcs11js.CKA_ID, value: id },
      { type: pkcs11js.CKA_LABEL, value: key.label },
    ],
  );
  const point = readAttribute(lib, session, pair.publicKey, pkcs11js.CKA_EC_POINT);
  if (!point) throw new VaultError('TOKEN_ERROR', `the token made key ${key.ckaId} but will not show its public point`);
  return { ecPoint: unwrapEcPoint(point) };
}

/** Every object under this CKA_ID, whatever its class; returns how many went. */
export function destroyObjects(lib: pkcs11js.PKCS11, session: Buffer, ckaId: string): number {
  const handles = objectsWithId(lib, session, idBytes(ckaId).toString('hex'));
  for (const handle of handles) lib.C_DestroyObject(session, handle);
  return handles.length;
}
