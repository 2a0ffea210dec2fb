import type { StrengthWording } from './strength';

/** The strength estimate in words, with a bar for a glance. */
export function StrengthMeter({ wording, bits }: { wording: StrengthWording; bits: number | null }) {
  const filled = { refused: 0, bad: 1, weak: 2, ok: 3, good: 4 }[wording.tone];
  return (
    <div className={`strength strength-${wording.tone}`} data-testid="passphrase-strength" data-tone={wording.tone}>
      <div className="strength-head">
        <span className="strength-bar" aria-hidden="true">
          {[1, 2, 3, 4].map((i) => (
            <span key={i} className={i <= filled ? 'seg on' : 'seg'} />
          ))}
        </span>
        <strong className="strength-label">{wording.label}</strong>
        {bits !== null && <span className="strength-bits">{bits} bits of randomness</span>}
      </div>
      <p className="strength-summary" aria-live="polite">
        {wording.summary}
      </p>
      {wording.warning && <p className="strength-warning">{wording.warning}</p>}
      {wording.suggestions.length > 0 && (
        <ul className="strength-suggestions">
          {wording.suggestions.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
