import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SavedPassphraseInfo } from '../../../../shared/dto/vault';
import { Badge } from '../../components/Badge';
import { ErrorNote } from '../../components/ErrorNote';
import { SecretField } from '../../components/SecretField';
import { selectedTrustDirId, useStore } from '../../store';
import type { UiError } from '../../store/types';
import { shortId } from '../keys/key-text';
import { dateTime } from './vault-text';

/** The keys whose passphrases the vault holds, and "save a key's passphrase". */
export function SavedPassphrases({ saved }: { saved: SavedPassphraseInfo[] }) {
  const forgetPassphrase = useStore((s) => s.forgetPassphrase);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  return (
    <div data-testid="vault-saved">
      {saved.length === 0 ? (
        <p className="muted" data-testid="vault-saved-empty">
          No passphrase is saved yet. Save the ones you type often: signing, exporting and checking backups then stop asking while the vault is
          unlocked.
        </p>
      ) : (
        <ul className="vault-list" role="list" aria-label="Saved passphrases">
          {saved.map((p) => (
            <li key={p.keyId} className="vault-list-item" data-testid="vault-saved-item" data-key-id={p.keyId}>
              <span className="vault-list-text">
                <span className="vault-list-main">
                  {p.role && <Badge tone={p.role === 'root' ? 'root' : p.role === 'targets' ? 'targets' : 'neutral'}>{p.role}</Badge>}
                  <span className="mono" title={p.keyId}>
                    {shortId(p.keyId)}
                  </span>
                  {p.gun && <span className="muted">{p.gun}</span>}
                </span>
                <span className="muted vault-list-when">saved {dateTime(p.savedAt)}</span>
              </span>
              <button
                type="button"
                className="button button-ghost button-small"
                aria-label={`Forget the passphrase of ${shortId(p.keyId)}`}
                onClick={() => void forgetPassphrase(p.keyId).then(setError)}
              >
                Forget
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <ErrorNote error={error} />}
      {adding ? (
        <SavePassphraseForm saved={saved} onDone={() => setAdding(false)} />
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
          Save a key’s passphrase…
        </button>
      )}
    </div>
  );
}

/** Pick a key of the current trust folder, type its passphrase: main checks that it opens the key before saving it. */
function SavePassphraseForm({ saved, onDone }: { saved: SavedPassphraseInfo[]; onDone: () => void }) {
  const { keys, trustDirId, savePassphrase, notify } = useStore(
    useShallow((s) => ({ keys: s.keys, trustDirId: selectedTrustDirId(s), savePassphrase: s.savePassphrase, notify: s.notify })),
  );
  const candidates = useMemo(() => {
    const have = new Set(saved.map((p) => p.keyId));
    return keys.filter((k) => k.location === 'file' && k.status === 'ok' && k.encrypted && !have.has(k.id));
  }, [keys, saved]);
  const [keyId, setKeyId] = useState(candidates[0]?.id ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const cancel = () => {
    setPassphrase('');
    onDone();
  };
  const submit = async () => {
    if (!trustDirId || !keyId || passphrase.length === 0 || busy) return;
    const value = passphrase;
    setPassphrase('');
    setBusy(true);
    const e = await savePassphrase(trustDirId, keyId, value);
    setBusy(false);
    setError(e);
    if (!e) {
      notify({ tone: 'success', title: 'Passphrase saved in the vault', detail: keyId });
      onDone();
    }
  };

  if (!trustDirId || candidates.length === 0) {
    return (
      <div className="callout" data-testid="vault-save-none">
        {trustDirId ? 'Every encrypted key of this trust folder already has its passphrase saved.' : 'Choose a trust folder first.'}{' '}
        <button type="button" className="button button-ghost button-small" onClick={onDone}>
          Close
        </button>
      </div>
    );
  }
  return (
    <form
      className="vault-inline-form"
      data-testid="vault-save-passphrase"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor="save-key">Key</label>
        <select id="save-key" value={keyId} onChange={(e) => setKeyId(e.target.value)}>
          {candidates.map((k) => (
            <option key={k.id} value={k.id}>
              {k.role ?? 'no role'}
              {k.gun ? ` · ${k.gun}` : ''} · {shortId(k.id)}
            </option>
          ))}
        </select>
      </div>
      <SecretField
        label="Passphrase of this key"
        value={passphrase}
        onChange={setPassphrase}
        autoComplete="off"
        autoFocus
        hint="The vault first checks that it opens the key, then keeps it encrypted with the vault key."
      />
      {error && <ErrorNote error={error} />}
      <div className="wizard-actions">
        <button type="button" className="button button-ghost" onClick={cancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy || passphrase.length === 0}>
          {busy ? 'Checking…' : 'Save in the vault'}
        </button>
      </div>
    </form>
  );
}
