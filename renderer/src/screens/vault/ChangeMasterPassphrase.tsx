import { useState } from 'react';
import { DoneStep } from '../../components/DoneStep';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { CurrentPassphraseStep } from '../passphrase/CurrentPassphraseStep';
import { PassphraseStep } from '../passphrase/PassphraseStep';
import { millisecondsLabel } from './vault-text';

type Step = 'current' | 'new' | 'done';

/** The unlocked vault's "Master passphrase" card: what it protects, and the action that changes it. */
export function MasterPassphrase({ targetMs }: { targetMs: number | null }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <p className="muted">Unlocks everything in the vault. Change it if someone may have seen it, or to replace a weak one.</p>
      <div className="action">
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)} data-testid="vault-change-passphrase">
          Change master passphrase…
        </button>
        <p className="action-why">Re-encrypts the vault under the new one; the old one stops opening it. Saved passphrases and offline keys stay.</p>
      </div>
      {open && <ChangeMasterPassphraseDialog targetMs={targetMs} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * Changing the master passphrase: the current one, then the new one chosen with the passphrase step, then what
 * happened. The current passphrase stays in this dialog's state only until the call is made; the new one lives in
 * the passphrase step; both go to main in that one call (the store keeps neither).
 */
export function ChangeMasterPassphraseDialog({ targetMs, onClose }: { targetMs: number | null; onClose: () => void }) {
  const changeMasterPassphrase = useStore((s) => s.changeMasterPassphrase);
  const [step, setStep] = useState<Step>('current');
  const [current, setCurrent] = useState('');
  const [error, setError] = useState<UiError | null>(null);

  const close = () => {
    setCurrent('');
    onClose();
  };

  const submit = async (newPassphrase: string) => {
    const passphrase = current;
    setCurrent('');
    const e = await changeMasterPassphrase(passphrase, newPassphrase);
    if (e) {
      setError(e);
      setStep('current');
      return;
    }
    setError(null);
    setStep('done');
  };

  const unlockTime = targetMs ? millisecondsLabel(targetMs) : null;

  return (
    <Modal
      title="Change the master passphrase"
      description="Re-encrypts the vault under a new master passphrase. What it holds does not change."
      onClose={close}
      testId="vault-passwd-dialog"
      wide={step === 'new'}
    >
      {step === 'current' && (
        <CurrentPassphraseStep
          testId="vault-passwd-current"
          title="Enter the current master passphrase"
          label="Current master passphrase"
          why={
            <>
              <h4>Why the current one</h4>
              <p>
                It shows that you, not someone at an unlocked computer, are changing it. The vault checks it against the file before anything is
                written; a wrong one changes nothing.
              </p>
            </>
          }
          value={current}
          onChange={setCurrent}
          onNext={() => {
            setError(null);
            setStep('new');
          }}
          onCancel={close}
          problem={
            error && (
              <>
                <ErrorNote error={error} testId="vault-passwd-error" />
                <p className="field-hint" data-testid="vault-passwd-not-set">
                  The new passphrase you chose was not set: the vault still opens with the current one. You choose the new one again after this
                  step.
                </p>
              </>
            )
          }
        />
      )}
      {step === 'new' && (
        <>
          <p className="muted vault-create-note" data-testid="vault-passwd-note">
            The new key is measured on this computer{unlockTime ? ` to the same unlock time (${unlockTime})` : ''}, so the last step takes a few
            seconds.
          </p>
          <PassphraseStep
            purpose="vault"
            submitLabel="Change the master passphrase"
            onSubmit={submit}
            onBack={() => setStep('current')}
            stepsBefore={1}
          />
        </>
      )}
      {step === 'done' && (
        <DoneStep testId="vault-passwd-done" onDone={close}>
          <strong>Master passphrase changed.</strong> The vault now opens only with the new one; it stays unlocked. Copies of the vault file made
          earlier, such as backups of the app’s data folder, still open with the old one.
        </DoneStep>
      )}
    </Modal>
  );
}
