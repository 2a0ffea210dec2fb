import { useState } from 'react';
import { vault } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import type { UiError } from '../../store/types';
import { CurrentPassphraseStep } from '../passphrase/CurrentPassphraseStep';
import { PassphraseStep } from '../passphrase/PassphraseStep';
import { purposeForRole } from '../passphrase/purpose';
import { KeyRef, useKeyDialogContext } from './use-key-dialog';
import { DoneStep } from '../../components/DoneStep';

type Step = 'current' | 'new' | 'done';

/**
 * Re-encrypting a key with a new passphrase. The current passphrase stays in this dialog's state only until the
 * call is made; the new one lives in the passphrase step.
 */
export function ChangePassphraseDialog({ keyId }: { keyId: string }) {
  const { trustDirId, info, close, loadKeys } = useKeyDialogContext(keyId);
  const [step, setStep] = useState<Step>('current');
  const [current, setCurrent] = useState('');
  const [error, setError] = useState<UiError | null>(null);

  const cancel = () => {
    setCurrent('');
    close();
  };

  const submit = async (newPassphrase: string) => {
    if (!trustDirId) return;
    const oldPassphrase = current;
    setCurrent('');
    const r = await vault.keys.changePassphrase({ trustDirId, id: keyId, oldPassphrase, newPassphrase });
    if (!r.ok) {
      setError({ code: r.code, message: r.message });
      setStep('current');
      return;
    }
    setError(null);
    setStep('done');
    await loadKeys();
    return [keyId];
  };

  return (
    <Modal
      title="Change passphrase"
      description={
        <>
          Re-encrypts <KeyRef keyId={keyId} info={info} /> with a new passphrase. The key and its ID do not change.
        </>
      }
      onClose={cancel}
      testId="change-passphrase-dialog"
      wide={step === 'new'}
    >
      {step === 'current' && (
        <CurrentPassphraseStep
          title="Enter the current passphrase"
          label="Current passphrase"
          why={
            <>
              <h4>Why the current one</h4>
              <p>The key file is decrypted with it once, in the vault's main process, and encrypted again with the new one.</p>
            </>
          }
          value={current}
          onChange={setCurrent}
          onNext={() => {
            setError(null);
            setStep('new');
          }}
          onCancel={cancel}
          problem={error && <ErrorNote error={error} />}
        />
      )}
      {step === 'new' && (
        <PassphraseStep
          purpose={purposeForRole(info?.role)}
          submitLabel="Change the passphrase"
          onSubmit={submit}
          onBack={() => setStep('current')}
          stepsBefore={1}
          vaultSave={{ trustDirId }}
        />
      )}
      {step === 'done' && (
        <DoneStep testId="change-passphrase-done" onDone={close}>
          <strong>Passphrase changed.</strong> The old passphrase no longer opens this key file. Backups made before today still use the old one.
        </DoneStep>
      )}
    </Modal>
  );
}
