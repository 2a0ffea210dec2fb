import { describe, expect, it } from 'vitest';
import { VaultError } from '../../errors';
import { ckrName, toVaultError } from './errors';

/** What pkcs11js throws: a Pkcs11Error whose message is the CKR name. */
const pkcs11Error = (ckr: string): Error => Object.assign(new Error(ckr), { name: 'Pkcs11Error', code: 0xa0, method: 'C_Login' });

describe('toVaultError', () => {
  it.each([
    ['CKR_PIN_INCORRECT', 'TOKEN_PIN_INCORRECT'],
    ['CKR_PIN_LOCKED', 'TOKEN_PIN_LOCKED'],
    ['CKR_PIN_LEN_RANGE', 'TOKEN_PIN_INCORRECT'],
    ['CKR_USER_NOT_LOGGED_IN', 'TOKEN_PIN_REQUIRED'],
    ['CKR_TOKEN_NOT_PRESENT', 'TOKEN_REMOVED'],
    ['CKR_DEVICE_REMOVED', 'TOKEN_REMOVED'],
    ['CKR_SESSION_HANDLE_INVALID', 'TOKEN_REMOVED'],
    ['CKR_DEVICE_MEMORY', 'TOKEN_FULL'],
    ['CKR_DEVICE_ERROR', 'TOKEN_ERROR'],
    ['CKR_MECHANISM_INVALID', 'TOKEN_ERROR'],
  ])('%s → %s', (ckr, code) => {
    const err = toVaultError(pkcs11Error(ckr), "login to token 'L'");
    expect(err.code).toBe(code);
    expect(err.message).toContain("login to token 'L'");
    expect(err.message).toContain(ckr);
  });

  it('counts CKR_DEVICE_ERROR as removal only once the token is known to be gone', () => {
    expect(toVaultError(pkcs11Error('CKR_DEVICE_ERROR'), 'sign', true).code).toBe('TOKEN_REMOVED');
  });

  it('keeps a VaultError as it is and makes anything else a TOKEN_ERROR with its message', () => {
    const original = new VaultError('NOT_FOUND', 'no key');
    expect(toVaultError(original, 'x')).toBe(original);
    expect(toVaultError(new TypeError('bad template'), 'import')).toMatchObject({ code: 'TOKEN_ERROR', message: 'import: bad template' });
  });

  it('finds the CKR name in a message or a native stack', () => {
    expect(ckrName(new Error('CKR_GENERAL_ERROR'))).toBe('CKR_GENERAL_ERROR');
    expect(ckrName('nothing here')).toBeNull();
  });
});
