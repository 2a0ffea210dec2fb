import { useEffect, useState } from 'react';
import type { RemovalImpact } from '../../../../shared/dto/keys';
import { vault } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import type { UiError } from '../../store/types';
import { useKeyDialogContext } from './use-key-dialog';
import { DestructiveActions, TypedConfirmation } from '../../components/DestructiveConfirm';

/** Removing a key: what will be lost, a typed confirmation, and an explicit "only copy" acknowledgement. */
export function RemoveKeyDialog({ keyId }: { keyId: string }) {
  const { trustDirId, close, notify, loadKeys, selectKey } = useKeyDialogContext();
  const [impact, setImpact] = useState<RemovalImpact | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [typed, setTyped] = useState('');
  const [insist, setInsist] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!trustDirId) return;
    let live = true;
    void vault.keys.removalImpact({ trustDirId, id: keyId }).then((r) => {
      if (!live) return;
      if (r.ok) setImpact(r.value);
      else setError({ code: r.code, message: r.message });
    });
    return () => {
      live = false;
    };
  }, [trustDirId, keyId]);

  const ready = impact !== null && typed === impact.confirmationText && (!impact.onlyCopy || insist);

  const remove = async () => {
    if (!ready || !trustDirId || busy) return;
    setBusy(true);
    const r = await vault.keys.remove({ trustDirId, id: keyId, confirmation: typed, insist: impact.onlyCopy ? insist : false });
    setBusy(false);
    if (!r.ok) {
      setError({ code: r.code, message: r.message });
      return;
    }
    selectKey(null);
    close();
    notify({ tone: 'success', title: 'Key removed', detail: keyId });
    await loadKeys();
  };

  return (
    <Modal title="Remove key" description="Removing deletes the key file from the trust folder." onClose={close} testId="remove-dialog">
      {!impact && !error && <p className="muted">Checking what removing this key would lose…</p>}
      {impact && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void remove();
          }}
        >
          <div className={impact.onlyCopy ? 'callout callout-error' : 'callout callout-warn'} data-testid="removal-consequence">
            <strong>What will be lost:</strong> {impact.consequence}
            <div className="callout-detail mono break">{impact.id}</div>
          </div>
          {impact.onlyCopy && (
            <label className="checkbox checkbox-danger">
              <input type="checkbox" checked={insist} onChange={(e) => setInsist(e.target.checked)} />
              <span>I understand this is the only copy</span>
            </label>
          )}
          <TypedConfirmation expected={impact.confirmationText} value={typed} onChange={setTyped} testId="remove-confirmation" />
          {error && <ErrorNote error={error} />}
          <DestructiveActions keepLabel="Keep the key" onKeep={close} actLabel="Remove key" busyLabel="Removing…" busy={busy} ready={ready} />
        </form>
      )}
      {!impact && error && (
        <>
          <ErrorNote error={error} />
          <div className="wizard-actions">
            <button type="button" className="button button-primary" onClick={close}>
              Close
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
