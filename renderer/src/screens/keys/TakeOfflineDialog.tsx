import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { OfflineOutcome } from '../../../../shared/dto/vault';
import { DestructiveActions, TypedConfirmation } from '../../components/DestructiveConfirm';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { KeyRef, useKeyDialogContext } from './use-key-dialog';
import { VaultLockedNote } from './VaultLockedNote';
import { DoneStep } from '../../components/DoneStep';

/**
 * Taking a root key offline: its file moves from the trust folder into the vault. Core refuses (ONLY_COPY) when no
 * verified backup or token copy exists; then the dialog says what would be lost and asks for a typed "insist".
 */
export function TakeOfflineDialog({ keyId }: { keyId: string }) {
  const { trustDirId, info, close } = useKeyDialogContext(keyId);
  const { unlocked, takeOffline, notify } = useStore(
    useShallow((s) => ({ unlocked: s.vaultStatus?.unlocked ?? false, takeOffline: s.takeOffline, notify: s.notify })),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [onlyCopy, setOnlyCopy] = useState(false);
  const [typed, setTyped] = useState('');
  const [done, setDone] = useState<OfflineOutcome | null>(null);
  const confirmText = keyId.slice(0, 8);

  const run = async (insist: boolean) => {
    if (!trustDirId || busy) return;
    setBusy(true);
    setError(null);
    const r = await takeOffline(trustDirId, keyId, insist);
    setBusy(false);
    if (r.ok) {
      setDone(r.value);
      notify({ tone: 'success', title: 'Key taken offline', detail: 'The key file is now only in the vault.' });
    } else if (r.error.code === 'ONLY_COPY' && !insist) {
      setOnlyCopy(true);
    } else {
      setError(r.error);
    }
  };

  return (
    <Modal
      title="Take the root key offline"
      description={
        <>
          Moves the file of <KeyRef keyId={keyId} info={info} /> out of the trust folder into the vault, encrypted with the vault key. Notary cannot
          use it until you bring it online again.
        </>
      }
      onClose={close}
      testId="take-offline-dialog"
    >
      {!unlocked ? (
        <VaultLockedNote doing="take a key offline" />
      ) : done ? (
        <DoneStep testId="take-offline-done" onDone={close}>
          <strong>The key is offline, in the vault.</strong> Its file is gone from the trust folder.
          {done.otherCopies.length > 0 && <div className="callout-detail">Other copies: {done.otherCopies.join(', ')}</div>}
          {done.insisted && (
            <div className="callout-detail">
              The vault now holds its only copy. Bring it online for a few minutes and back it up to two USB drives, then take it offline again.
            </div>
          )}
        </DoneStep>
      ) : onlyCopy ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (typed === confirmText) void run(true);
          }}
        >
          <div className="callout callout-error" data-testid="only-copy-warning">
            <strong>No verified backup or token copy of this key exists.</strong> After this, the vault file holds the only copy. If that file is lost or
            damaged, or its master passphrase forgotten, the root key is gone for good: every repository it signs for must start its trust over, and
            everyone who pulls them sees a new, untrusted root.
            <div className="callout-detail">Safer: make a verified backup on the Backups screen first, then take it offline.</div>
          </div>
          <TypedConfirmation expected={confirmText} value={typed} onChange={setTyped} testId="take-offline-confirmation" />
          {error && <ErrorNote error={error} />}
          <DestructiveActions
            keepLabel="Keep it in the trust folder"
            onKeep={close}
            actLabel="Take it offline anyway"
            busyLabel="Moving…"
            busy={busy}
            ready={typed === confirmText}
          />
        </form>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(false);
          }}
        >
          <p>
            The vault first checks that another copy exists (a verified backup or a token); a root key that exists nowhere else is not moved
            without your say-so.
          </p>
          {error && <ErrorNote error={error} />}
          <div className="wizard-actions">
            <button type="button" className="button button-ghost" onClick={close} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Moving…' : 'Take offline'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
