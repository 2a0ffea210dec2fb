import { useState } from 'react';
import type { LeftoverInfo } from '../../../../../shared/dto/leftovers';
import { DestructiveActions, TypedConfirmation } from '../../../components/DestructiveConfirm';
import { ErrorNote } from '../../../components/ErrorNote';
import { Modal } from '../../../components/Modal';
import type { UiError } from '../../../store/types';
import { keyWords, plainWords, shortId } from './leftover-text';

/**
 * Removing leftovers: what goes, and whether anything is lost. Files that hold no key of their own (unfinished copies
 * of files that are in place, half-written files) are removed after this one confirmation. One that holds the only
 * copy of a key needs the person's explicit consent: the checkbox (sent to core as `insist`, which core requires)
 * and its key's short ID typed.
 */
export function RemoveLeftoversDialog({
  items,
  onRemove,
  onClose,
}: {
  items: LeftoverInfo[];
  onRemove: (insist: boolean) => Promise<UiError | null>;
  onClose: () => void;
}) {
  const keyHolders = items.filter((l) => l.onlyCopyOf);
  const [insist, setInsist] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const expected = keyHolders.map((l) => shortId(l.onlyCopyOf!.keyId)).join(' ');
  const ready = keyHolders.length === 0 || (insist && typed.trim() === expected);

  const remove = async () => {
    if (!ready || busy) return;
    setBusy(true);
    const e = await onRemove(keyHolders.length > 0 && insist);
    setBusy(false);
    if (e) setError(e);
  };

  const title = items.length === 1 ? 'Remove this leftover file' : `Remove ${items.length} leftover files`;
  return (
    <Modal title={title} description="Files an interrupted write left behind are deleted from disk." onClose={onClose} testId="remove-leftovers-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void remove();
        }}
      >
        {keyHolders.length > 0 ? (
          <div className="callout callout-error" data-testid="leftover-removal-consequence" data-only-copy="true">
            <strong>What will be lost:</strong>{' '}
            {keyHolders.map((l) => (
              <span key={l.id}>
                the only copy of the {keyWords(l.onlyCopyOf!)} <span className="mono">{l.onlyCopyOf!.keyId}</span>. Its key file is missing and
                nothing else in this trust folder holds it: once removed, it cannot be used or restored from here.{' '}
              </span>
            ))}
            Unless you are sure this key is not needed, keep it and choose “Put this key in place” instead.
          </div>
        ) : (
          <div className="callout callout-warn" data-testid="leftover-removal-consequence" data-only-copy="false">
            <strong>Nothing is lost:</strong> these are unfinished copies; the files they were writing are either in place or were never
            finished.
          </div>
        )}
        <ul className="leftover-remove-list">
          {items.map((l) => (
            <li key={l.id}>{l.onlyCopyOf ? `The only copy of the ${keyWords(l.onlyCopyOf)} ${shortId(l.onlyCopyOf.keyId)}…` : plainWords(l)}</li>
          ))}
        </ul>
        {keyHolders.length > 0 && (
          <>
            <label className="checkbox checkbox-danger">
              <input type="checkbox" checked={insist} onChange={(e) => setInsist(e.target.checked)} />
              <span>I understand {keyHolders.length === 1 ? 'this key' : 'these keys'} will be lost</span>
            </label>
            <TypedConfirmation expected={expected} value={typed} onChange={setTyped} testId="remove-leftover-confirmation" />
          </>
        )}
        {error && <ErrorNote error={error} />}
        <DestructiveActions keepLabel={items.length === 1 ? "Keep it" : "Keep them"} onKeep={onClose} actLabel={items.length === 1 ? 'Remove' : `Remove ${items.length} files`} busyLabel="Removing…" busy={busy} ready={ready} />
      </form>
    </Modal>
  );
}
