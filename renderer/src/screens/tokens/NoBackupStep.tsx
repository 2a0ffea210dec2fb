import { useState } from 'react';
import { WizardActions, WizardStep } from '../../components/WizardStep';

export const SECOND_TOKEN_TEXT =
  'Use a second token: make a root key on it too, keep it in another place, and add both keys to your repositories’ root, so either token can sign if the other is lost.';

/** The on-device way's second step: no backup is possible, said plainly, with the second-token advice. */
export function NoBackupStep({ tokenName, onBack, onCreate }: { tokenName: string; onBack: () => void; onCreate: () => Promise<void> }) {
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <form
      data-testid="token-root-step"
      data-step="no-backup"
      onSubmit={(e) => {
        e.preventDefault();
        if (!understood || busy) return;
        setBusy(true);
        void onCreate().finally(() => setBusy(false));
      }}
    >
      <WizardStep
        counter="Step 2 of 3"
        title="No backup is possible"
        why={
          <>
            <h4>Why no backup</h4>
            <p>
              The key is made inside {tokenName} and marked as never extractable: the token refuses to hand it out to anyone, this app included.
              That is its strength, and the reason no copy can exist.
            </p>
            <h4>Why a second token</h4>
            <p>A root key that exists once is lost with the token. A second root key on a second token is the backup a token-only key can have.</p>
          </>
        }
      >
        <div className="callout callout-warn" data-testid="no-backup-warning">
          <strong>This root key will exist only on {tokenName}.</strong> If the token is lost, broken or locked by wrong PINs, the key is gone
          for good: the repositories it signs would have to start their trust over, and everyone who pulls them would see a new, untrusted
          root.
        </div>
        <div className="callout" data-testid="second-token-suggestion">
          <strong>Suggestion.</strong> {SECOND_TOKEN_TEXT}
        </div>
        <label className="checkbox checkbox-danger">
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          <span>I understand that no backup of this key is possible</span>
        </label>
        <WizardActions onBack={onBack} busy={busy} submitDisabled={!understood} submitLabel={busy ? 'Working…' : 'Create the key on the token'} />
      </WizardStep>
    </form>
  );
}
