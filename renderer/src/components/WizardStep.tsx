import type { ReactNode } from 'react';

interface WizardStepProps {
  /** "Step n of m". */
  counter: string;
  title: string;
  children: ReactNode;
  /** The reasons beside the step. */
  why: ReactNode;
}

/** One decision of a wizard, with its reason beside it. */
export function WizardStep({ counter, title, children, why }: WizardStepProps) {
  return (
    <div className="wizard-step">
      <div className="wizard-main">
        <p className="wizard-counter">{counter}</p>
        <h3 className="wizard-title">{title}</h3>
        {children}
      </div>
      <aside className="wizard-why" aria-label="Why this matters">
        {why}
      </aside>
    </div>
  );
}

interface WizardActionsProps {
  /** The ghost button before the submit button (Cancel or Back); none when unset. */
  onBack?: () => void;
  backLabel?: string;
  /** The label of the form's submit button. */
  submitLabel?: ReactNode;
  submitDisabled?: boolean;
  /** Disables both buttons while the step's call runs. */
  busy?: boolean;
}

/** The row under a wizard step: Cancel/Back, then the form's submit button. */
export function WizardActions({ onBack, backLabel = 'Back', submitLabel = 'Next', submitDisabled = false, busy = false }: WizardActionsProps) {
  return (
    <div className="wizard-actions">
      {onBack && (
        <button type="button" className="button button-ghost" onClick={onBack} disabled={busy}>
          {backLabel}
        </button>
      )}
      <button type="submit" className="button button-primary" disabled={submitDisabled || busy}>
        {submitLabel}
      </button>
    </div>
  );
}
