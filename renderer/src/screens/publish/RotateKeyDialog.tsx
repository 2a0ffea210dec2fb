import { useVaultNeeds } from './use-vault-needs';
import { useState } from 'react';
import type { PublishResult } from '../../../../shared/dto/publish';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { WizardActions } from '../../components/WizardStep';
import { useStore } from '../../store';
import type { RotatableRole, UiError } from '../../store/types';
import { saveWrittenKeys, useVaultChoice } from '../passphrase/use-vault-choice';
import { PassphraseFields, passphraseProblem, passphrasesOf, vaultRolesOf, type PassphraseValues } from './PassphraseFields';
import { PublishOutcome } from './PublishOutcome';
import { rotationChanges, rotationPassphrases } from './recovery-text';

/** Rotates one role's key on the server (`notary key rotate`), saying first what it changes there. */
export function RotateKeyDialog({ gun, role, snapshotLocal, onClose }: { gun: string; role: RotatableRole; snapshotLocal: boolean; onClose: () => void }) {
  const rotateKey = useStore((s) => s.rotateKey);
  const [serverManaged, setServerManaged] = useState(role === 'snapshot' && !snapshotLocal);
  const [values, setValues] = useState<PassphraseValues>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [result, setResult] = useState<PublishResult | null>(null);
  const needs = useVaultNeeds(gun, rotationPassphrases(role, serverManaged, snapshotLocal));
  const problem = passphraseProblem(needs, values);
  const vaultChoice = useVaultChoice();

  const submit = async () => {
    if (result) {
      onClose();
      return;
    }
    if (busy || problem) return;
    setBusy(true);
    setError(null);
    const passphrases = passphrasesOf(needs, values);
    const vaultRoles = vaultRolesOf(needs, values);
    setValues({});
    const r = await rotateKey(gun, role, role === 'timestamp' ? false : serverManaged, passphrases);
    if (r.ok) await saveWrittenKeys(r.value.keysWritten, passphrases, vaultRoles);
    setBusy(false);
    if (!r.ok) setError(r.error);
    else setResult(r.value);
  };

  return (
    <Modal title={`Rotate the ${role} key`} description={<>A new {role} key for <span className="mono break">{gun}</span>, vouched for by the root key.</>} onClose={onClose} testId="rotate-dialog" wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {role === 'snapshot' && (
          <label className="checkbox">
            <input type="checkbox" checked={serverManaged} disabled={!!result} onChange={(e) => setServerManaged(e.target.checked)} /> Let the notary server hold the
            new snapshot key
          </label>
        )}
        <div className="callout publish-changes" data-testid="publish-changes">
          <strong>What changes on the server:</strong> {rotationChanges(role, serverManaged)}
        </div>
        {!result && <PassphraseFields needs={needs} values={values} onChange={setValues} vaultChoice={vaultChoice} />}
        {error && <ErrorNote error={error} />}
        {result && <PublishOutcome result={result} />}
        <WizardActions
          onBack={result ? undefined : onClose}
          backLabel="Cancel"
          submitLabel={result ? 'Close' : busy ? 'Rotating…' : `Rotate the ${role} key`}
          submitDisabled={!result && !!problem}
          busy={busy}
        />
      </form>
    </Modal>
  );
}
