import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../components/ErrorNote';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';

/**
 * Signing in to the repository's registry (issue 14, point 6): main opens its own prompt for the user name and
 * password, so neither passes through this window; main keeps them in memory until the next lock. This panel only
 * learns the user name (the store lists the tags again as that user).
 */
export function RegistrySignIn({ dirId, gun, signedInAs, onSignedIn }: { dirId: string; gun: string; signedInAs: string | null; onSignedIn: () => void }) {
  const { registrySignIn, registrySignOut } = useStore(useShallow((s) => ({ registrySignIn: s.registrySignIn, registrySignOut: s.registrySignOut })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [mine, setMine] = useState<string | null>(null);

  const signIn = async () => {
    setBusy(true);
    setError(null);
    const r = await registrySignIn(dirId, gun);
    setBusy(false);
    if (!r.ok) setError(r.error);
    else {
      setMine(r.value.signedInAs);
      onSignedIn();
    }
  };
  const signOut = async () => {
    setError(null);
    const r = await registrySignOut(dirId, gun);
    if (!r.ok) setError(r.error);
    setMine(null);
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
