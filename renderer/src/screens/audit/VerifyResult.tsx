import type { AuditVerification } from '../../../../shared/dto/vault';
import { CheckpointNote } from './CheckpointNote';

const KIND_TEXT: Record<string, string> = {
  malformed: 'not a readable entry',
  edited: 'edited after it was written',
  removed: 'an entry before it was removed',
  reordered: 'out of order',
  truncated: 'the log ends mid-entry',
  tampered: 'the log does not match the vault’s checkpoints',
};

/** "Verify the log": intact, or each problem with its line in the file, and the way to start a new log. */
export function VerifyResult({ verification: v, onRestart }: { verification: AuditVerification; onRestart?: () => void }) {
  if (v.ok) {
    return (
      <div className="callout callout-success" data-testid="audit-verify" data-ok="true" role="status">
        <strong>
          {v.entries.toLocaleString('en-US')} {v.entries === 1 ? 'entry' : 'entries'}, chain intact.
        </strong>{' '}
        No entry was edited, removed or reordered since it was written.
        {v.head && <div className="callout-detail mono break">Last entry’s hash: {v.head}</div>}
        <CheckpointNote report={v.checkpoint} />
      </div>
    );
  }
  return (
    <div className="callout callout-error" data-testid="audit-verify" data-ok="false" role="alert">
      <strong>{v.checkpoint?.state === 'tampered' ? 'The log was tampered with: it is not the log the vault recorded.' : 'The chain is broken: the log was changed after it was written.'}</strong> {v.entries.toLocaleString('en-US')} entries read;{' '}
      {v.problems.length === 1 ? 'one problem' : `${v.problems.length} problems`}:
      <ul className="audit-problems">
        {v.problems.map((p, i) => (
          <li key={`${p.line}-${i}`} data-testid="audit-problem" data-line={p.line} data-kind={p.kind}>
            <strong>Line {p.line}</strong>: {KIND_TEXT[p.kind] ?? p.kind}. <span className="muted">{p.message}</span>
          </li>
        ))}
      </ul>
      <CheckpointNote report={v.checkpoint} />
      {onRestart && (
        <div className="audit-restart" data-testid="audit-restart">
          <p>
            A broken chain can no longer show that later entries were not changed. To record on an intact chain again, start a new log: this one is
            kept aside, unchanged and not deleted, and the new log’s first entry names it.
          </p>
          <button type="button" className="button button-secondary" onClick={onRestart}>
            Start a new log…
          </button>
        </div>
      )}
    </div>
  );
}
