/**
 * Thrown by the DER reader on malformed input. Generic on purpose: the key layer decides whether a DER failure
 * means a broken file (BAD_KEY_FILE) or a wrong passphrase (garbage after decryption).
 */
export class DerError extends Error {
  override name = 'DerError';
}
