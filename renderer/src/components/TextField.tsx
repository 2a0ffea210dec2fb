import { useId, type ReactNode } from 'react';

interface TextFieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** The line under the field when there is no error. */
  hint: ReactNode;
  /** What is wrong with the value; shown in place of the hint, and marks the field invalid. */
  error?: string | null;
  /** Fixed text shown before the input (e.g. "targets/"), hidden from assistive technology. */
  prefix?: string;
}

/** A plain text field (no spelling help, no autocomplete) with a hint that turns into the error when there is one. */
export function TextField({ label, value, onChange, placeholder, hint, error, prefix }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const input = (
    <input
      id={id}
      value={value}
      placeholder={placeholder}
      spellCheck={false}
      autoComplete="off"
      aria-invalid={!!error}
      aria-describedby={hintId}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {prefix ? (
        <div className="input-prefix">
          <span aria-hidden="true">{prefix}</span>
          {input}
        </div>
      ) : (
        input
      )}
      <p id={hintId} className={error ? 'field-hint field-error' : 'field-hint'}>
        {error || hint}
      </p>
    </div>
  );
}
