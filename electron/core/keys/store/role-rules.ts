import { VaultError } from '../../errors';
import { roleTakesGun } from './layout';

/**
 * The GUN a key file gets: notary writes one only for targets and snapshot keys (the repository's own keys), and
 * such a key is useless without it. Other roles never carry one.
 */
export function gunForRole(role: string, gun: string | null | undefined): string | null {
  if (roleTakesGun(role)) {
    if (!gun) throw new VaultError('INVALID_ARGUMENT', `A ${role} key belongs to one repository: give its GUN`);
    return gun;
  }
  return null;
}

/** A root key needs an x509 certificate, and notary makes root certificates for ECDSA and RSA only. */
export function checkRoleAlgorithm(role: string, algorithm: string): void {
  if (role === 'root' && algorithm === 'ed25519') {
    throw new VaultError('UNSUPPORTED_KEY', 'An Ed25519 key cannot be a root key: notary has no Ed25519 root certificates');
  }
}
