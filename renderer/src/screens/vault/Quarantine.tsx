import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { UiError } from '../../store/types';
import { ErrorNote } from '../../components/ErrorNote';
import { useStore } from '../../store';
import { shortId } from '../keys/key-text';
import { dateTime } from './vault-text';

/**
 * Key files a locked vault moved aside instead of deleting (issue 12, point 2). While locked, the vault file's index
 * is not yet proven to be the vault's own, so when a key's time online ends it is moved here, never deleted; an
 * unlock drops the copies the vault holds byte for byte, and anything else waits here to be put back.
 */
export function Quarantine() {
  const { items, load, restore } = useStore(useShallow((s) => ({ items: s.quarantine, load: s.loadQuarantine, restore: s.restoreQuarantined })));
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  if (!items || items.length === 0) return null;

  const putBack = async (name: string) => {
    setBusy(name);
    setError(await restore(name));
    setBusy(null);
  };

  return (
    <section className="vault-card vault-quarantine" aria-labelledby="vault-quarantine-title" data-testid="vault-quarantine">
      <h2 id="vault-quarantine-title" className="vault-card-title">
        Quarantine
      </h2>
      <p className="muted">
        While the vault was locked, these key files had to leave the trust folder. A locked vault cannot prove its list of keys is its own, so it moved
        them here rather than delete them. Unlocking removes the ones the vault holds exactly; put back any you still need.
      </p>
      {error && <ErrorNote error={error} />}
      <ul className="vault-list" role="list" aria-label="Quarantined key files">
        {items.map((q) => (
          <li key={q.name} className="vault-list-item" data-testid="vault-quarantine-item" data-key-id={q.keyId}>
            <span className="vault-list-text">
              <span className="vault-list-main">
                <span className="mono" title={q.keyId}>
                  {shortId(q.keyId)}
                </span>
                <span className="muted">{q.reason ?? 'moved aside'}</span>
              </span>
              <span className="muted vault-list-when" title={q.from ?? undefined}>
                {q.movedAt ? `moved ${dateTime(q.movedAt)}` : 'moved'} from <span className="mono break">{q.from ?? 'an unknown place'}</span>
              </span>
            </span>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy !== null || q.restoreTo === null}
              title={q.restoreTo ? `Writes ${q.restoreTo} (never over an existing file)` : 'Its trust folder is not one the app knows: add it first'}
              onClick={() => void putBack(q.name)}
            >
              {busy === q.name ? 'Putting back…' : 'Put back'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
