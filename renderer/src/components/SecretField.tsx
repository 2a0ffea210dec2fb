import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';

interface SecretFieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** "new-password", "current-password" or "off": what a password manager may offer here. */
  autoComplete: string;
  autoFocus?: boolean;
  /** A line under the field, linked with aria-describedby. */
  hint?: ReactNode;
  /** Marks the field invalid (aria-invalid) and shows the hint as an error. */
  invalid?: boolean;
  /** Whether to offer the Show/Hide button; a retype field hides what is typed on purpose. Default true. */
  showToggle?: boolean;
  /**
   * Whether the value is shown. Leave both unset to let the field keep this itself; set them when the caller shares
   * it (e.g. the passphrase step, which shows a generated passphrase and shows it again on the next sub-step).
   */
  shown?: boolean;
  onShownChange?: (shown: boolean) => void;
}

/**
 * A passphrase input with an optional Show/Hide toggle (aria-pressed). The value stays in the caller's local state:
 * this component keeps nothing of it.
 */
export function SecretField({
  label,
  value,
  onChange,
  autoComplete,
  autoFocus,
  hint,
  invalid = false,
  showToggle = true,
  shown,
  onShownChange,
}: SecretFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const [ownShown, setOwnShown] = useState(false);
  // Caps Lock, as the key events report it while typing here: a passphrase typed with it on is not the one meant.
  const [capsLock, setCapsLock] = useState(false);
  const capsId = `${id}-caps`;
  // A letter's case against Shift tells it too, where the modifier state is not reported (some keyboards, remote desktops).
  const readCaps = (e: KeyboardEvent<HTMLInputElement>) => {
    const k = e.key;
    if (k.length === 1 && k.toUpperCase() !== k.toLowerCase()) setCapsLock((k === k.toUpperCase()) !== e.shiftKey);
    else if (k === 'CapsLock' || e.getModifierState('CapsLock')) setCapsLock(e.getModifierState('CapsLock'));
  };
  const isShown = showToggle && (shown ?? ownShown);
  const toggle = () => {
    const next = !isShown;
    if (shown === undefined) setOwnShown(next);
    onShownChange?.(next);
  };

  const input = (
    <input
      id={id}
      type={isShown ? 'text' : 'password'}
      className="mono"
      value={value}
      autoComplete={autoComplete}
      spellCheck={false}
      autoCapitalize="off"
      autoCorrect="off"
      autoFocus={autoFocus}
      aria-invalid={invalid || undefined}
      aria-describedby={[hint ? hintId : '', capsLock ? capsId : ''].filter(Boolean).join(' ') || undefined}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={readCaps}
      onBlur={() => setCapsLock(false)}
    />
  );

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {showToggle ? (
        <div className="input-with-button">
          {input}
          <button type="button" className="button button-ghost" aria-pressed={isShown} onClick={toggle}>
            {isShown ? 'Hide' : 'Show'}
          </button>
        </div>
      ) : (
        input
      )}
      {capsLock && (
        <p id={capsId} className="field-hint field-caps" data-testid="caps-lock" role="status">
          Caps Lock is on.
        </p>
      )}
      {hint && (
        <p id={hintId} className={invalid ? 'field-hint field-error' : 'field-hint'}>
          {hint}
        </p>
      )}
    </div>
  );
}
