import { VaultError } from '../../errors';
import type { ErrorCode } from '../../../../shared/error-codes';

/**
 * Turns what pkcs11js throws into a VaultError. pkcs11js puts the CKR name in the message ("CKR_PIN_INCORRECT")
 * and its number in `code`; anything without a CKR name (a TypeError, a native loader error) is a TOKEN_ERROR.
 */

/** CKR_* values that mean the token (or the whole reader) is gone. */
const REMOVAL = new Set(['CKR_TOKEN_NOT_PRESENT', 'CKR_DEVICE_REMOVED', 'CKR_SESSION_HANDLE_INVALID', 'CKR_SESSION_CLOSED']);

const BY_CKR: Record<string, ErrorCode> = {
  CKR_PIN_INCORRECT: 'TOKEN_PIN_INCORRECT',
  // A PIN of the wrong length or with characters the token refuses can never be right either.
  CKR_PIN_LEN_RANGE: 'TOKEN_PIN_INCORRECT',
  CKR_PIN_INVALID: 'TOKEN_PIN_INCORRECT',
  CKR_PIN_LOCKED: 'TOKEN_PIN_LOCKED',
  CKR_PIN_EXPIRED: 'TOKEN_PIN_LOCKED',
  CKR_USER_NOT_LOGGED_IN: 'TOKEN_PIN_REQUIRED',
  CKR_DEVICE_MEMORY: 'TOKEN_FULL',
};

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  TOKEN_PIN_INCORRECT: 'the PIN is incorrect',
  TOKEN_PIN_LOCKED: 'the PIN is locked (too many wrong tries); unblock it with the PUK or SO PIN',
  TOKEN_PIN_REQUIRED: 'log in to the token first',
  TOKEN_FULL: 'the token has no room left',
  TOKEN_REMOVED: 'the token was removed',
};

/** The CKR name pkcs11js put into an error, if any. */
export function ckrName(e: unknown): string | null {
  const text = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  return /\b(CKR_[A-Z0-9_]+)/.exec(text)?.[1] ?? null;
}

export const isCkr = (e: unknown, ...names: string[]): boolean => names.includes(ckrName(e) ?? '');

/**
 * @param what names the operation and the token or module ("login to token 'L' (serial S)"), for the message.
 * @param tokenGone whether the token is known to have vanished: CKR_DEVICE_ERROR then means removal too.
 */
export function toVaultError(e: unknown, what: string, tokenGone = false): VaultError {
  if (e instanceof VaultError) return e;
  const ckr = ckrName(e);
  let code: ErrorCode = 'TOKEN_ERROR';
  if (ckr && BY_CKR[ckr]) code = BY_CKR[ckr];
  else if (ckr && (REMOVAL.has(ckr) || (tokenGone && ckr === 'CKR_DEVICE_ERROR'))) code = 'TOKEN_REMOVED';
  const reason = MESSAGES[code] ?? ckr ?? (e instanceof Error ? e.message : String(e));
  return new VaultError(code, `${what}: ${reason}${ckr && MESSAGES[code] ? ` (${ckr})` : ''}`);
}
