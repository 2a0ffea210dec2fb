/**
 * The Vault screen (issue 7): one Argon2id-locked file holding saved key passphrases and offline root keys.
 *
 * Names the e2e specs can rely on (keep them stable):
 *   Screen     heading "Vault" (h1); data-testid="vault-screen" data-vault=loading|error|none|locked|unlocked.
 *   Create     data-testid="vault-create": step data-testid="vault-unlock-time" (radios "0.25 s", "0.5 s", "1 s (recommended)",
 *              "2 s", "5 s"; "Next"), then the passphrase step (final button "Create the vault").
 *   Unlock     form data-testid="vault-unlock": textbox "Master passphrase", button "Unlock"; a refusal shows
 *              data-testid="vault-unlock-error" data-error-code=CODE; data-testid="vault-locked-reason" data-reason=manual|idle|system.
 *   Unlocked   data-testid="vault-kdf" (memory, iterations, parallelism, measured time); select "Lock automatically"
 *              (data-testid="vault-autolock"); "Re-calibrate…" (data-testid="vault-recalibrate": select "Unlock time",
 *              textbox "Master passphrase", "Re-calibrate"); data-testid="vault-saved" with items data-testid="vault-saved-item"
 *              data-key-id=ID and "Save a key’s passphrase…" (data-testid="vault-save-passphrase": select "Key", textbox
 *              "Passphrase of this key", "Save in the vault"); data-testid="vault-offline-item" data-key-id=ID data-online=true|false.
 *   Passphrase "Change master passphrase…" (data-testid="vault-change-passphrase") opens dialog data-testid="vault-passwd-dialog":
 *              form data-testid="vault-passwd-current" (textbox "Current master passphrase", "Next"; a refusal shows
 *              data-testid="vault-passwd-error" data-error-code=CODE), then the passphrase step (final button "Change the master
 *              passphrase"), then data-testid="vault-passwd-done" ("Done").
 *   Header     the shell's data-testid="vault-lock-state" data-state=none|locked|unlocked and button "Lock the vault".
 *   Issue 12   data-testid="vault-quarantine" (items data-testid="vault-quarantine-item" data-key-id=ID, button "Put back"), locked or
 *              unlocked, when not empty; data-testid="vault-audit-tampered" (button "Open the audit log") after an unlock that found
 *              the audit log not matching the vault's checkpoints.
 */
import { type ReactNode, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../components/ErrorNote';
import { useStore } from '../../store';
import { CreateVault } from './CreateVault';
import { OfflineKeys } from './OfflineKeys';
import { SavedPassphrases } from './SavedPassphrases';
import { UnlockForm } from './UnlockForm';
import { AutoLockSetting, KdfFacts, Recalibrate } from './VaultSettings';
import { MasterPassphrase } from './ChangeMasterPassphrase';
import { ScreenHeader } from '../../components/ScreenHeader';
import { AuditTamperedNote } from './AuditTamperedNote';
import { Quarantine } from './Quarantine';

export function VaultScreen() {
  const { status, state, error, loadVaultStatus, keysState, loadKeys, hasDir } = useStore(
    useShallow((s) => ({
      status: s.vaultStatus,
      state: s.vaultState,
      error: s.vaultError,
      loadVaultStatus: s.loadVaultStatus,
      keysState: s.keysState,
      loadKeys: s.loadKeys,
      hasDir: s.trustDirs.some((d) => d.selected),
    })),
  );
  useEffect(() => {
    void loadVaultStatus();
  }, [loadVaultStatus]);
  // "Save a key's passphrase" picks from the keys of the current trust folder.
  useEffect(() => {
    if (status?.unlocked && hasDir && keysState === 'idle') void loadKeys();
  }, [status?.unlocked, hasDir, keysState, loadKeys]);

  const phase = !status ? (state === 'error' ? 'error' : 'loading') : !status.exists ? 'none' : status.unlocked ? 'unlocked' : 'locked';

  return (
    <div className="vault-screen" data-testid="vault-screen" data-vault={phase}>
      <ScreenHeader
        title="Vault"
        purpose="Keeps your keys’ passphrases and your offline root keys in one file locked by a master passphrase, so signing does not ask again while it is unlocked and root keys stay off the disk until you need them."
      />

      {phase === 'loading' && <p className="loading">Reading the vault…</p>}
      {phase === 'error' && error && (
        <div className="screen-error">
          <ErrorNote error={error} />
          <button type="button" className="button button-secondary" onClick={() => void loadVaultStatus()}>
            Try again
          </button>
        </div>
      )}
      {status && phase === 'none' && <CreateVault />}
      {status && phase === 'unlocked' && <AuditTamperedNote report={status.auditAtUnlock} />}
      {status && (phase === 'locked' || phase === 'unlocked') && <Quarantine key={phase} />}
      {status && phase === 'locked' && (
        <>
          <UnlockForm />
          {status.offlineKeys.length > 0 && (
            <VaultCard id="vault-offline-title" title="Offline keys">
              <OfflineKeys keys={status.offlineKeys} />
            </VaultCard>
          )}
        </>
      )}
      {status && phase === 'unlocked' && (
        <div className="vault-grid">
          <VaultCard id="vault-saved-title" title="Saved passphrases">
            <SavedPassphrases saved={status.savedPassphrases} />
          </VaultCard>
          <VaultCard id="vault-offline-title" title="Offline keys">
            <OfflineKeys keys={status.offlineKeys} />
          </VaultCard>
          <VaultCard id="vault-lock-title" title="Locking">
            <AutoLockSetting minutes={status.autoLockMinutes} />
          </VaultCard>
          <VaultCard id="vault-passphrase-title" title="Master passphrase">
            <MasterPassphrase targetMs={status.kdf?.targetMs ?? null} />
          </VaultCard>
          <VaultCard id="vault-kdf-title" title="Key derivation">
            <p className="muted">How the master passphrase becomes the vault key, measured on this computer.</p>
            <KdfFacts status={status} />
            <Recalibrate targetMs={status.kdf?.targetMs ?? null} />
          </VaultCard>
        </div>
      )}
    </div>
  );
}

/** One card of the unlocked vault's screen: a titled section. */
function VaultCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="vault-card" aria-labelledby={id}>
      <h2 id={id} className="vault-card-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
