import { useVaultNeeds } from './use-vault-needs';
import { useState } from 'react';
import type { SignerInfo } from '../../../../shared/dto/publish';
import { DestructiveActions, TypedConfirmation } from '../../components/DestructiveConfirm';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { PassphraseFields, passphraseProblem, passphrasesOf, type PassphraseValues } from './PassphraseFields';
import { LAST_SIGNER_WARNING, signerPassphrases } from './recovery-text';

/**
 * Removes a signer as `docker trust signer remove` did. Removing the last one asks for its name typed and says what
 * consumers that require signers will see.
 */
export function RemoveSignerDialog({
  gun,
  signer,
  last,
  snapshotLocal,
  onClose,
}: {
  gun: string;
  signer: SignerInfo;
  last: boolean;
  snapshotLocal: boolean;
  onClose: () => void;
}) {
  const removeSigner = useStore((s) => s.removeSigner);
  const [typed, setTyped] = useState('');
  const [values, setValues] = useState<PassphraseValues>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const needs = useVaultNeeds(gun, signerPassphrases(snapshotLocal));
  const problem = passphraseProblem(needs, values);
  const ready = !problem && (!last || typed === signer.name);

  const submit = async () => {
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    const passphrases = passphrasesOf(needs, values);
    setValues({});
    const r = await removeSigner(gun, signer.name, passphrases, last ? typed : undefined);
    setBusy(false);
    if (!r.ok) setError(r.error);
    else {
      useStore.getState().notify({ tone: 'success', title: `Removed signer ${signer.name}`, detail: r.value.warnings.join(' ') || undefined });
      onClose();
    }
  };

  return (
    <Modal
      title={`Remove signer ${signer.name}`}
      description={<>Its key no longer signs tags of <span className="mono break">{gun}</span>.</>}
      onClose={onClose}
      testId="remove-signer-dialog"
      wide
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="callout publish-changes" data-testid="publish-changes">
          <strong>What changes on the server:</strong> targets.json, signed by the targets key, drops <code>{signer.role}</code> and takes{' '}
          {signer.name}’s key out of <code>targets/releases</code>. Tags only {signer.name} signed are no longer trusted.
        </div>
        {last && (
          <div className="callout callout-warn" data-testid="last-signer-warning">
            <strong>Last signer.</strong> {LAST_SIGNER_WARNING}
          </div>
        )}
        <PassphraseFields needs={needs} values={values} onChange={setValues} />
        {last && <TypedConfirmation expected={signer.name} value={typed} onChange={setTyped} testId="remove-signer-confirmation" />}
        {error && <ErrorNote error={error} />}
        <DestructiveActions keepLabel="Keep the signer" onKeep={onClose} actLabel="Remove signer" busyLabel="Removing…" busy={busy} ready={ready} />
      </form>
    </Modal>
  );
}
