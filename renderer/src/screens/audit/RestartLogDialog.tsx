import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AuditVerification } from '../../../../shared/dto/vault';
import { DestructiveActions, TypedConfirmation } from '../../components/DestructiveConfirm';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { RESTART_CONFIRMATION, problemsCountText } from './audit-text';

/**
 * The way out of a damaged audit log (audit.restart): nothing is added to a log whose chain is broken, so the user
 * may keep it aside and start a new chain. Says that nothing is deleted and asks for "start a new log" typed.
 */
export function RestartLogDialog({ verification, onClose }: { verification: AuditVerification; onClose: () => void }) {
  const { restartAudit, notify } = useStore(useShallow((s) => ({ restartAudit: s.restartAudit, notify: s.notify })));
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const ready = typed === RESTART_CONFIRMATION && !busy;

  const restart = async () => {
    if (!ready) return;
    setBusy(true);
    const err = await restartAudit(typed);
    setBusy(false);
    if (err) {
      setError(err);
      return;
    }
    const first = useStore.getState().auditEntries.find((e) => e.action === 'audit.restarted');
    notify({ tone: 'success', title: 'New log started', detail: first?.detail ?? 'The damaged log was kept aside in the app’s data folder.' });
    onClose();
  };

  return (
    <Modal
      title="Start a new audit log"
      description="This log’s chain is broken: it can no longer show that its entries were not changed, and once its end is damaged nothing more is added to it. A new log records on an intact chain again."
      onClose={onClose}
      testId="restart-log-dialog"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void restart();
        }}
      >
        <div className="callout callout-warn" data-testid="restart-log-consequence">
          <strong>Nothing is deleted.</strong> The damaged log ({problemsCountText(verification)}) is moved aside, unchanged, to a file named{' '}
          <code>damaged-</code>
          <em>date and time</em>
          <code>.jsonl</code> next to it in the app’s data folder, where you can still read it or hand it to whoever looks into what happened.
        </div>
        <ul className="restart-log-points">
          <li>New entries start a new chain. Its first entry, “New log started”, names the file kept aside and its SHA-256 fingerprint, and lists what verification found.</li>
          <li>Entries of the old log no longer show here: the list starts again from that first entry.</li>
          <li>If you did not expect the log to be damaged, keep the old file: it is the evidence of what was changed.</li>
        </ul>
        <TypedConfirmation expected={RESTART_CONFIRMATION} value={typed} onChange={setTyped} testId="restart-log-confirmation" />
        {error && <ErrorNote error={error} />}
        <DestructiveActions keepLabel="Keep the log as it is" onKeep={onClose} actLabel="Start a new log" busyLabel="Starting…" busy={busy} ready={ready} />
      </form>
    </Modal>
  );
}
