import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RecoveryAction, RecoveryPlan, RecoveryStep } from '../../../../shared/dto/recovery';
import { Badge } from '../../components/Badge';
import { TypedConfirmation } from '../../components/DestructiveConfirm';
import { ErrorNote } from '../../components/ErrorNote';
import { useStore } from '../../store';
import type { RecoveryStepOutcome, UiError } from '../../store/types';
import { saveWrittenKeys, useVaultChoice } from '../passphrase/use-vault-choice';
import { PutTagsBack } from '../recovery/PutTagsBack';
import { PassphraseFields, passphraseProblem, passphrasesOf, vaultRolesOf, type PassphraseValues } from './PassphraseFields';
import { PublishOutcome } from './PublishOutcome';
import { initPassphrases, rotatedRole, rotationPassphrases, stepKind } from './recovery-text';

export type StepOutcome = RecoveryStepOutcome;

/** The action of a step: what it changes on the server, the keys it signs with, the commands that do the same. */
function ActionFacts({ action }: { action: RecoveryAction }) {
  return (
    <>
      <div className="callout publish-changes" data-testid="step-changes">
        <strong>What this changes on the server:</strong> {action.changesOnServer ?? 'nothing: it happens on this computer.'}
      </div>
      {action.needsKeys.length > 0 && (
        <p className="muted" data-testid="step-needs">
          Signs with:{' '}
          {action.needsKeys.map((n) => (
            <span key={n.role}>
              the {n.role} key (<code title={n.keyIds.join(', ')}>{n.keyIds.map((id) => id.slice(0, 12)).join(', ')}</code>){' '}
            </span>
          ))}
        </p>
      )}
      {action.commands.length > 0 && (
        <details className="step-commands">
          <summary>The same from the command line</summary>
          <pre>{action.commands.join('\n')}</pre>
        </details>
      )}
    </>
  );
}

/**
 * One step of the recovery wizard. The wizard does rotations, deleting trust data and initialising itself, each
 * after showing what it changes on the server and asking for the passphrases it needs (kept in this component's
 * state only, cleared before each call). Other steps show how to do them elsewhere.
 */
export function RecoveryStepView({
  dirId,
  gun,
  plan,
  step,
  snapshotLocal,
  unblocked,
  outcome,
  onOutcome,
  vaultLeave,
}: {
  dirId: string;
  gun: string;
  plan: RecoveryPlan;
  step: RecoveryStep;
  snapshotLocal: boolean;
  /** A step the plan marked blocked by an earlier step that this wizard has since done. */
  unblocked: boolean;
  outcome: StepOutcome | null;
  onOutcome: (outcome: StepOutcome) => void;
  /** The way to the Vault screen from "Save it in the vault" that keeps the wizard's place. */
  vaultLeave?: { go: () => void; note: string };
}) {
  const { rotateKey, initRepo, deleteTrustData } = useStore(useShallow((s) => ({ rotateKey: s.rotateKey, initRepo: s.initRepo, deleteTrustData: s.deleteTrustData })));
  const kind = stepKind(step);
  const [optionIndex, setOptionIndex] = useState(0);
  const [values, setValues] = useState<PassphraseValues>({});
  const [typed, setTyped] = useState('');
  const [snapshotWhere, setSnapshotWhere] = useState<'local' | 'server'>('local');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const action = step.options[optionIndex] ?? step.options[0]!;
  const possible = action.possibleNow || unblocked;
  const serverManaged = step.id === 'rotate-snapshot' && /server/i.test(action.title);
  const snapshotRole = plan.roles.find((r) => r.role === 'snapshot');
  // The snapshot is signed here when the plan found its key file (or, planless, the repository lists one held here).
  const snapshotHere = snapshotRole ? snapshotRole.status === 'have' : snapshotLocal;
  const needs = kind === 'rotate' ? rotationPassphrases(rotatedRole(step), serverManaged, snapshotHere) : kind === 'init' ? initPassphrases(snapshotWhere) : [];
  const problem = passphraseProblem(needs, values);
  const vaultChoice = useVaultChoice(vaultLeave);

  const run = async () => {
    if (busy || outcome || !possible) return;
    setBusy(true);
    setError(null);
    const passphrases = passphrasesOf(needs, values);
    const vaultRoles = vaultRolesOf(needs, values);
    setValues({});
    if (kind === 'rotate' || kind === 'init') {
      const r = kind === 'rotate' ? await rotateKey(gun, rotatedRole(step), serverManaged, passphrases) : await initRepo(gun, snapshotWhere, passphrases);
      if (r.ok) {
        await saveWrittenKeys(r.value.keysWritten, passphrases, vaultRoles);
        onOutcome({ kind: 'published', result: r.value });
      } else setError(r.error);
    } else if (kind === 'delete') {
      const r = await deleteTrustData(gun, typed);
      if (r.ok) onOutcome({ kind: 'deleted', server: r.value.server, forgottenTo: r.value.forgottenTo });
      else setError(r.error);
    }
    setBusy(false);
  };

  const ready = possible && !busy && !outcome && (kind === 'delete' ? typed === gun : !problem);
  const actLabel =
    kind === 'rotate' ? (busy ? 'Rotating…' : `Rotate the ${rotatedRole(step)} key`) : kind === 'init' ? (busy ? 'Initialising…' : 'Initialise with a new root') : busy ? 'Deleting…' : 'Delete the trust data on the server';

  return (
    <form
      className="recovery-step"
      data-testid="recovery-step"
      data-step={step.id}
      data-possible={possible ? 'true' : 'false'}
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      {step.options.length > 1 && (
        <fieldset className="choice-list">
          <legend className="field-label">Choose one way</legend>
          {step.options.map((o, i) => (
            <label key={o.title} className="choice">
              <input type="radio" name="recovery-option" checked={i === optionIndex} disabled={!!outcome} onChange={() => setOptionIndex(i)} />{' '}
              <span className="choice-label">{o.title}</span>
            </label>
          ))}
        </fieldset>
      )}
      {step.options.length === 1 && <p className="recovery-action-title">{action.title}</p>}
      <ActionFacts action={action} />
      {!possible && (
        <div className="callout callout-warn" data-testid="step-blocked">
          <strong>Not possible now:</strong> {action.blockedBy}
        </div>
      )}
      {kind === 'init' && possible && !outcome && (
        <fieldset className="choice-list">
          <legend className="field-label">Who signs the snapshot</legend>
          <label className="choice">
            <input type="radio" name="init-snapshot" checked={snapshotWhere === 'local'} onChange={() => setSnapshotWhere('local')} /> A new snapshot key here (as{' '}
            <code>notary init</code> does)
          </label>
          <label className="choice">
            <input type="radio" name="init-snapshot" checked={snapshotWhere === 'server'} onChange={() => setSnapshotWhere('server')} /> The notary server
          </label>
        </fieldset>
      )}
      {(kind === 'rotate' || kind === 'init') && possible && !outcome && <PassphraseFields needs={needs} values={values} onChange={setValues} vaultChoice={vaultChoice} />}
      {kind === 'delete' && possible && !outcome && (
        <>
          <div className="callout callout-error">
            Every signed tag of <span className="mono break">{gun}</span> stops being trusted until the repository is initialised again and its tags are signed
            again. Your own cached copy is forgotten first (it pins the old root, which would refuse the new one); it is kept in the app’s data folder and can be
            restored. Your key files stay as they are.
          </div>
          <TypedConfirmation expected={gun} value={typed} onChange={setTyped} testId="delete-trust-data-confirmation" />
        </>
      )}
      {error && <ErrorNote error={error} />}
      {outcome?.kind === 'published' && <PublishOutcome result={outcome.result} />}
      {outcome?.kind === 'deleted' && (
        <div className="callout callout-success" role="status" data-testid="trust-data-deleted">
          <strong>Deleted:</strong> the server <code className="break">{outcome.server}</code> no longer has trust data for <span className="mono break">{gun}</span>.
          {outcome.forgottenTo && (
            <div className="callout-detail">
              Your own cached copy, which pins the old root, was forgotten first: it is kept in <code className="break">{outcome.forgottenTo}</code> and listed
              under “Forgotten trust data”.
            </div>
          )}
        </div>
      )}
      {kind !== 'manual' && kind !== 'notice' && possible && !outcome && (
        <div className="wizard-actions">
          <button type="submit" className={kind === 'delete' ? 'button button-danger' : 'button button-primary'} disabled={!ready}>
            {actLabel}
          </button>
        </div>
      )}
      {step.id === 're-sign-tags' && <PutTagsBack dirId={dirId} gun={gun} possible={possible} />}
      {kind === 'manual' && step.id !== 're-sign-tags' && (
        <p className="muted" data-testid="step-manual">
          <Badge tone="neutral">Done elsewhere</Badge> {step.id === 're-add-signers' ? 'Add the signers in the Publisher area once the repository is initialised.' : step.id === 'restore-backup' || step.id === 'verify-backup' ? 'On the Backups screen (the link above); coming back plans again.' : 'Run the commands above, then continue.'}
        </p>
      )}
    </form>
  );
}
