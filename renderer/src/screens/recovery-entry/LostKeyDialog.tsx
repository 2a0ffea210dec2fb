import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { selectedTrustDirId, useStore } from '../../store';
import type { UiError } from '../../store/types';
import { reposServedBy } from './repos-of-key';

/**
 * "Lost a key?", where the loss is noticed (the Keys and Backups screens, a key's detail): which repositories the key
 * served, each opening its recovery wizard on the repository's page; and the other ways back (a backup to restore).
 *
 * Names the e2e specs can rely on: dialog "Lost a key?" (data-testid="lost-key-dialog"); buttons "Recover <GUN>…"
 * (data-testid="recover-repo" data-gun=GUN); data-testid="lost-key-none"; button "Restore from a backup".
 */
export function LostKeyDialog({ keyId }: { keyId: string | null }) {
  const { dirId, key, close, startRecovery, showScreen, showBackupsTab } = useStore(
    useShallow((s) => ({
      dirId: selectedTrustDirId(s),
      key: keyId ? (s.keys.find((k) => k.id === keyId) ?? null) : null,
      close: s.closeDialog,
      startRecovery: s.startRecovery,
      showScreen: s.showScreen,
      showBackupsTab: s.showBackupsTab,
    })),
  );
  const [guns, setGuns] = useState<string[] | null>(null);
  const [error, setError] = useState<UiError | null>(null);

  useEffect(() => {
    if (!dirId) return;
    let live = true;
    void reposServedBy(dirId, key).then((r) => {
      if (!live) return;
      if (r.ok) setGuns(r.guns);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [dirId, key]);

  const restore = () => {
    close();
    showBackupsTab('restore');
    showScreen('backups');
  };

  return (
    <Modal
      title="Lost a key?"
      description={
        key ? (
          <>
            The {key.role ?? 'key'} key <span className="mono">{key.id.slice(0, 16)}…</span>
            {key.gun ? ` of ${key.gun}` : ''}: what to do if it is gone or may be in someone else’s hands.
          </>
        ) : (
          'If a key is gone, damaged, or may be in someone else’s hands: recover the repositories it signed for.'
        )
      }
      onClose={close}
      testId="lost-key-dialog"
    >
      <div className="lost-key">
        <section>
          <h3 className="detail-subtitle">If you have a backup</h3>
          <p className="action-why">A verified backup brings the key back as it was: nothing changes for the people who pull your images.</p>
          <button type="button" className="button button-secondary" onClick={restore}>
            Restore from a backup
          </button>
        </section>
        <section>
          <h3 className="detail-subtitle">Replace it in each repository</h3>
          <p className="action-why">
            The recovery wizard says, for each role, which keys you still have, what is lost and what to do, one step at a time.
          </p>
          {error && <ErrorNote error={error} />}
          {!error && guns === null && <p className="loading">Finding the repositories this key signs for…</p>}
          {guns !== null && guns.length === 0 && (
            <p className="muted" data-testid="lost-key-none">
              {key ? 'No repository cached in this trust folder uses this key.' : 'No repository is cached in this trust folder yet.'} Open the
              Repositories screen to check a repository against its server first.
            </p>
          )}
          {guns !== null && guns.length > 0 && (
            <ul className="lost-key-repos" role="list">
              {guns.map((gun) => (
                <li key={gun}>
                  <button type="button" className="button button-primary" data-testid="recover-repo" data-gun={gun} onClick={() => startRecovery(gun)}>
                    Recover {gun}…
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <div className="wizard-actions">
          <button type="button" className="button button-ghost" onClick={close}>
            Not now
          </button>
        </div>
      </div>
    </Modal>
  );
}
