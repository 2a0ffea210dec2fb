import * as pkcs11js from 'pkcs11js';
import type { RawTokenObject } from '../token-client';
import { curveOidOf, unwrapEcPoint } from './der-bits';

/** Finding objects and reading their attributes, one attribute per call: a sensitive or missing attribute fails the
 *  whole C_GetAttributeValue, and we would rather have the rest. */

const CLASSES: { ckClass: number; name: RawTokenObject['class'] }[] = [
  { ckClass: pkcs11js.CKO_PRIVATE_KEY, name: 'private-key' },
  { ckClass: pkcs11js.CKO_PUBLIC_KEY, name: 'public-key' },
  { ckClass: pkcs11js.CKO_CERTIFICATE, name: 'certificate' },
];

/** Edwards keys: pkcs11js 2.x has no name for CKK_EC_EDWARDS. */
const CKK_EC_EDWARDS = 0x40;

export function findObjects(lib: pkcs11js.PKCS11, session: Buffer, template: pkcs11js.Template): Buffer[] {
  lib.C_FindObjectsInit(session, template);
  try {
    const found: Buffer[] = [];
    for (;;) {
      const batch = lib.C_FindObjects(session, 64);
      if (batch.length === 0) return found;
      found.push(...batch);
    }
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

/** One attribute's bytes, or null when the token will not say (absent, sensitive, unsupported). */
export function readAttribute(lib: pkcs11js.PKCS11, session: Buffer, object: Buffer, type: number): Buffer | null {
  try {
    const [attr] = lib.C_GetAttributeValue(session, object, [{ type }]);
    return attr?.value ? Buffer.from(attr.value) : null;
  } catch {
    return null;
  }
}

/** CK_ULONG and CK_BBOOL values come back as raw little-endian bytes. */
function readUlong(lib: pkcs11js.PKCS11, session: Buffer, object: Buffer, type: number): number | null {
  const v = readAttribute(lib, session, object, type);
  if (!v || v.length === 0) return null;
  return v.length >= 8 ? Number(v.readBigUInt64LE(0)) : v.length >= 4 ? v.readUInt32LE(0) : (v[0] as number);
}

function readBool(lib: pkcs11js.PKCS11, session: Buffer, object: Buffer, type: number): boolean | null {
  const v = readAttribute(lib, session, object, type);
  return v && v.length > 0 ? v[0] !== 0 : null;
}

function keyTypeName(keyType: number | null): RawTokenObject['keyType'] {
  if (keyType === null) return null;
  if (keyType === pkcs11js.CKK_EC) return 'ec';
  if (keyType === CKK_EC_EDWARDS) return 'ec-edwards';
  if (keyType === pkcs11js.CKK_RSA) return 'rsa';
  return 'other';
}

function describe(lib: pkcs11js.PKCS11, session: Buffer, object: Buffer, name: RawTokenObject['class']): RawTokenObject {
  const isKey = name !== 'certificate';
  const keyType = isKey ? keyTypeName(readUlong(lib, session, object, pkcs11js.CKA_KEY_TYPE)) : null;
  const ecParams = keyType === 'ec' ? readAttribute(lib, session, object, pkcs11js.CKA_EC_PARAMS) : null;
  const ecPoint = keyType === 'ec' && name === 'public-key' ? readAttribute(lib, session, object, pkcs11js.CKA_EC_POINT) : null;
  return {
    class: name,
    ckaId: (readAttribute(lib, session, object, pkcs11js.CKA_ID) ?? Buffer.alloc(0)).toString('hex'),
    label: (readAttribute(lib, session, object, pkcs11js.CKA_LABEL) ?? Buffer.alloc(0)).toString('utf8'),
    keyType,
    ecCurveOid: ecParams ? curveOidOf(ecParams) : null,
    ecPoint: ecPoint ? unwrapEcPoint(ecPoint) : null,
    certDer: name === 'certificate' ? readAttribute(lib, session, object, pkcs11js.CKA_VALUE) : null,
    extractable: name === 'private-key' ? readBool(lib, session, object, pkcs11js.CKA_EXTRACTABLE) : null,
  };
}

/** Every key and certificate the session can see: private keys only show up while logged in. */
export function listObjects(lib: pkcs11js.PKCS11, session: Buffer): RawTokenObject[] {
  return CLASSES.flatMap(({ ckClass, name }) =>
    findObjects(lib, session, [{ type: pkcs11js.CKA_CLASS, value: ckClass }]).map((object) => describe(lib, session, object, name)),
  );
}

/** Objects with this CKA_ID, optionally of one class. */
export function objectsWithId(lib: pkcs11js.PKCS11, session: Buffer, ckaId: string, ckClass?: number): Buffer[] {
  const template: pkcs11js.Template = [{ type: pkcs11js.CKA_ID, value: Buffer.from(ckaId, 'hex') }];
  if (ckClass !== undefined) template.push({ type: pkcs11js.CKA_CLASS, value: ckClass });
  return findObjects(lib, session, template);
}
