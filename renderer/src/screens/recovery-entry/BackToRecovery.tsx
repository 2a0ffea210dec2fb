import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store';

/**
 * While the recovery wizard waits for something done on another screen (a backup restored, a token plugged in, the
 * vault unlocked, the notary server set): what to do here, and the way back to the same step. Shown above every
 * screen, so it is there wherever the person goes; it leaves when they go back or say they are done with it.
 */
export function BackToRecovery() {
  const { away, back, forget } = useStore(useShallow((s) => ({ away: s.recoveryAway, back: s.returnToRecovery, forget: s.clearRecoveryAway })));
  if (!away) return null;
  return (
    <section className="callout back-to-recovery" data-testid="back-to-recovery" aria-label="Recovery in progress">
      <p>
        <strong>Recovery of <span className="mono break">{away.gun}</span> is waiting</strong> at “{away.stepTitle}”. {away.todo}
      </p>
      <div className="button-row">
        <button type="button" className="button button-primary button-small" onClick={back}>
          Back to the recovery
        </button>
        <button type="button" className="button button-ghost button-small" onClick={forget}>
          Not now
        </button>
      </div>
    </section>
  );
}
