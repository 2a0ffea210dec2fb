import type { ReactNode } from 'react';
import type { TokenRootWay } from '../../../../shared/dto/tokens';
import { WizardActions, WizardStep } from '../../components/WizardStep';

interface ChooseWayStepProps {
  way: TokenRootWay;
  onWay: (way: TokenRootWay) => void;
  onCancel: () => void;
  onNext: () => void;
  /** An error of the last attempt, under the choice. */
  children?: ReactNode;
}

/** The first step: notary's way (a backup exists) or made on the token (none can), with the trade-off beside it. */
export function ChooseWayStep({ way, onWay, onCancel, onNext, children }: ChooseWayStepProps) {
  return (
    <form
      data-testid="token-root-step"
      data-step="way"
      onSubmit={(e) => {
        e.preventDefault();
        onNext();
      }}
    >
      <WizardStep
        counter={way === 'import' ? 'Step 1 of 5' : 'Step 1 of 3'}
        title="How should the key be made?"
        why={
          <div data-testid="token-root-tradeoff">
            <h4>The trade-off</h4>
            <p>
              <strong>Notary’s way</strong> keeps a backup: the key is made in this computer’s memory, copied into the token, and written
              encrypted into the trust folder. For that moment the key exists outside the token, and the backup file is only as safe as its
              passphrase.
            </p>
            <p>
              <strong>On the token only</strong> the key is made inside the token and can never leave it: nobody can copy it, not even malware
              on this computer. But no backup is possible: if the token is lost, broken or locked, the root key is gone, and every repository
              it signs has to start its trust over.
            </p>
            <h4>Which to choose</h4>
            <p>
              Most publishers choose notary’s way and keep the backup on two USB drives in different places. Choose the token only if you
              also make a root key on a second token, kept somewhere else.
            </p>
          </div>
        }
      >
        <fieldset className="choice-list">
          <legend className="sr-only">How the root key is made</legend>
          <label className={way === 'import' ? 'choice selected' : 'choice'}>
            <input type="radio" name="token-root-way" value="import" checked={way === 'import'} onChange={() => onWay('import')} />
            <span>
              <span className="choice-label">Notary’s way: made in software, imported, with a backup file</span>
              <span className="choice-why">
                Made in software and imported into the token with a self-signed certificate, as <code>notary</code> does; the encrypted backup
                is written into the trust folder, and you can copy it to USB drives right after.
              </span>
            </span>
          </label>
          <label className={way === 'on-device' ? 'choice selected' : 'choice'}>
            <input type="radio" name="token-root-way" value="on-device" checked={way === 'on-device'} onChange={() => onWay('on-device')} />
            <span>
              <span className="choice-label">On the token only: never extractable, no backup possible</span>
              <span className="choice-why">
                Made inside the token and never leaves it. If the token is lost, the key is lost: use a second token for a second root key.
              </span>
            </span>
          </label>
        </fieldset>
        {children}
        <WizardActions onBack={onCancel} backLabel="Cancel" />
      </WizardStep>
    </form>
  );
}
