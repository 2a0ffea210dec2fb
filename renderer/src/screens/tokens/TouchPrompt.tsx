import { Icon } from '../../components/Icon';
import { useStore } from '../../store';

/**
 * While a token waits for a touch to sign (`tokenTouch` events), an overlay says which one: the light on the token
 * blinks, and nothing happens until it is touched.
 */
export function TouchPrompt() {
  const waiting = useStore((s) => s.touchWaiting);
  if (waiting.length === 0) return null;
  const labels = waiting.map((w) => w.label).join(', ');
  return (
    <div className="touch-overlay" data-testid="touch-prompt">
      <div className="touch-card" role="alert" aria-labelledby="touch-title">
        <span className="touch-pulse" aria-hidden="true">
          <Icon name="token" size={24} />
        </span>
        <h2 id="touch-title">Touch {labels}</h2>
        <p>
          The token waits for a touch to sign. Touch its contact (it blinks); if nothing happens, the signing stops on its own after a while.
        </p>
      </div>
    </div>
  );
}
