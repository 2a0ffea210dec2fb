import { useEffect, useState } from 'react';
import type { TagInventoryDto, TagPutBackOutcome } from '../../../../shared/dto/tags';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../components/ErrorNote';
import { SecretField } from '../../components/SecretField';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { formatDateTime } from '../../components/datetime';

const short = (digest: string) => `${digest.slice(0, 19)}…`;

/**
 * The recovery wizard's "Sign the tags again" step done in the app (issue 14, point 5): main kept the verified
 * tag→digest inventory when the plan was made, before anything was deleted; "Put the tags back" signs it again under
 * the new keys once the registry confirms each digest. Tags the registry no longer serves are listed, never signed.
 * The renderer sends only passphrases: which digests get signed is main's verified copy, not anything shown here.
 */
export function PutTagsBack({ dirId, gun, possible }: { dirId: string; gun: string; possible: boolean }) {
  const { loadTagInventory, putTagsBack } = useStore(useShallow((s) => ({ loadTagInventory: s.loadTagInventory, putTagsBack: s.putTagsBack })));
  const [inventory, setInventory] = useState<TagInventoryDto | null>(null);
  const [outcome, setOutcome] = useState<TagPutBackOutcome | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [targetsPass, setTargetsPass] = useState('');
  const [snapshotPass, setSnapshotPass] = useState('');

  useEffect(() => {
    let live = true;
    void loadTagInventory(dirId, gun).then((r) => {
      if (!live) return;
      if (r.ok) setInventory(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [loadTagInventory, dirId, gun]);

  const putBack = async () => {
    const passphrases = { targets: targetsPass, snapshot: snapshotPass };
    setTargetsPass('');
    setSnapshotPass('');
    setBusy(true);
    setError(null);
    const r = await putTagsBack(dirId, gun, passphrases);
    setBusy(false);
    if (r.ok) setOutcome(r.value);
    else setError(r.error);
  };

  if (!inventory) return error ? <ErrorNote error={error} /> : <p className="loading">Reading the tags kept before the recovery…</p>;
  if (inventory.tags.length === 0) {
    return <p className="muted" data-testid="put-back-none">No verified tags of this repository were kept before the recovery: sign them on the repository’s page.</p>;
  }
  return (
    <div className="put-tags-back" data-testid="put-tags-back">
      <p className="muted">
        Kept {formatDateTime(inventory.takenAt, '')} from the verified trust data ({inventory.from === 'cache' ? 'the cached copy' : <code className="break">{inventory.from}</code>}):
      </p>
      <table className="tag-table" data-testid="put-back-inventory">
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">Digest</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          {inventory.tags.map((t) => (
            <tr key={t.tag}>
              <td className="mono">{t.tag}</td>
              <td>
                <code title={t.digest}>{short(t.digest)}</code>
              </td>
              <td>{t.size} bytes</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!outcome && possible && (
        <>
          <div className="tag-passphrases">
            <SecretField label="Passphrase of the new targets key" value={targetsPass} onChange={setTargetsPass} autoComplete="off" />
            <SecretField label="Passphrase of the snapshot key (if it is kept here)" value={snapshotPass} onChange={setSnapshotPass} autoComplete="off" />
            <p className="muted">Passphrases the unlocked vault holds are filled in: leave those fields empty.</p>
          </div>
          <div className="wizard-actions">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void putBack()} data-testid="put-tags-back-button">
              {busy ? 'Putting the tags back…' : 'Put the tags back'}
            </button>
          </div>
        </>
      )}
      {error && <ErrorNote error={error} />}
      {outcome && (
        <div className="callout callout-success" role="status" data-testid="put-back-result" data-signed={outcome.signed.map((t) => t.tag).join(' ')} data-unresolved={outcome.unresolved.map((t) => t.tag).join(' ')}>
          <strong>
            {outcome.signed.length === 0 ? 'Nothing signed' : `Signed again as ${outcome.role}: ${outcome.signed.map((t) => t.tag).join(', ')}`}
          </strong>
          {outcome.already.length > 0 && <div className="callout-detail">Already signed with the same digest: {outcome.already.map((t) => t.tag).join(', ')}.</div>}
          {outcome.unresolved.length > 0 && (
            <div className="callout-detail" data-testid="put-back-unresolved">
              Not signed, the registry no longer serves them:
              <ul role="list">
                {outcome.unresolved.map((t) => (
                  <li key={t.tag}>
                    <span className="mono">{t.tag}</span> ({short(t.digest)}): {t.why}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
