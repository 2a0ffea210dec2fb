import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectedTrustDirId, useStore } from '../../store';
import { vaultChoiceState, vaultSaveNotice, vaultSavesOf, type VaultChoice, type VaultSave } from './vault-choice';

/**
 * The vault as the passphrase step offers it: its state (read once if nothing has read it yet), the unlock call and
 * the way to the Vault screen. `leave` replaces the default way there (close the dialog, show the Vault screen), e.g.
 * for the recovery wizard, which remembers its step first so the person can come back to it.
 */
export function useVaultChoice(leave?: { go: () => void; note: string }): VaultChoice {
  const { status, loaded, loadVaultStatus, unlockVault, closeDialog, showScreen } = useStore(
    useShallow((s) => ({
      status: s.vaultStatus,
      loaded: s.vaultState !== 'idle',
      loadVaultStatus: s.loadVaultStatus,
      unlockVault: s.unlockVault,
      closeDialog: s.closeDialog,
      showScreen: s.showScreen,
    })),
  );
  useEffect(() => {
    if (!loaded) void loadVaultStatus();
  }, [loaded, loadVaultStatus]);
  return {
    state: vaultChoiceState(status),
    unlock: unlockVault,
    goToVault:
      leave?.go ??
      (() => {
        closeDialog();
        showScreen('vault');
      }),
    leaveNote: leave?.note ?? 'This closes what you are doing here; you start it again afterwards.',
  };
}

/**
 * Saves each new key's passphrase in the unlocked vault through `vault.savePassphrase` (core checks it opens the key
 * before keeping it), then says what was saved. Returns the key IDs saved. The passphrases are the ones the caller
 * already held for the operation; nothing is kept here.
 */
export async function saveNewKeyPassphrases(trustDirId: string, saves: VaultSave[]): Promise<string[]> {
  const { savePassphrase, notify } = useStore.getState();
  const saved: string[] = [];
  const failed: { keyId: string; message: string }[] = [];
  for (const s of saves) {
    const error = await savePassphrase(trustDirId, s.keyId, s.passphrase);
    if (error) failed.push({ keyId: s.keyId, message: error.message });
    else saved.push(s.keyId);
  }
  const notice = vaultSaveNotice(saved, failed);
  if (notice) notify(notice);
  return saved;
}

/**
 * After a publisher operation (a rotation, a recovery step, a new root): saves the passphrase of each key file it
 * wrote whose role was ticked "Save it in the vault", in the selected trust folder the operation wrote into.
 */
export async function saveWrittenKeys(
  keysWritten: readonly { role: string; id: string }[],
  passphrases: object,
  rolesToSave: readonly string[],
): Promise<string[]> {
  const trustDirId = selectedTrustDirId(useStore.getState());
  const saves = vaultSavesOf(keysWritten, passphrases, rolesToSave);
  if (!trustDirId || saves.length === 0) return [];
  return saveNewKeyPassphrases(trustDirId, saves);
}
