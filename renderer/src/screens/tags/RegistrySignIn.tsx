import { useState } from 'react';
import { vault } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import type { UiError } from '../../store/types';

/**
 * Signing in to the repository's registry (issue 14, point 6): main opens its own prompt for the user name and
 * password, so neither passes through this window; main keeps them in memory until the vault locks. This panel only
 * learns the user name.
 */
export function RegistrySignIn({ gun, signedInAs, onChange }: { gun: string; signedInAs: string | null; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [mine, setMine] = useState<string | null>(null);

  const signIn = async () => {
    setBusy(true);
    setError(null);
    const r = await vault.tags.signIn({ gun });
    setBusy(false);
    if (!r.ok) setError({ code: r.code, message: r.message });
    else {
      setMine(r.value.signedInAs);
      onChange();
    }
  };
  const signOut = async () => {
    setError(null);
    const r = await vault.tags.signOut({ gun });
    if (!r.ok) setError({ code: r.code, message: r.message });
    setMine(null);
    onChange();
  };

  const who = signedInAs ?? null;
  return (
    <div className="registry-sign-in" data-testid="registry-sign-in">
      <div className="button-row">
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void signIn()}>
          {busy ? 'Waiting for the sign-in window…' : who ? 'Sign in as someone else…' : 'Sign in to the registry…'}
        </button>
        {mine && (
          <button type="button" className="button button-ghost" onClick={() => void signOut()}>
            Sign out
          </button>
        )}
      </div>
      {error && <ErrorNote error={error} testId="registry-sign-in-error" />}
    </div>
  );
}
