/**
 * Every error the vault can report, so the UI can explain each one in plain words
 * (renderer/src/errors/explain.ts) and the CLI can print a one-line reason.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNKNOWN_OPERATION',
  'FORBIDDEN_SENDER',
  'CANCELLED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'WRONG_PASSPHRASE',
  'PASSPHRASE_REQUIRED',
  'PASSPHRASE_TOO_SHORT',
  'BAD_KEY_FILE',
  'UNSUPPORTED_KEY',
  'CONFIRMATION_REQUIRED',
  'ONLY_COPY',
  'TRUST_DIR_UNAVAILABLE',
  'NOT_A_BACKUP',
  'BACKUP_DAMAGED',
  'BACKUP_TRUNCATED',
  'ARCHIVE_REFUSED',
  'DRIVE_UNAVAILABLE',
  'DRIVE_READ_ONLY',
  'DRIVE_FULL',
  'EXPIRED',
  'TOKEN_MODULE_NOT_FOUND',
  'TOKEN_MODULE_INVALID',
  'TOKEN_NOT_PRESENT',
  'TOKEN_REMOVED',
  'TOKEN_PIN_REQUIRED',
  'TOKEN_PIN_INCORRECT',
  'TOKEN_PIN_LOCKED',
  'TOKEN_TIMEOUT',
  'TOKEN_FULL',
  'TOKEN_ERROR',
  'IO_ERROR',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
