import { useCallback, useEffect, useState } from 'react';
import type { LeftoverInfo, LeftoverOutcome } from '../../../../../shared/dto/leftovers';
import type { Result } from '../../../../../shared/result';
import { vault } from '../../../api';
import { ErrorNote } from '../../../components/ErrorNote';
import { Icon } from '../../../components/Icon';
import { selectedTrustDirId, useStore } from '../../../store';
import type { UiError } from '../../../store/types';
import { keyWords, plainWords, shortId, whenWords } from './leftover-text';
import { RemoveLeftoversDialog } from './RemoveLeftoversDialog';

/**
 * Issue 13, point 3: files interrupted writes left in the trust folder's private/ and the app's data folder, with
 * what can be done about each. One holding the only copy of a key comes first, marked, with "Put this key in place"
 * (safe: it never overwrites a file) before "Remove…". Read from core whenever the key list is read again (the screen
 * opening, a refresh, any key action), and after acting the key list is read again, so both stay current.
 * Leftovers are named by the opaque IDs core gave; the renderer never sees a path.
 *
 * Test names: region "Leftovers of interrupted writes" (data-testid="leftovers"); items data-testid="leftover"
 * data-only-copy=true|false data-key-id=ID; buttons "Put this key in place", "Remove…", "Remove all N unfinished copies…";
 * the dialog data-testid="remove-leftovers-dialog" (checkbox "I understand this key will be lost", textbox
 * data-testid="remove-leftover-confirmation", buttons "Keep it"/"Keep them" and "Remove"/"Remove N files").
 */
export function LeftoversPanel() {
  const dirId = useStore(selectedTrustDirId);
  const keys = useStore((s) => s.keys);
  const loadKeys = useStore((s) => s.loadKeys);
  const selectKey = useStore((s) => s.selectKey);
  const notify = useStore((s) => s.notify);
  const [items, setItems] = useState<LeftoverInfo[]>([]);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<LeftoverInfo[] | null>(null);

  const refresh = useCallback(async () => {
    if (!dirId) return setItems([]);
    const r = await vault.leftovers.list({ trustDirId: dirId });
    if (r.ok) setItems(r.value);
  }, [dirId]);

  // `keys` changes identity on every listing: the leftovers are read again with it.
  useEffect(() => {
    let live = true;
    if (!dirId) setItems([]);
    else
      void vault.leftovers.list({ trustDirId: dirId }).then((r) => {
        if (live && r.ok) setItems(r.value);
      });
    return () => {
      live = false;
    };
  }, [dirId, keys]);

  /** Takes an outcome: the list core answered, then the keys (and with them the leftovers) read again. */
  const settle = async (r: Result<LeftoverOutcome>): Promise<UiError | null> => {
    if (!r.ok) {
      // A stale ID (the file changed or went since it was listed): show what is there now.
      if (r.code === 'NOT_FOUND') await refresh();
      return { code: r.code, message: r.message };
    }
    setItems(r.value.leftovers);
    await loadKeys();
    return null;
  };

  if (!dirId || (items.length === 0 && !error)) return null;

  const promote = async (l: LeftoverInfo) => {
    if (!dirId || busy) return;
    setBusy(true);
    const e = await settle(await vault.leftovers.promote({ trustDirId: dirId, id: l.id }));
    setBusy(false);
    setError(e);
    if (!e && l.onlyCopyOf) {
      notify({ tone: 'success', title: 'Key put in place', detail: `${l.onlyCopyOf.keyId} is back in the trust folder.` });
      selectKey(l.onlyCopyOf.keyId);
    }
  };

  const remove = async (insist: boolean): Promise<UiError | null> => {
    if (!dirId || !removing) return null;
    const e = await settle(await vault.leftovers.remove({ trustDirId: dirId, ids: removing.map((l) => l.id), insist }));
    if (!e) {
      notify({ tone: 'success', title: removing.length === 1 ? 'Leftover removed' : `${removing.length} leftovers removed` });
      setRemoving(null);
      setError(null);
    }
    return e;
  };

  const keyHolders = items.filter((l) => l.onlyCopyOf);
  const plain = items.filter((l) => !l.onlyCopyOf);
  return (
    <section className={`callout ${keyHolders.length > 0 ? 'callout-error' : 'callout-warn'} leftovers`} aria-label="Leftovers of interrupted writes" data-testid="leftovers">
      <div className="leftovers-head">
        <Icon name="warning" size={18} />
        <div>
          <strong>Files left by interrupted writes</strong>
          <p className="callout-detail">
            A write that was cut off (the app or the computer stopped midway) left {items.length === 1 ? 'this file' : 'these files'}.
            {keyHolders.length > 0 ? ' Put a key whose file is missing back in place; remove what is not needed.' : ' None holds a key you would lose; they can be removed.'}
          </p>
        </div>
      </div>
      <ul className="leftover-list">
        {[...keyHolders, ...plain].map((l) => (
          <li key={l.id} className="leftover" data-testid="leftover" data-only-copy={l.onlyCopyOf ? 'true' : 'false'} data-key-id={l.onlyCopyOf?.keyId}>
            <div className="leftover-text">
              {l.onlyCopyOf ? (
                <>
                  <span className="badge badge-danger">Only copy of a key</span>{' '}
                  <span>
                    The {keyWords(l.onlyCopyOf)} <span className="mono">{shortId(l.onlyCopyOf.keyId)}…</span> has no key file: this leftover,
                    written {whenWords(l.modifiedAt)}, is its only copy.
                  </span>
                </>
              ) : (
                <span>{plainWords(l)}</span>
              )}
            </div>
            <div className="button-row">
              {l.onlyCopyOf && (
                <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => void promote(l)}>
                  Put this key in place
                </button>
              )}
              <button type="button" className="button button-danger-outline button-small" disabled={busy} onClick={() => setRemoving([l])} aria-label={`Remove… ${l.onlyCopyOf ? `the only copy of key ${shortId(l.onlyCopyOf.keyId)}` : l.target}`}>
                Remove…
              </button>
            </div>
          </li>
        ))}
      </ul>
      {plain.length > 1 && (
        <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => setRemoving(plain)}>
          Remove all {plain.length} unfinished copies…
        </button>
      )}
      {error && <ErrorNote error={error} />}
      {removing && <RemoveLeftoversDialog items={removing} onRemove={remove} onClose={() => setRemoving(null)} />}
    </section>
  );
}
