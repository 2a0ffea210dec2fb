import type { ReactNode } from 'react';

/** The last step of a dialog: what happened, in a success callout, and one "Done" button that closes it. */
export function DoneStep({ testId, onDone, children }: { testId: string; onDone: () => void; children: ReactNode }) {
  return (
    <div data-testid={testId}>
      <div className="callout callout-success">{children}</div>
      <div className="wizard-actions">
        <button type="button" className="button button-primary" onClick={onDone} autoFocus>
          Done
        </button>
      </div>
    </div>
  );
}
