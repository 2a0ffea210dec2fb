import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store';
import type { PassphraseNeed } from './recovery-text';
import { markSavedInVault } from './vault-passphrases';

/** The needs of a publisher operation, with what the vault can fill in marked. */
export function useVaultNeeds(gun: string, needs: PassphraseNeed[]): PassphraseNeed[] {
  const { keys, unlocked } = useStore(useShallow((s) => ({ keys: s.keys, unlocked: s.vaultStatus?.unlocked ?? false })));
  return markSavedInVault(needs, keys, gun, unlocked);
}
