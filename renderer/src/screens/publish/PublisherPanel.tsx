import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SignerInfo, SignerKeyChoice } from '../../../../shared/dto/publish';
import type { RepoDetail } from '../../../../shared/dto/repos';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { useStore } from '../../store';
import type { RotatableRole, UiError } from '../../store/types';
import { AddSignerDialog } from './AddSignerDialog';
import { RecoveryWizard } from './RecoveryWizard';
import { RemoveSignerDialog } from './RemoveSignerDialog';
import { RotateKeyDialog } from './RotateKeyDialog';
import { SignersList } from './SignersList';

const ROTATABLE: { role: RotatableRole; why: string }[] = [
  { role: 'targets', why: 'signs the tags' },
  { role: 'snapshot', why: 'ties the files together' },
  { role: 'timestamp', why: 'held by the server' },
  { role: 'root', why: 'vouches for all the others' },
];

/**
 * The publisher's side of a repository (issue 6): its signers, key rotation, and recovery after a lost key, all on
 * the notary server remembered for it (set in “Check against the server”; `server` is the last one checked there).
 */
export function PublisherPanel({ dirId, gun, detail, server = null }: { dirId: string; gun: string; detail: RepoDetail; server?: string | null }) {
  const { signers, state, error, loadSigners, chooseSignerKey } = useStore(
    useShallow((s) => ({
      signers: s.signersGun === gun ? s.signers : [],
      state: s.signersGun === gun ? s.signersState : 'idle',
      error: s.signersGun === gun ? s.signersError : null,
      loadSigners: s.loadSigners,
      chooseSignerKey: s.chooseSignerKey,
    })),
  );
  const [adding, setAdding] = useState<SignerKeyChoice | null>(null);
  const [removing, setRemoving] = useState<SignerInfo | null>(null);
  const [rotating, setRotating] = useState<RotatableRole | null>(null);
  const [recovering, setRecovering] = useState(false);
  // "Lost a key?" from the Keys or Backups screen or a key's detail lands here with the wizard open.
  const recoveryRequested = useStore((s) => s.pendingRecoveryGun === gun);
  const clearPendingRecovery = useStore((s) => s.clearPendingRecovery);
  useEffect(() => {
    if (!recoveryRequested) return;
    setRecovering(true);
    clearPendingRecovery();
  }, [recoveryRequested, clearPendingRecovery]);
  const [chooseError, setChooseError] = useState<UiError | null>(null);
  const snapshotLocal = detail.heldKeys.some((k) => k.role === 'snapshot');

  // Read again when a server check named (and so remembered) the server.
  useEffect(() => {
    void loadSigners(gun);
  }, [dirId, gun, server, loadSigners]);

  const add = async () => {
    setChooseError(null);
    const r = await chooseSignerKey();
    if (!r.ok) setChooseError(r.error);
    else if (r.value) setAdding(r.value);
  };

  return (
    <section className="repo-section publisher" aria-labelledby="publisher-title" data-testid="publisher">
      <h3 id="publisher-title" className="repo-section-title">
        <Icon name="key" /> Publisher
      </h3>
      <p className="muted repo-section-why">
        Changes this repository on its notary server (the one set under “Check against the server”): who may sign, which keys sign, and recovery after a lost key.
        Each change is checked here before it is sent, and your key files change only after the server accepted it.
      </p>

      <div className="publisher-block" data-testid="signers-block">
        <div className="publisher-block-head">
          <h4>Signers</h4>
          <button type="button" className="button button-secondary button-small" onClick={() => void add()}>
            <Icon name="plus" size={14} /> Add a signer…
          </button>
        </div>
        <p className="muted">As <code>docker trust signer</code> did: each signer’s key is in targets/releases and in targets/&lt;name&gt;.</p>
        {chooseError && <ErrorNote error={chooseError} />}
        {state === 'loading' && signers.length === 0 && <p className="loading">Reading the signers from the server…</p>}
        {error && (
          <div className="screen-error">
            <ErrorNote error={error} />
            <button type="button" className="button button-secondary" onClick={() => void loadSigners(gun)}>
              Try again
            </button>
          </div>
        )}
        {state === 'ready' && <SignersList signers={signers} onRemove={setRemoving} />}
      </div>

      <div className="publisher-block">
        <h4>Rotate a key</h4>
        <p className="muted">A new key for a role, signed in by the root key. Each shows what it changes on the server before anything is sent.</p>
        <div className="button-row">
          {ROTATABLE.map((r) => (
            <button key={r.role} type="button" className="button button-secondary button-small" onClick={() => setRotating(r.role)} title={`The ${r.role} key ${r.why}`}>
              Rotate {r.role}…
            </button>
          ))}
        </div>
      </div>

      <div className="publisher-block publisher-recover">
        <h4>Lost a key?</h4>
        <p className="muted">Finds which keys you still have for each role, says what is lost, and walks you through replacing it.</p>
        <button type="button" className="button button-primary" onClick={() => setRecovering(true)}>
          <Icon name="shield" size={14} /> Recover after a lost key…
        </button>
      </div>

      {adding && <AddSignerDialog gun={gun} choice={adding} snapshotLocal={snapshotLocal} onClose={() => setAdding(null)} />}
      {removing && (
        <RemoveSignerDialog gun={gun} signer={removing} last={signers.length === 1} snapshotLocal={snapshotLocal} onClose={() => setRemoving(null)} />
      )}
      {rotating && <RotateKeyDialog gun={gun} role={rotating} snapshotLocal={snapshotLocal} onClose={() => setRotating(null)} />}
      {recovering && <RecoveryWizard dirId={dirId} gun={gun} snapshotLocal={snapshotLocal} onClose={() => setRecovering(false)} />}
    </section>
  );
}
