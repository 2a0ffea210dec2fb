import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../components/ErrorNote';
import { SecretField } from '../../components/SecretField';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { lockReasonText } from './vault-text';

/** The master passphrase, once: it goes to main in the unlock call and is cleared here whatever the answer. */
export function UnlockForm() {
  const { unlockVault, lockedBy } = useStore(
    useShallow((s) => ({ unlockVault: s.unlockVault, lockedBy: s.vaultStatus?.lockedBy ?? null })),
  );
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const reason = lockReasonText(lockedBy);

  const unlock = async () => {
    if (busy || passphrase.length === 0) return;
    const value = passphrase;
    setPassphrase('');
    setBusy(true);
    setError(null);
    try {
      setError(await unlockVault(value));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="vault-card vault-unlock"
      data-testid="vault-unlock"
      onSubmit={(e) => {
        e.preventDefault();
        void unlock();
      }}
    >
      <h2 className="vault-card-title">The vault is locked</h2>
      {reason && (
        <p className="muted" data-testid="vault-locked-reason" data-reason={lockedBy ?? ''}>
          {reason}
        </p>
      )}
      <p>Saved passphrases and offline root keys stay encrypted until you unlock it with the master passphrase.</p>
      <SecretField label="Master passphrase" value={passphrase} onChange={setPassphrase} autoComplete="current-password" autoFocus />
      {error && <ErrorNote error={error} testId="vault-unlock-error" />}
      <div className="wizard-actions">
        <button type="submit" className="button button-primary" disabled={busy || passphrase.length === 0}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </div>
    </form>
  );
}
