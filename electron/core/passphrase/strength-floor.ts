import { loadStrengthChecker } from '../../../shared/passphrase/estimator';
import { isRatedWeak } from '../../../shared/passphrase/rating';
import { VaultError } from '../errors';

/**
 * The floor for passphrases that protect what cannot be replaced (the vault's master passphrase, a root key
 * chosen in the app): refused when the app's own meter would call it Weak, which includes the published example
 * phrases. The same estimator the passphrase step shows, so what the person saw is what is enforced.
 */
export async function refuseWeakPassphrase(passphrase: string, what: string): Promise<void> {
  const check = await loadStrengthChecker();
  const estimate = check(passphrase);
  if (isRatedWeak(estimate)) {
    const why = estimate.warning ? ` (${estimate.warning.replace(/\.$/, '')})` : '';
    throw new VaultError('PASSPHRASE_TOO_WEAK', `The ${what} is rated weak${why}; choose a stronger one, e.g. six generated words`);
  }
}
