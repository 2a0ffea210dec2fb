import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PinnedRootInfo, RepoServerCheck } from '../../../../shared/dto/repos';
import { vault } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { DestructiveActions, TypedConfirmation } from '../../components/DestructiveConfirm';

/** How the key ID the user pasted from the publisher's notice compares with the root the cache pins. */
function compareRoot(pasted: string, pinned: PinnedRootInfo | null): { tone: 'same' | 'differs' | 'invalid' | 'empty'; text: string } {
  const id = pasted.trim().toLowerCase();
  if (id === '') return { tone: 'empty', text: 'Optional. Paste it to check that it really is a different root key.' };
  if (!/^[0-9a-f]{7,64}$/.test(id)) return { tone: 'invalid', text: 'A key ID is a string of hexadecimal characters (0-9, a-f).' };
  if (!pinned || pinned.keys.length === 0) return { tone: 'differs', text: 'The pinned root key could not be read, so the two cannot be compared.' };
  const same = pinned.keys.some((k) => k.id.startsWith(id) || (k.canonicalId ?? '').startsWith(id));
  return same
    ? {
        tone: 'same',
        text: 'This is the root key already pinned here: the publisher did not change its root. Forgetting will not fix the problem; ask the publisher what happened.',
      }
    : {
        tone: 'differs',
        text: 'This differs from the pinned root key, as expected when the publisher started over. After forgetting, the next pull trusts the new root.',
      };
}

/**
 * Consumer reset (issue 3, point 5): explains when to forget a repository's trust data, shows the pinned root key
 * beside the one from the publisher's notice, says what goes where, and asks for the GUN typed as confirmation.
 */
export function ForgetRepoDialog({ gun, serverCheck = null, onClose }: { gun: string; serverCheck?: RepoServerCheck | null; onClose: () => void }) {
  const { dirId, forgetRepo } = useStore(
    useShallow((s) => ({ dirId: s.trustDirs.find((d) => d.selected)?.id ?? null, forgetRepo: s.forgetRepo })),
  );
  const [pinned, setPinned] = useState<PinnedRootInfo | null>(null);
  const [pinnedError, setPinnedError] = useState<UiError | null>(null);
  const [newRoot, setNewRoot] = useState('');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!dirId) return;
    let live = true;
    void vault.repos.pinnedRoot({ trustDirId: dirId, gun }).then((r) => {
      if (!live) return;
      if (r.ok) setPinned(r.value);
      else setPinnedError({ code: r.code, message: r.message });
    });
    return () => {
      live = false;
    };
  }, [dirId, gun]);

  const compared = compareRoot(newRoot, pinned);
  const ready = typed === gun && !busy;

  const forget = async () => {
    if (!ready) return;
    setBusy(true);
    const err = await forgetRepo(gun, typed);
    setBusy(false);
    if (err) setError(err);
    else onClose();
  };

  return (
    <Modal
      title="Forget this repository’s trust data"
      description={
        <>
          Takes the cached trust data of <span className="mono break">{gun}</span> out of the trust folder, so that the next pull accepts the
          publisher’s new root.
        </>
      }
      onClose={onClose}
      testId="forget-dialog"
      wide
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void forget();
        }}
      >
        <div className="callout forget-when">
          <strong>When to do this:</strong> only when the publisher of this repository lost its root key and started over with a new one, and you
          received a notice from them saying so, with the new root key ID. Otherwise the error you see may be someone tampering with the trust
          data: forgetting it would throw away the very thing that caught it.
        </div>

        <div className="forget-compare">
          <div className="forget-pinned" data-testid="pinned-root">
            <h3>Root key pinned here</h3>
            {!pinned && !pinnedError && <p className="muted">Reading the cached root…</p>}
            {pinnedError && <ErrorNote error={pinnedError} />}
            {pinned && pinned.keys.length === 0 && <p className="muted">No root key could be read{pinned.error ? `: ${pinned.error}` : ''}.</p>}
            {pinned && pinned.keys.length > 0 && (
              <ul role="list" className="forget-keys">
                {pinned.keys.map((k) => (
                  <li key={k.id}>
                    <code className="break" data-testid="pinned-root-id">
                      {k.id}
                    </code>
                    {k.canonicalId && k.canonicalId !== k.id && (
                      <span className="forget-canonical muted break">
                        key ID in <code>notary key list</code>: <code>{k.canonicalId}</code>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {pinned?.version !== null && pinned?.version !== undefined && <p className="forget-version muted">Root version {pinned.version}</p>}
          </div>
          <div className="forget-new">
            {serverCheck && (
              <div className="forget-server" data-testid="server-root">
                <h3>Root key on the server</h3>
                {serverCheck.serverRootKeyIds.length === 0 ? (
                  <p className="muted">The server’s root could not be read at the last check ({serverCheck.server}).</p>
                ) : (
                  <ul role="list" className="forget-keys">
                    {serverCheck.serverRootKeyIds.map((id) => (
                      <li key={id}>
                        <code className="break" data-testid="server-root-key-id" data-same={pinned?.keys.some((k) => k.id === id) ? 'true' : 'false'}>
                          {id}
                        </code>
                      </li>
                    ))}
                  </ul>
                )}
                <p className="forget-version muted">
                  From {serverCheck.server}
                  {pinned && serverCheck.serverRootKeyIds.length > 0 && serverCheck.serverRootKeyIds.every((id) => pinned.keys.some((k) => k.id === id))
                    ? ': the same root as pinned here.'
                    : ''}
                </p>
              </div>
            )}
            <div className={serverCheck ? 'forget-server-ids' : undefined}>
            <TextField
              label="New root key ID from the publisher’s notice"
              value={newRoot}
              onChange={setNewRoot}
              placeholder="Paste the root key ID"
              hint={<span data-testid="root-compare" data-state={compared.tone}>{compared.text}</span>}
              error={compared.tone === 'invalid' ? compared.text : null}
            />
            </div>
          </div>
        </div>
        {compared.tone === 'same' && (
          <div className="callout callout-error" data-testid="root-same">
            The key you pasted is the one already pinned. Forgetting is meant for a new root; check the notice again.
          </div>
        )}

        <div className="callout callout-warn" data-testid="forget-consequence">
          <strong>What will be lost from the trust folder:</strong> the pinned root and every cached role of this repository (
          <code className="break">tuf/{gun}</code>). Until the next pull, the vault shows nothing for it, and that pull trusts whichever root the
          server presents. Nothing is deleted: the data is moved into the app’s data folder and can be put back with Restore under “Forgotten trust
          data” on the Repositories screen.
        </div>

        <TypedConfirmation expected={gun} value={typed} onChange={setTyped} testId="forget-confirmation" />
        {error && <ErrorNote error={error} />}
        <DestructiveActions
          keepLabel="Keep the trust data"
          onKeep={onClose}
          actLabel="Forget trust data"
          busyLabel="Forgetting…"
          busy={busy}
          ready={ready}
        />
      </form>
    </Modal>
  );
}
