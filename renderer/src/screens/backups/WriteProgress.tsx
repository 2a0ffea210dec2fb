import { useStore } from '../../store';
import { isVerifying, progressRows } from './progress';
import { ProgressBar } from './ProgressBar';

/** Steps "write" and "verify" of the backup: the progress of the one call, phase by phase and drive by drive. */
export function WriteProgress({ counterWrite, counterVerify, targets }: { counterWrite: string; counterVerify: string; targets: string[] }) {
  const progress = useStore((s) => s.backupProgress);
  const verifying = isVerifying(progress);
  const rows = progressRows(progress);
  return (
    <div className="wizard-step" data-testid="backup-step" data-step={verifying ? 'verify' : 'write'}>
      <div className="wizard-main" aria-busy="true">
        <p className="wizard-counter">{verifying ? counterVerify : counterWrite}</p>
        <h3 className="wizard-title">{verifying ? 'Verifying the copies' : 'Writing the backup'}</h3>
        <p className="muted">
          {verifying
            ? 'Each copy is read back from its drive, decrypted and checked key by key. Keep the drives plugged in.'
            : `Packing, encrypting and writing to ${targets.join(' and ')}. Keep the drives plugged in.`}
        </p>
        <div className="progress-list" data-testid="backup-progress">
          {rows.length === 0 && <ProgressBar label="Starting" percent={0} />}
          {rows.map((r) => (
            <ProgressBar key={r.key} label={r.label} percent={r.percent} detail={r.total > 0 ? `${r.done} of ${r.total}` : undefined} />
          ))}
        </div>
      </div>
      <aside className="wizard-why" aria-label="Why this matters">
        <h4>Why read it back</h4>
        <p>
          A backup that was written is not yet a backup that opens. Reading every copy back from its drive catches a bad drive or a cut-short file
          now, not on the day you need it.
        </p>
        <h4>Never over a file</h4>
        <p>Each copy is written under a new name and renamed into place only once complete; nothing existing is overwritten.</p>
      </aside>
    </div>
  );
}
