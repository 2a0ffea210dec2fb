import type { TokenInfo } from '../../../../shared/dto/tokens';
import { tokenWarnings, type TokenWarning } from './token-text';

/** The token's flags in words: tries left, locked, default PIN. */
export function TokenWarnings({ token, only }: { token: TokenInfo; only?: TokenWarning['id'][] }) {
  const warnings = tokenWarnings(token).filter((w) => !only || only.includes(w.id));
  if (warnings.length === 0) return null;
  return (
    <>
      {warnings.map((w) => (
        <div key={w.id} className={`callout callout-${w.tone} token-warning`} data-testid="token-warning" data-warning={w.id}>
          <strong>{w.title}.</strong> {w.text}
        </div>
      ))}
    </>
  );
}
