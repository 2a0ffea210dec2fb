import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../components/ErrorNote';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { formatDate, shortId } from './repo-text';

/**
 * "Forgotten trust data": repositories whose cached trust data was moved into the app's data folder, each with
 * Restore. Rows: data-testid="forgotten-row" data-gun=GUN, with a button "Restore <gun>".
 */
export function ForgottenList() {
  const { forgotten, restore } = useStore(useShallow((s) => ({ forgotten: s.forgotten, restore: s.restoreForgotten })));
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; error: UiError } | null>(null);
  if (forgotten.length === 0) return null;

  const onRestore = async (id: string) => {
    setBusy(id);
    setError(null);
    const err = await restore(id);
    setBusy(null);
    if (err) setError({ id, error: err });
  };

  return (
    <section className="forgotten" aria-labelledby="forgotten-title" data-testid="forgotten-list">
      <h2 id="forgotten-title">Forgotten trust data</h2>
      <p className="muted">
        Trust data you chose to forget, kept in the app’s data folder. Restore puts it back in the trust folder, unless the repository has been
        pulled again since.
      </p>
      <ul role="list">
        {forgotten.map((f) => (
          <li key={f.id} className="forgotten-row" data-testid="forgotten-row" data-gun={f.gun}>
            <span className="forgotten-main">
              <span className="mono break">{f.gun}</span>
              <span className="forgotten-sub">
                Forgotten {formatDate(f.forgottenAt)}
                {f.pinnedRootKeys.length > 0 && (
                  <>
                    {' · '}pinned root key <code title={f.pinnedRootKeys.map((k) => k.id).join('\n')}>{f.pinnedRootKeys.map((k) => shortId(k.id)).join(', ')}</code>
                  </>
                )}
              </span>
              {error?.id === f.id && <ErrorNote error={error.error} />}
            </span>
            <button type="button" className="button button-secondary" aria-label={`Restore ${f.gun}`} disabled={busy !== null} onClick={() => void onRestore(f.id)}>
              {busy === f.id ? 'Restoring…' : 'Restore'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
