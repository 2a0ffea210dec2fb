import { useState, type FormEvent } from 'react';
import type { TokenInfo } from '../../../../shared/dto/tokens';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { SecretField } from '../../components/SecretField';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { DEFAULT_PIN_TEXT, offerDefaultPin, tokenName } from './token-text';
import { TokenWarnings } from './TokenWarnings';

interface PinDialogProps {
  tokenId: string;
  /** Why the PIN is asked now, e.g. "to make a root key on it". */
  reason?: string;
  onClose: () => void;
  /** Called with the token's fresh state once it is unlocked. */
  onUnlocked: (token: TokenInfo) => void;
}

/**
 * The token's PIN, asked when the token is first used after it is connected. The PIN lives in this dialog's state
 * only until the call returns, and goes to main once; the token stays unlocked while it stays connected.
 */
export function PinDialog({ tokenId, reason, onClose, onUnlocked }: PinDialogProps) {
  const token = useStore((s) => s.tokens.find((t) => t.id === tokenId) ?? null);
  const loginToken = useStore((s) => s.loginToken);
  const [pin, setPin] = useState('');
  const [useDefault, setUseDefault] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const title = token ? `Unlock ${token.label}` : 'Unlock the token';
  const defaultOffered = token ? offerDefaultPin(token) : false;
  const canSubmit = !!token && !token.flags.pinLocked && !busy && (useDefault ? defaultOffered : pin.length > 0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || !token) return;
    setBusy(true);
    setError(null);
    const typed = pin;
    // Out of the field before the call: the PIN is not kept, whatever the outcome.
    setPin('');
    const r = await loginToken(token.id, useDefault ? null : typed, useDefault);
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      setUseDefault(false);
      return;
    }
    onUnlocked(r.value);
  };

  return (
    <Modal
      title={title}
      description={
        token ? (
          <>
            Enter the PIN of {tokenName(token)}
            {reason ? ` ${reason}` : ''}. It goes to the token once and is stored nowhere; the token stays unlocked while it stays connected.
          </>
        ) : undefined
      }
      onClose={onClose}
      testId="pin-dialog"
    >
      {!token ? (
        <div className="callout callout-warn" role="alert">
          The token is not connected any more. Plug it in again, then unlock it from the Tokens screen.
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="pin-form">
          <TokenWarnings token={token} only={['locked', 'final-try', 'pin-count-low']} />
          {!token.flags.pinLocked && (
            <>
              <SecretField
                label="Token PIN"
                value={useDefault ? '' : pin}
                onChange={(v) => {
                  setPin(v);
                  if (v) setUseDefault(false);
                }}
                autoComplete="off"
                autoFocus
                hint={useDefault ? 'Not needed: the default PIN is tried instead.' : 'The PIN you set on this token (not the PUK or the security-officer PIN).'}
              />
              {defaultOffered && (
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={useDefault}
                    onChange={(e) => {
                      setUseDefault(e.target.checked);
                      if (e.target.checked) setPin('');
                    }}
                  />
                  <span>
                    Try the default PIN 123456
                    <span className="checkbox-why" data-testid="default-pin-why">
                      {DEFAULT_PIN_TEXT} If it works, the app warns you that a default PIN is set.
                    </span>
                  </span>
                </label>
              )}
            </>
          )}
          {error && <ErrorNote error={error} testId="pin-error" />}
          <div className="wizard-actions">
            <button type="button" className="button button-ghost" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={!canSubmit}>
              {busy ? 'Unlocking…' : 'Unlock'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
