import type { ErrorCode } from '../../../shared/error-codes';

export interface Explanation {
  /** A short heading: what happened. */
  title: string;
  /** One or two plain sentences: what it means and what to do. */
  advice: string;
}

/** Every error code the vault can answer, explained for a careful person who is not an expert. */
export const EXPLANATIONS: Record<ErrorCode, Explanation> = {
  INVALID_ARGUMENT: {
    title: 'Something in the form is not accepted',
    advice: 'One of the values does not have the expected shape (for example a GUN or a key name). Check the fields and try again.',
  },
  UNKNOWN_OPERATION: {
    title: 'This version of the app cannot do that',
    advice: 'The window asked for an action the vault does not know. Restart the app; if it happens again, report it.',
  },
  FORBIDDEN_SENDER: {
    title: 'The request was refused for safety',
    advice: 'The vault only answers its own window. Restart the app; nothing was changed.',
  },
  CANCELLED: {
    title: 'Cancelled',
    advice: 'Nothing was changed.',
  },
  NOT_FOUND: {
    title: 'Not found',
    advice: 'The key or folder is no longer there; it may have been moved or removed outside the app. The list has been refreshed.',
  },
  ALREADY_EXISTS: {
    title: 'That key is already here',
    advice: 'The vault never overwrites a key file. The existing copy is kept as it is.',
  },
  WRONG_PASSPHRASE: {
    title: 'Wrong passphrase',
    advice: 'The passphrase did not decrypt the key. Check your password manager for the exact passphrase, including spaces and capitals.',
  },
  PASSPHRASE_REQUIRED: {
    title: 'A passphrase is needed',
    advice: 'This key is encrypted, or must be encrypted before it is stored. Enter the passphrase to go on.',
  },
  PASSPHRASE_TOO_SHORT: {
    title: 'Passphrase too short',
    advice: 'A passphrase needs at least 8 characters, as notary requires. A generated passphrase of six words is much stronger.',
  },
  BAD_KEY_FILE: {
    title: 'The key file cannot be read',
    advice: 'The file is damaged or is not a key in a format notary understands. Nothing was changed; restore it from a backup if you have one.',
  },
  UNSUPPORTED_KEY: {
    title: 'This kind of key is not supported',
    advice: 'Notary signs with ECDSA P-256, Ed25519 and RSA keys. This key uses something else and cannot be used here.',
  },
  CONFIRMATION_REQUIRED: {
    title: 'Confirmation does not match',
    advice: 'Type the confirmation text exactly as shown to go on. Nothing was removed.',
  },
  ONLY_COPY: {
    title: 'This is the only copy of the key',
    advice: 'No backup or token copy is known, so removing it loses the key for good. Back it up first, or confirm that you understand.',
  },
  TRUST_DIR_UNAVAILABLE: {
    title: 'The trust folder cannot be used',
    advice: 'The folder is missing, unreadable or not writable. Check that the drive is connected and that you have access, or choose another folder.',
  },
  NOT_A_BACKUP: {
    title: 'This is not a backup file',
    advice: 'The file is neither an age-encrypted backup nor a tar.gz archive. Choose the .tar.gz.age file the vault wrote, or a tar.gz of a trust folder.',
  },
  BACKUP_DAMAGED: {
    title: 'The backup file is damaged or was altered',
    advice: 'Its contents do not match what was encrypted or packed, so nothing from it is trusted and nothing was written. Use your other backup copy.',
  },
  BACKUP_TRUNCATED: {
    title: 'The backup file is incomplete',
    advice: 'The file ends before its last part: it was cut short, perhaps by a drive pulled out while copying. Nothing was written. Use your other backup copy.',
  },
  ARCHIVE_REFUSED: {
    title: 'The archive was refused for safety',
    advice: 'It holds something a key backup never holds (a link, a device, a path leaving the folder, a repeated entry, or too much data). Nothing was written.',
  },
  DRIVE_UNAVAILABLE: {
    title: 'The drive is not available',
    advice: 'The drive is not mounted or was removed. Plug it in (and mount it), then choose it again. Nothing that looks like a backup was left on it.',
  },
  DRIVE_READ_ONLY: {
    title: 'The drive is read-only',
    advice: 'The drive cannot be written: check its write-protect switch or mount it read-write, or choose another drive.',
  },
  DRIVE_FULL: {
    title: 'The drive is full',
    advice: 'There is not enough free space for the backup. Free some space or choose another drive; the partial file was removed.',
  },
  EXPIRED: {
    title: 'This step took too long',
    advice: 'For safety, the checked archive is kept in memory only for a few minutes. Start the restore again.',
  },
  VAULT_NOT_CREATED: {
    title: 'There is no vault yet',
    advice: 'Create the vault on the Vault screen first: choose a master passphrase and keep it somewhere safe.',
  },
  VAULT_LOCKED: {
    title: 'The vault is locked',
    advice: 'Unlock the vault with its master passphrase, then try again.',
  },
  VAULT_WRONG_PASSPHRASE: {
    title: 'That is not the vault passphrase',
    advice: 'Check the keyboard layout and Caps Lock, then try again. Nothing in the vault was changed.',
  },
  VAULT_DAMAGED: {
    title: 'The vault file is damaged',
    advice: 'The file failed its integrity check, so it was not opened and will not be overwritten. Restore it from a backup of the app data folder.',
  },
  AUDIT_LOG_DAMAGED: {
    title: 'The audit log cannot be read',
    advice: 'Run "Verify the log" to see which entry is damaged. New entries are not added after a damaged end: "Start a new log" keeps the damaged one aside and begins a new chain that names it.',
  },
  TOKEN_MODULE_NOT_FOUND: {
    title: 'The token driver was not found',
    advice: 'No PKCS#11 module is at that path. Install the driver for your token (for a YubiKey: ykcs11 from yubico-piv-tool) or add the right file.',
  },
  TOKEN_MODULE_INVALID: {
    title: 'That file is not a usable token driver',
    advice: 'The file could not be loaded as a PKCS#11 module, or it crashed or stopped answering. The app kept running; choose the right module.',
  },
  TOKEN_NOT_PRESENT: {
    title: 'The token is not connected',
    advice: 'Plug the token in (and wait a moment), then try again.',
  },
  TOKEN_REMOVED: {
    title: 'The token was removed',
    advice: 'The token went away during the operation. Nothing was changed on disk; plug it back in and start again.',
  },
  TOKEN_PIN_REQUIRED: {
    title: 'The token needs its PIN',
    advice: 'Enter the token PIN to unlock it. The app keeps it unlocked while it stays connected and stores the PIN nowhere.',
  },
  TOKEN_PIN_INCORRECT: {
    title: 'Wrong PIN',
    advice: 'The token refused the PIN. Each wrong PIN uses up one of its few tries: after the last one the token locks.',
  },
  TOKEN_PIN_LOCKED: {
    title: 'The token is locked',
    advice: 'Too many wrong PINs. Unlock it with its PUK or security-officer PIN using the vendor tool (for a YubiKey: ykman piv access unblock-pin).',
  },
  TOKEN_TIMEOUT: {
    title: 'The token did not answer in time',
    advice: 'It may be waiting for a touch, or it hung. Touch it if it blinks, or unplug it and plug it in again.',
  },
  TOKEN_FULL: {
    title: 'The token has no free key slot',
    advice: 'All of the slots notary uses (PIV 9c, 9e, 9d, 9a) hold keys already. Use another token.',
  },
  TOKEN_ERROR: {
    title: 'The token refused the operation',
    advice: 'The token answered with an error (named in the message). Nothing was changed on disk.',
  },
  SERVER_OFFLINE: {
    title: 'The notary server cannot be reached',
    advice: 'The connection was refused or broke off. Nothing was changed on this computer. Check the address and your network, then try again.',
  },
  SERVER_TIMEOUT: {
    title: 'The notary server did not answer in time',
    advice: 'Nothing was changed on this computer. The server may be overloaded; try again in a moment.',
  },
  TLS_FAILED: {
    title: "The server's certificate was not accepted",
    advice: 'The message says which check failed: an unknown CA (choose the CA file of your server), a certificate for another host name, or an expired one.',
  },
  UNAUTHORIZED: {
    title: 'The server refused the credentials',
    advice: 'Log in again or use a token that may change this repository. Nothing was changed on this computer.',
  },
  SERVER_REJECTED: {
    title: 'The notary server refused the change',
    advice: "The server's own reason is in the message. Nothing was changed on this computer.",
  },
  SERVER_ERROR: {
    title: 'The notary server failed',
    advice: 'It answered with an internal error. Nothing was changed on this computer; try again later or ask its operator.',
  },
  SERVER_MALFORMED: {
    title: 'The notary server answered something unexpected',
    advice: 'The answer was not what the notary protocol promises, so it was not used. Check that the address points at a notary server.',
  },
  ROOT_NOT_PINNED: {
    title: 'The repository’s root keys were not accepted',
    advice:
      'Nothing was written. Compare the root key IDs shown with the ones the publisher published, then pin the right one (or accept this root on first use if you have no way to compare).',
  },
  TRUST_DATA_BROKEN: {
    title: 'The server’s trust data does not verify',
    advice: 'Nothing was written to your trust folder. The problems say what failed; tell the publisher.',
  },
  ARCHIVE_DAMAGED: {
    title: 'The archive does not verify',
    advice: 'A file in it was changed or is missing since it was written. The message names the file; use another copy of the archive.',
  },
  IO_ERROR: {
    title: 'Reading or writing a file failed',
    advice: 'The disk refused the operation (full, read-only or removed). Nothing was half-written; fix the cause and try again.',
  },
  INTERNAL: {
    title: 'Something went wrong inside the vault',
    advice: 'This is a bug, not something you did. Nothing was half-written. Try again; if it persists, report it.',
  },
  PASSPHRASE_TOO_WEAK: {
    title: 'Passphrase too weak',
    advice: 'This passphrase protects something that cannot be replaced, and it is rated weak (or is a well-known example). Generate one instead: six words are easy to type and far beyond guessing.',
  },
  INSECURE_TRANSPORT: {
    title: 'Credentials not sent over plain http',
    advice: 'The server address starts with http://, so a password or token would travel readable by anyone on the network. Use https, or mark this server insecure if it really is only on this machine.',
  },
  FILE_REFUSED: {
    title: 'The file was not read',
    advice: 'It is not a plain file (a link, a pipe or a device), or it is larger than the vault reads. Nothing was changed; choose the real file.',
  },
};

export function explain(code: ErrorCode): Explanation {
  return EXPLANATIONS[code] ?? EXPLANATIONS.INTERNAL;
}
