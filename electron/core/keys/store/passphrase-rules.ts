import { VaultError } from '../../errors';

/** shared/schemas.ts MIN_PASSPHRASE_LENGTH, repeated so the CLI bundle stays free of zod (a test checks they agree). */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Wherever the vault sets a passphrase it asks what notary's prompt asks: 8 characters or more. */
export function checkNewPassphrase(passphrase: string | undefined): string {
  if (passphrase === undefined) throw new VaultError('PASSPHRASE_REQUIRED', 'A passphrase is needed to encrypt the key');
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new VaultError('PASSPHRASE_TOO_SHORT', `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  return passphrase;
}
