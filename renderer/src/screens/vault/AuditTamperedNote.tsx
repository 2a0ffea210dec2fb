import type { AuditCheckpointReport } from '../../../../shared/dto/vault';
import { useStore } from '../../store';

/** Right after an unlock: the audit log does not match the vault's checkpoints (issue 12, point 3). */
export function AuditTamperedNote({ report }: { report: AuditCheckpointReport | null | undefined }) {
  const showScreen = useStore((s) => s.showScreen);
  if (report?.state !== 'tampered' || !report.tampered) return null;
  return (
    <div className="callout callout-error" role="alert" data-testid="vault-audit-tampered">
      <strong>The audit log was tampered with.</strong> {report.tampered.message}. Someone who could write this computer’s files changed the record of
      what was done with your keys; the vault’s own checkpoints show it. Look at what changed, and check your keys and repositories.
      <div className="callout-actions">
        <button type="button" className="button button-secondary" onClick={() => showScreen('audit')}>
          Open the audit log
        </button>
      </div>
    </div>
  );
}
