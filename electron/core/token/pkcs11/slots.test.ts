import * as pkcs11js from 'pkcs11js';
import { describe, expect, it } from 'vitest';
import { slotNumber, tokenFlags, versionOrNull } from './slots';

describe('token info', () => {
  it('reads each CK_TOKEN_INFO flag we show', () => {
    expect(tokenFlags(0)).toEqual({
      loginRequired: false,
      pinCountLow: false,
      pinFinalTry: false,
      pinLocked: false,
      pinToBeChanged: false,
      initialized: false,
      protectedAuthPath: false,
    });
    const all =
      pkcs11js.CKF_LOGIN_REQUIRED |
      pkcs11js.CKF_USER_PIN_COUNT_LOW |
      pkcs11js.CKF_USER_PIN_FINAL_TRY |
      pkcs11js.CKF_USER_PIN_LOCKED |
      pkcs11js.CKF_USER_PIN_TO_BE_CHANGED |
      pkcs11js.CKF_TOKEN_INITIALIZED |
      pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH;
    expect(Object.values(tokenFlags(all)).every(Boolean)).toBe(true);
    expect(tokenFlags(pkcs11js.CKF_USER_PIN_FINAL_TRY)).toMatchObject({ pinFinalTry: true, pinCountLow: false, pinLocked: false });
  });

  it('shows versions as major.minor, and 0.0 as unknown', () => {
    expect(versionOrNull({ major: 5, minor: 7 })).toBe('5.7');
    expect(versionOrNull({ major: 0, minor: 0 })).toBeNull();
  });

  it('reads slot IDs from their CK_ULONG buffers', () => {
    const id = Buffer.alloc(8);
    id.writeUInt32LE(0x6863a2ad, 0);
    expect(slotNumber(id)).toBe(0x6863a2ad);
  });
});
