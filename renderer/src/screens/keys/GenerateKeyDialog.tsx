import { useId, useState } from 'react';
import type { GeneratedKey } from '../../../../shared/dto/keys';
import { vault } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { WizardActions, WizardStep } from '../../components/WizardStep';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { PassphraseStep } from '../passphrase/PassphraseStep';
import { purposeForRole } from '../passphrase/purpose';
import {
  ALGORITHM_CHOICES,
  needsGun,
  toRequest,
  type AlgorithmChoice,
  type GenerateChoice,
  type GenerateForm,
  type GenerateRequest,
} from './generate-form';
import { useKeyDialogContext } from './use-key-dialog';
import { BackUpNowButton } from './BackUpNowButton';

const CHOICES: { value: GenerateChoice; label: string; why: string }[] = [
  { value: 'root', label: 'Root key', why: 'The offline key that certifies all others. Usually one per publisher; keep it offline.' },
  { value: 'targets', label: 'Repository key (targets)', why: 'Signs the tags of one repository. Needs the repository GUN.' },
  { value: 'snapshot', label: 'Snapshot key', why: 'Only if you sign snapshots yourself instead of the server. Needs the GUN.' },
  { value: 'delegation', label: 'Delegation key (targets/<name>)', why: 'A notary delegation role that may sign some or all tags.' },
  { value: 'signer', label: 'Docker signer key', why: 'As `docker trust key generate NAME` makes: a named key for a person or CI.' },
];

type Step = 'details' | 'passphrase' | 'done';

/** Generating a key: what it is for, then the passphrase step, then the result. */
export function GenerateKeyDialog() {
  const ids = useId();
  const { trustDirId, close, loadKeys, selectKey } = useKeyDialogContext();
  const trustDirPath = useStore((s) => s.trustDirs.find((d) => d.selected)?.path ?? null);
  const [step, setStep] = useState<Step>('details');
  const [form, setForm] = useState<GenerateForm>({ choice: 'root', gun: '', name: '', algorithm: 'ecdsa', writePublicKey: true });
  const [touched, setTouched] = useState(false);
  const [request, setRequest] = useState<GenerateRequest | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [result, setResult] = useState<GeneratedKey | null>(null);

  const { errors } = toRequest(form);
  const set = <K extends keyof GenerateForm>(k: K, v: GenerateForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async (passphrase: string) => {
    if (!trustDirId || !request) return;
    const r = await vault.keys.generate({ trustDirId, ...request, passphrase });
    if (!r.ok) {
      setError({ code: r.code, message: r.message });
      setStep('details');
      return;
    }
    setError(null);
    setResult(r.value);
    setStep('done');
    await loadKeys();
    return [r.value.key.id];
  };

  return (
    <Modal
      title="Generate a key"
      description={trustDirPath ? <>The key is written to {trustDirPath}, in the exact format notary writes.</> : undefined}
      onClose={close}
      testId="generate-dialog"
      wide={step !== 'done'}
    >
      {step === 'details' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setTouched(true);
            const r = toRequest(form);
            if (r.request) {
              setRequest(r.request);
              setError(null);
              setStep('passphrase');
            }
          }}
        >
          <WizardStep
            counter="Step 1 of 4"
            title="What is the key for?"
            why={
              <>
                <h4>Why the role matters</h4>
                <p>
                  The role is written into the key file and decides where notary uses the key. A root key protects everything else, so it gets its own
                  passphrase. Docker uses one repository passphrase for a repository's other keys; signer keys have their own.
                </p>
                <h4>Why ECDSA P-256</h4>
                <p>It is what notary and docker generate by default, so every client can verify it. Choose another only if your setup requires it.</p>
              </>
            }
          >
            <fieldset className="choice-list">
              <legend className="sr-only">Role</legend>
              {CHOICES.map((c) => (
                <label key={c.value} className={form.choice === c.value ? 'choice selected' : 'choice'}>
                  <input
                    type="radio"
                    name={`${ids}-role`}
                    value={c.value}
                    checked={form.choice === c.value}
                    onChange={() => set('choice', c.value)}
                  />
                  <span>
                    <span className="choice-label">{c.label}</span>
                    <span className="choice-why">{c.why}</span>
                  </span>
                </label>
              ))}
            </fieldset>

            {needsGun(form.choice) && (
              <TextField
                label="Repository (GUN)"
                value={form.gun}
                onChange={(v) => set('gun', v)}
                placeholder="registry.example.com/team/app"
                hint="The globally unique name of the repository, as you push it."
                error={touched ? errors.gun : null}
              />
            )}

            {form.choice === 'delegation' && (
              <TextField
                label="Delegation name"
                prefix="targets/"
                value={form.name}
                onChange={(v) => set('name', v)}
                placeholder="releases"
                hint="The role becomes targets/<name>."
                error={touched ? errors.name : null}
              />
            )}

            {form.choice === 'signer' && (
              <>
                <TextField
                  label="Signer name"
                  value={form.name}
                  onChange={(v) => set('name', v)}
                  placeholder="alice"
                  hint="Lowercase letters, digits, - and _. Docker shows this name as the signer."
                  error={touched ? errors.name : null}
                />
                <label className="checkbox">
                  <input type="checkbox" checked={form.writePublicKey} onChange={(e) => set('writePublicKey', e.target.checked)} />
                  <span>
                    Also write {form.name.trim() || 'NAME'}.pub
                    <span className="checkbox-why">
                      The public key, as docker does, to hand to the repository owner. You choose the folder next.
                    </span>
                  </span>
                </label>
              </>
            )}

            <div className="field">
              <label htmlFor={`${ids}-alg`}>Algorithm</label>
              <select id={`${ids}-alg`} value={form.algorithm} onChange={(e) => set('algorithm', e.target.value as AlgorithmChoice)}>
                {ALGORITHM_CHOICES.map((a) => (
                  <option key={a.value} value={a.value}>
                    {a.label}
                  </option>
                ))}
              </select>
            </div>

            {error && <ErrorNote error={error} />}
            <WizardActions onBack={close} backLabel="Cancel" />
          </WizardStep>
        </form>
      )}

      {step === 'passphrase' && request && (
        <PassphraseStep
          purpose={purposeForRole(request.role)}
          submitLabel="Create the key"
          onSubmit={submit}
          onBack={() => setStep('details')}
          stepsBefore={1}
          vaultSave={{ trustDirId }}
        />
      )}

      {step === 'done' && result && (
        <div data-testid="generate-done">
          <div className="callout callout-success">
            <strong>Key created.</strong> It is encrypted with the passphrase you chose.
          </div>
          <dl className="detail-facts">
            <dt>Key ID</dt>
            <dd className="mono break" data-testid="generated-key-id">
              {result.key.id}
            </dd>
            <dt>Role</dt>
            <dd>{result.key.role}</dd>
            {result.key.gun && (
              <>
                <dt>GUN</dt>
                <dd>{result.key.gun}</dd>
              </>
            )}
            <dt>File</dt>
            <dd className="mono break">{result.key.path}</dd>
            {result.publicKeyPath && (
              <>
                <dt>Public key</dt>
                <dd className="mono break">{result.publicKeyPath}</dd>
              </>
            )}
          </dl>
          <div className="callout callout-warn" data-testid="backup-nudge">
            <strong>Back it up now.</strong> This {result.key.role === 'root' ? 'root key' : 'key'} exists only in this folder
            {result.key.role === 'root' ? ', and a lost root key cannot be replaced without every consumer noticing' : ''}. The backup wizard writes it,
            encrypted, to two USB drives and reads each copy back.
          </div>
          <div className="wizard-actions">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                selectKey(result.key.id);
                close();
              }}
            >
              Show the key
            </button>
            <BackUpNowButton
              autoFocus
              before={() => {
                selectKey(result.key.id);
                close();
              }}
            />
          </div>
        </div>
      )}
    </Modal>
  );
}
