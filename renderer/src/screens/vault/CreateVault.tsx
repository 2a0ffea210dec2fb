import { useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { WizardActions, WizardStep } from '../../components/WizardStep';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { PassphraseStep } from '../passphrase/PassphraseStep';
import { DEFAULT_UNLOCK_SECONDS, UNLOCK_CHOICES } from './vault-text';

/** Creating the vault: the unlock time (what the KDF is calibrated to), then the master passphrase. */
export function CreateVault() {
  const createVault = useStore((s) => s.createVault);
  const [step, setStep] = useState<'time' | 'passphrase'>('time');
  const [seconds, setSeconds] = useState(DEFAULT_UNLOCK_SECONDS);
  const [error, setError] = useState<UiError | null>(null);

  const submit = async (passphrase: string) => {
    setError(null);
    const e = await createVault(passphrase, seconds);
    if (e) {
      setError(e);
      setStep('time');
    }
  };

  return (
    <div className="wizard-card" data-testid="vault-create">
      <h2 className="vault-card-title">Create the vault</h2>
      {step === 'time' && (
        <form
          data-testid="vault-unlock-time"
          onSubmit={(e) => {
            e.preventDefault();
            setStep('passphrase');
          }}
        >
          <WizardStep
            counter="Step 1 of 4"
            title="Choose how long unlocking takes"
            why={
              <>
                <h4>Why a wait</h4>
                <p>
                  The master passphrase is turned into the vault’s key with Argon2id, using 64 MiB of memory. Its iterations are measured on this
                  computer so that one try takes the time you choose here.
                </p>
                <h4>Why it protects you</h4>
                <p>
                  Someone who copies the vault file must pay the same time and memory for every passphrase they guess. You pay it once per unlock;
                  they pay it billions of times. Graphics cards gain little against 64 MiB per guess.
                </p>
              </>
            }
          >
            <fieldset className="choice-list">
              <legend className="sr-only">Unlock time</legend>
              {UNLOCK_CHOICES.map((c) => (
                <label key={c.seconds} className={`choice${seconds === c.seconds ? ' selected' : ''}`}>
                  <input type="radio" name="unlock-seconds" checked={seconds === c.seconds} onChange={() => setSeconds(c.seconds)} />
                  <span>
                    <span className="choice-label">{c.label}</span>
                    <span className="choice-why">{c.why}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            {error && <ErrorNote error={error} />}
            <WizardActions />
          </WizardStep>
        </form>
      )}
      {step === 'passphrase' && (
        <>
          <p className="muted vault-create-note" data-testid="vault-create-note">
            Creating the vault measures this computer first, so the last step takes a few seconds.
          </p>
          <PassphraseStep purpose="vault" submitLabel="Create the vault" onSubmit={submit} onBack={() => setStep('time')} stepsBefore={1} />
        </>
      )}
    </div>
  );
}
