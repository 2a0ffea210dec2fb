import type { UiError } from '../../store/types';
import { explainBackupError } from './backup-text';

/** A failed backup, verify or restore call in plain words (ErrorNote's look, with the backup flows' own wording). */
export function BackupErrorNote({ error, testId = 'error-note' }: { error: UiError; testId?: string }) {
  const e = explainBackupError(error.code);
  return (
    <div className="callout callout-error" role="alert" data-testid={testId} data-error-code={error.code}>
      <strong>{e.title}.</strong> {e.advice}
      {error.message && error.message !== e.title && <div className="callout-detail">{error.message}</div>}
    </div>
  );
}
