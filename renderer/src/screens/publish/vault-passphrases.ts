import type { KeyInfo } from '../../../../shared/dto/keys';
import type { PassphraseNeed } from './recovery-text';

/**
 * Marks the existing-key passphrases the unlocked vault holds. A role counts only when every local key that could be
 * the one used (root: every root key file; targets and snapshot: this GUN's) has its passphrase in the vault, so an
 * empty field never leaves core guessing.
 */
export function markSavedInVault(needs: PassphraseNeed[], keys: readonly KeyInfo[], gun: string, vaultUnlocked: boolean): PassphraseNeed[] {
  if (!vaultUnlocked) return needs;
  return needs.map((n) => {
    if (n.kind !== 'existing' || n.role === 'delegation') return n;
    const candidates = keys.filter(
      // An offline root in the vault signs from there (core), with its saved passphrase when there is one.
      (k) => (k.location === 'file' || k.location === 'vault') && k.status === 'ok' && k.role === n.role && (n.role === 'root' || k.gun === gun),
    );
    const inVault = candidates.length > 0 && candidates.every((k) => k.passphraseInVault === true);
    return inVault ? { ...n, inVault } : n;
  });
}
