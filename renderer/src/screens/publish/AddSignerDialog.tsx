import { useVaultNeeds } from './use-vault-needs';
import { useState } from 'react';
import type { SignerKeyChoice } from '../../../../shared/dto/publish';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { WizardActions } from '../../components/WizardStep';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { PassphraseFields, passphraseProblem, passphrasesOf, type PassphraseValues } from './PassphraseFields';
import { signerNameError, signerNameFromFile, signerPassphrases } from './recovery-text';

/**
 * Adds a signer as `docker trust signer add` did: the public key main read from the chosen file goes into
 * targets/releases and targets/<name>. The targets key signs the change; its passphrase is cleared after the call.
 */
export function AddSignerDialog({ gun, choice, snapshotLocal, onClose }: { gun: string; choice: SignerKeyChoice; snapshotLocal: boolean; onClose: () => void }) {
  const addSigner = useStore((s) => s.addSigner);
  const [name, setName] = useState(() => signerNameFromFile(choice.name));
  const [values, setValues] = useState<PassphraseValues>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const needs = useVaultNeeds(gun, signerPassphrases(snapshotLocal));
  const nameError = signerNameError(name);
  const problem = passphraseProblem(needs, values);

  const submit = async () => {
    if (busy || nameError || name === '' || problem) return;
    setBusy(true);
    setError(null);
    const passphrases = passphrasesOf(needs, values);
    setValues({});
    const r = await addSigner(gun, name, choice.selectionId, passphrases);
    setBusy(false);
    if (!r.ok) setError(r.error);
    else {
      useStore.getState().notify({ tone: 'success', title: `Added signer ${name}`, detail: `Listed in targets/${name} and targets/releases.` });
      onClose();
    }
  };

  return (
    <Modal title="Add a signer" description={<>Lets the holder of this key sign tags of <span className="mono break">{gun}</span>.</>} onClose={onClose} testId="add-signer-dialog" wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <dl className="publish-facts">
          <dt>Public key file</dt>
          <dd className="mono break">{choice.name}</dd>
          <dt>Key ID</dt>
          <dd className="mono break" data-testid="signer-choice-key-id">
            {choice.keyId}
          </dd>
          <dt>Type</dt>
          <dd>{choice.keyType}</dd>
        </dl>
        <TextField label="Signer name" value={name} onChange={(v) => setName(v.trim())} hint="The person or system this key belongs to, as docker names signers." error={nameError} prefix="targets/" />
        <div className="callout publish-changes" data-testid="publish-changes">
          <strong>What changes on the server:</strong> targets.json, signed by the targets key, lists this key in <code>targets/releases</code> and in{' '}
          <code>targets/{name || '<name>'}</code>; tags it signs from then on count as the repository’s releases.
        </div>
        <PassphraseFields needs={needs} values={values} onChange={setValues} />
        {error && <ErrorNote error={error} />}
        <WizardActions onBack={onClose} backLabel="Cancel" submitLabel={busy ? 'Adding the signer…' : 'Add signer'} submitDisabled={!!nameError || name === '' || !!problem} busy={busy} />
      </form>
    </Modal>
  );
}
