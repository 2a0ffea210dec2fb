import { useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { SecretField } from '../../components/SecretField';
import type { UiError } from '../../store/types';
import type { VaultChoice } from './vault-choice';

/**
 * "Save it in the vault" inside the passphrase step (issue 16, point 2). Unlocked: a checkbox. Locked: says so, with
 * the master passphrase field to unlock it here (sent in the unlock call, cleared at once). No vault: says so, with the
 * way to the Vault screen to create one. It lives inside the step's own form, so Enter in the master passphrase field
 * unlocks rather than submitting the step.
 *
 * Names the e2e specs rely on: data-testid="save-in-vault" data-state=STATE; checkbox "Save it in the vault";
 * field "Master passphrase"; button "Unlock the vault"; button "Create the vault".
 */
export function SaveInVaultChoice({
  choice,
  checked,
  onChange,
  rootLike,
  what = 'it',
}: {
  choice: VaultChoice;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** A root key: the vault may hold the passphrase too, but not instead of the password manager. */
  rootLike: boolean;
  /** What is saved, in the checkbox's words: "it", "the targets passphrase". */
  what?: string;
}) {
  const [master, setMaster] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const unlock = async () => {
    if (busy || master.length === 0) return;
    const value = master;
    setMaster('');
    setBusy(true);
    setError(null);
    try {
      setError(await choice.unlock(value));
    } finally {
      setBusy(false);
    }
  };

  if (choice.state === 'unlocked') {
    return (
      <div className="save-in-vault" data-testid="save-in-vault" data-state="unlocked">
        <label className="checkbox">
          <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
          <span>
            Save {what} in the vault
            <span className="checkbox-why">
              {rootLike
                ? 'The unlocked vault then fills it in when this key signs. Keep it in your password manager too: the vault file is on this computer only.'
                : 'The unlocked vault then fills it in when this key signs, so you do not type it each time.'}
            </span>
          </span>
        </label>
      </div>
    );
  }

  if (choice.state === 'locked') {
    return (
      <div
        className="save-in-vault callout"
        data-testid="save-in-vault"
        data-state="locked"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
            e.preventDefault();
            void unlock();
          }
        }}
      >
        <p>
          <strong>The vault is locked.</strong> To save {what === 'it' ? 'this passphrase' : what} in the vault, unlock it here with the master passphrase.
        </p>
        <SecretField label="Master passphrase" value={master} onChange={setMaster} autoComplete="current-password" />
        {error && <ErrorNote error={error} />}
        <div className="button-row">
          <button type="button" className="button button-secondary button-small" disabled={busy || master.length === 0} onClick={() => void unlock()}>
            {busy ? 'Unlocking…' : 'Unlock the vault'}
          </button>
        </div>
      </div>
    );
  }

  if (choice.state === 'absent') {
    return (
      <div className="save-in-vault callout" data-testid="save-in-vault" data-state="absent">
        <p>
          <strong>There is no vault yet.</strong> The vault can keep new keys’ passphrases, encrypted under one master passphrase, so signing does not ask for
          them. {choice.leaveNote}
        </p>
        <div className="button-row">
          <button type="button" className="button button-secondary button-small" onClick={choice.goToVault}>
            Create the vault
          </button>
        </div>
      </div>
    );
  }

  return null;
}
