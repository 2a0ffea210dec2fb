import { useId } from 'react';

/**
 * The end of every destructive dialog: the text the user must type, then the safe action first (primary, focused)
 * and the destructive one last, enabled only when the dialog says it is ready.
 */
export function TypedConfirmation({
  expected,
  value,
  onChange,
  testId,
}: {
  expected: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        Type <code className="confirm-text">{expected}</code> to confirm
      </label>
      <input
        id={id}
        className="mono"
        value={value}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </div>
  );
}

export function DestructiveActions({
  keepLabel,
  onKeep,
  actLabel,
  busyLabel,
  busy,
  ready,
}: {
  keepLabel: string;
  onKeep: () => void;
  actLabel: string;
  busyLabel: string;
  busy: boolean;
  ready: boolean;
}) {
  return (
    <div className="wizard-actions">
      <button type="button" className="button button-primary" onClick={onKeep} autoFocus>
        {keepLabel}
      </button>
      <button type="submit" className="button button-danger" disabled={!ready || busy}>
        {busy ? busyLabel : actLabel}
      </button>
    </div>
  );
}
