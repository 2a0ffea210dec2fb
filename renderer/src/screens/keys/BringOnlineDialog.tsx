import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { OnlineOutcome } from '../../../../shared/dto/vault';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { clockTime, ONLINE_CHOICES } from '../vault/vault-text';
import { KeyRef, useKeyDialogContext } from './use-key-dialog';
import { VaultLockedNote } from './VaultLockedNote';
import { DoneStep } from '../../components/DoneStep';

/** Bringing an offline key back: its file returns to the trust folder, exactly as notary wrote it, for a while. */
export function BringOnlineDialog({ keyId }: { keyId: string }) {
  const { trustDirId, info, close } = useKeyDialogContext(keyId);
  const { unlocked, bringOnline } = useStore(useShallow((s) => ({ unlocked: s.vaultStatus?.unlocked ?? false, bringOnline: s.bringOnline })));
  const [seconds, setSeconds] = useState(ONLINE_CHOICES[0]!.seconds);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [done, setDone] = useState<OnlineOutcome | null>(null);

  const run = async () => {
    if (!trustDirId || busy) return;
    setBusy(true);
    const r = await bringOnline(trustDirId, keyId, seconds);
    setBusy(false);
    if (r.ok) setDone(r.value);
    else setError(r.error);
  };

  return (
    <Modal
      title="Bring the key online"
      description={
        <>
          Writes the file of <KeyRef keyId={keyId} info={info} /> back into the trust folder, byte for byte as notary wrote it, so notary and this app
          can sign with it. The vault removes it again when the time is up.
        </>
      }
      onClose={close}
      testId="bring-online-dialog"
    >
      {!unlocked ? (
        <VaultLockedNote doing="bring a key online" />
      ) : done ? (
        <DoneStep testId="bring-online-done" onDone={close}>
          <strong>Online until {clockTime(done.until)}.</strong> The key file is back at:
          <div className="callout-detail mono break">{done.path}</div>
        </DoneStep>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <fieldset className="choice-list">
            <legend className="field-label">For how long</legend>
            {ONLINE_CHOICES.map((c) => (
              <label key={c.seconds} className={`choice${seconds === c.seconds ? ' selected' : ''}`}>
                <input type="radio" name="online-for" checked={seconds === c.seconds} onChange={() => setSeconds(c.seconds)} />
                <span className="choice-label">{c.label}</span>
              </label>
            ))}
          </fieldset>
          <p className="muted online-why">Choose the shortest time the signing needs: while online, anyone who can read the trust folder can copy the file.</p>
          {error && <ErrorNote error={error} />}
          <div className="wizard-actions">
            <button type="button" className="button button-ghost" onClick={close} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Writing…' : 'Bring online'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
