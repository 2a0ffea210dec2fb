import type { VaultStatus } from '../../../../shared/dto/vault';
import type { UiError } from '../../store/types';
import type { PassphrasePurpose } from './purpose';

/**
 * "Save it in the vault", the passphrase step's other place to store a new key's passphrase (issue 16, point 2).
 * Pure decisions here; the component (SaveInVaultChoice) and the store hook (use-vault-choice) use them.
 */

/** What the vault allows now: a tick (unlocked), an unlock first (locked), a vault to create (absent), or not read yet. */
export type VaultChoiceState = 'unlocked' | 'locked' | 'absent' | 'unknown';

export function vaultChoiceState(status: VaultStatus | null): VaultChoiceState {
  if (!status) return 'unknown';
  if (!status.exists) return 'absent';
  return status.unlocked ? 'unlocked' : 'locked';
}

/** What the step needs from the vault: its state, and the ways to change it. The master passphrase is never kept. */
export interface VaultChoice {
  state: VaultChoiceState;
  /** Sends the master passphrase to main in the unlock call; the answer is the error to show, or null. */
  unlock: (masterPassphrase: string) => Promise<UiError | null>;
  /** Leaves for the Vault screen (to create the vault); the caller's wizard can be come back to where it says so. */
  goToVault: () => void;
  /** Says what leaving for the Vault screen does to the step it is in ("this dialog closes", "the wizard waits"). */
  leaveNote: string;
}

/**
 * Whether the "store it" part is satisfied. The password manager always is. The vault alone is enough for a key that
 * can be replaced; a root key's passphrase must also be in the password manager, because the vault file lives on this
 * computer only and a lost root key (or its passphrase) cannot be replaced.
 */
export function storeSatisfied(rootLike: boolean, storedInManager: boolean, saveInVault: boolean): boolean {
  return storedInManager || (saveInVault && !rootLike);
}

export const isRootPurpose = (purpose: PassphrasePurpose): boolean => purpose === 'root' || purpose === 'token-root';

/** One key the new passphrase encrypts, to save in the vault once the operation wrote it. */
export interface VaultSave {
  keyId: string;
  passphrase: string;
}

/**
 * From a publisher operation's written key files: the ones whose role the person chose to save, each with the
 * passphrase typed for that role. Key files of other roles (or roles not ticked) are left out.
 */
export function vaultSavesOf(
  keysWritten: readonly { role: string; id: string }[],
  passphrases: object,
  rolesToSave: readonly string[],
): VaultSave[] {
  const byRole = passphrases as Partial<Record<string, string>>;
  const out: VaultSave[] = [];
  for (const k of keysWritten) {
    if (!rolesToSave.includes(k.role)) continue;
    const passphrase = byRole[k.role];
    if (passphrase) out.push({ keyId: k.id, passphrase });
  }
  return out;
}

/** The notice after saving: how many were saved, and what failed by key. */
export function vaultSaveNotice(saved: string[], failed: { keyId: string; message: string }[]): { tone: 'success' | 'error'; title: string; detail?: string } | null {
  if (saved.length === 0 && failed.length === 0) return null;
  if (failed.length === 0) {
    return {
      tone: 'success',
      title: saved.length === 1 ? 'Passphrase saved in the vault' : `${saved.length} passphrases saved in the vault`,
      detail: 'While the vault is unlocked, signing with the new key does not ask for it.',
    };
  }
  return {
    tone: 'error',
    title: 'Not saved in the vault',
    detail: failed.map((f) => `${f.keyId.slice(0, 12)}…: ${f.message}`).join(' ') + ' The key itself was made; store its passphrase in your password manager.',
  };
}
