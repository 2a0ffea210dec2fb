import { useId, useRef, useState } from 'react';
import type { MigrationKitResult, MigrationTool } from '../../../../shared/dto/migrate';
import type { RepoDetail } from '../../../../shared/dto/repos';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { SecretField } from '../../components/SecretField';
import { TextField } from '../../components/TextField';
import { WizardActions, WizardStep } from '../../components/WizardStep';
import { PassphraseStep } from '../passphrase/PassphraseStep';
import { useStore } from '../../store';
import type { MigrationKitRequest } from '../../store/migrate-slice';
import type { UiError } from '../../store/types';
import { remainingSteps, TOOL_NAME } from './kit-text';

/** cosign.key's passphrase goes through the app's passphrase step (choose, store, confirm): three more steps. */
const PASSPHRASE_STEPS = 3;

interface Subject {
  commonName: string;
  organization: string;
  state: string;
  country: string;
  locality: string;
}

/**
 * "Leave content trust" (issue 18): what will happen and which tool, which key (the repository's targets key
 * re-encoded, or a new one; a key on a hardware token is never exported), the passphrases, then the kit written to a
 * folder main's dialog asks for, and what remains to do outside the vault. One decision per step, the reason beside it.
 * Passphrases live in this component's state only until the call, then are cleared.
 */
export function LeaveContentTrustWizard({ gun, detail, onClose }: { gun: string; detail: RepoDetail; onClose: () => void }) {
  const writeMigrationKit = useStore((s) => s.writeMigrationKit);
  const ids = useId();
  const [step, setStep] = useState<1 | 2 | 3 | 'cosign-passphrase' | 4>(1);
  const [tool, setTool] = useState<MigrationTool>('cosign');
  const extra = tool === 'cosign' ? PASSPHRASE_STEPS : 0;
  const total = 4 + extra;
  const counter = (n: number) => `Step ${n === 4 ? 4 + extra : n} of ${total}`;
  const targets = detail.heldKeys.find((k) => k.role === 'targets');
  const targetsOnToken = targets?.location === 'token';
  const canReuse = !!targets && !targetsOnToken;
  const [reuse, setReuse] = useState(canReuse);
  const rootHere = detail.heldKeys.some((k) => k.role === 'root' && k.location !== 'token');
  const [subject, setSubject] = useState<Subject>({ commonName: gun, organization: '', state: '', country: '', locality: '' });
  const [days, setDays] = useState('365');
  const [keyPassphrase, setKeyPassphrase] = useState('');
  const [rootPassphrase, setRootPassphrase] = useState('');
  // Set by the passphrase step, sent once with the write, then cleared.
  const newPassphrase = useRef('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [result, setResult] = useState<MigrationKitResult | null>(null);

  const subjectError = (() => {
    if (tool !== 'notation') return null;
    if (!/^[A-Z]{2}$/.test(subject.country)) return 'The country is a two-letter code such as US or DE.';
    if (!subject.organization.trim() || !subject.state.trim() || !subject.commonName.trim()) return 'Notation needs a name, an organization and a state.';
    if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 1098) return 'The validity is 1 to 1098 days.';
    return null;
  })();
  const passError = (() => {
    if (!keyPassphrase) return 'The targets key’s passphrase is needed: that key signs the statement for consumers.';
    return null;
  })();

  const write = async () => {
    setBusy(true);
    setError(null);
    const trimmed = { commonName: subject.commonName.trim(), organization: subject.organization.trim(), state: subject.state.trim(), country: subject.country };
    const request: MigrationKitRequest = {
      to: tool,
      key: reuse ? { kind: 'targets' } : { kind: 'new' },
      ...(reuse ? { keyPassphrase } : { targetsPassphrase: keyPassphrase }),
      ...(rootHere && rootPassphrase ? { rootPassphrase } : {}),
      ...(tool === 'cosign' ? { newPassphrase: newPassphrase.current } : {}),
      ...(tool === 'notation'
        ? { notation: { name: gun.split('/').pop()!.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 63) || 'signing-key', subject: { ...trimmed, ...(subject.locality.trim() ? { locality: subject.locality.trim() } : {}) }, validDays: Number(days) } }
        : {}),
    };
    const r = await writeMigrationKit(gun, request);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    if (r.value === null) return; // the folder dialog was cancelled: stay on this step
    setKeyPassphrase('');
    setRootPassphrase('');
    newPassphrase.current = '';
    setResult(r.value);
  };

  const field = (key: keyof Subject, label: string, hint: string) => (
    <TextField label={label} value={subject[key]} onChange={(v) => setSubject({ ...subject, [key]: key === 'country' ? v.toUpperCase() : v })} hint={hint} />
  );

  return (
    <Modal
      title="Leave content trust"
      description={<>Make a migration kit for <span className="mono break">{gun}</span>: the key, the signed tags and a notice for consumers.</>}
      onClose={onClose}
      testId="leave-wizard"
      wide
    >
      {!result && step === 'cosign-passphrase' ? (
        <PassphraseStep
          purpose="cosign"
          submitLabel="Next: write the kit"
          stepsBefore={3}
          stepsAfter={1}
          onBack={() => setStep(3)}
          onSubmit={async (value) => {
            newPassphrase.current = value;
            setStep(4);
          }}
        />
      ) : result ? (
        <div data-testid="leave-done">
          <div className="callout callout-success">
            <strong>The kit is written</strong> to <span className="mono break">{result.outDir}</span>: {result.tagCount} tags carried over,{' '}
            {result.newKey ? 'with a new key' : 'with the repository’s own targets key'}; the statement is signed by the targets key
            {result.statementSignedBy.root.length > 0 ? ' and the root key' : ''}.
          </div>
          <h4>Files</h4>
          <ul className="mono" data-testid="leave-files">
            {result.files.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
          <h4>What remains to do outside the vault</h4>
          <ol className="leave-checklist" data-testid="leave-checklist">
            {remainingSteps(result.tool, result.newKey).map((s) => (
              <li key={s}>
                <label>
                  <input type="checkbox" /> {s}
                </label>
              </li>
            ))}
          </ol>
          {result.notes.length > 0 && (
            <ul className="muted">
              {result.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <div className="wizard-actions">
            <button type="button" className="button button-primary" onClick={onClose} autoFocus>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (step === 1) setStep(2);
            else if (step === 2) setStep(3);
            else if (step === 3) setStep(tool === 'cosign' ? 'cosign-passphrase' : 4);
            else if (step === 4) void write();
          }}
        >
          {step === 1 && (
            <WizardStep
              counter={counter(1)}
              title="What will happen, and which tool"
              why={
                <>
                  <h4>Nothing changes on the server</h4>
                  <p>The vault reads the repository from its notary server, checks every signature, and writes a kit to a folder you choose.</p>
                  <h4>By digest, never by tag</h4>
                  <p>A tag may have moved since it was signed. The kit signs the exact image digests content trust vouched for.</p>
                </>
              }
            >
              <ol className="leave-plan">
                <li>Your key in the new tool’s format (or a new key).</li>
                <li>The list of every trusted tag with its digest and size, checked against the server now.</li>
                <li>A script with one signing command per digest, for you to review and run.</li>
                <li>A statement signed by the repository’s targets key, so consumers can check the move is genuine.</li>
              </ol>
              <fieldset className="choice-list" data-testid="leave-tool">
                <legend>Move to</legend>
                {(['cosign', 'notation'] as const).map((t) => (
                  <label key={t} className={tool === t ? 'choice selected' : 'choice'}>
                    <input type="radio" name={`${ids}-tool`} checked={tool === t} onChange={() => setTool(t)} />
                    <span>
                      <span className="choice-label">{TOOL_NAME[t]}</span>
                      <span className="choice-why">
                        {t === 'cosign'
                          ? 'cosign.key keeps your key, encrypted with a passphrase; signatures are stored next to the image.'
                          : 'Notation needs a certificate with different rules than notary’s, so the vault makes one for the key.'}
                      </span>
                    </span>
                  </label>
                ))}
              </fieldset>
              <WizardActions onBack={onClose} backLabel="Cancel" />
            </WizardStep>
          )}
          {step === 2 && (
            <WizardStep
              counter={counter(2)}
              title="Which key signs from now on"
              why={
                <>
                  <h4>Reusing keeps continuity</h4>
                  <p>Consumers who trusted your targets key see the same public key again. A new key starts clean but must be announced.</p>
                  <h4>Keys on a token stay there</h4>
                  <p>A key held on a hardware token is never exported. Choose a new key instead.</p>
                  {tool === 'notation' && (
                    <>
                      <h4>Why a new certificate</h4>
                      <p>Notary’s certificates also allow key encipherment; Notation accepts only digital signature, so a certificate is made for the key.</p>
                    </>
                  )}
                </>
              }
            >
              <fieldset className="choice-list" data-testid="leave-key">
                <legend>Key</legend>
                <label className={reuse ? 'choice selected' : 'choice'}>
                  <input type="radio" name={`${ids}-key`} checked={reuse} disabled={!canReuse} onChange={() => setReuse(true)} />
                  <span>
                    <span className="choice-label">Reuse the repository’s targets key</span>
                    <span className="choice-why">
                      {targetsOnToken
                        ? 'It is on a hardware token and is never exported.'
                        : targets
                          ? <span className="mono break">{targets.canonicalId}</span>
                          : 'Its file is not in this trust folder.'}
                    </span>
                  </span>
                </label>
                <label className={!reuse ? 'choice selected' : 'choice'}>
                  <input type="radio" name={`${ids}-key`} checked={!reuse} onChange={() => setReuse(false)} />
                  <span>
                    <span className="choice-label">A new ECDSA P-256 key</span>
                    <span className="choice-why">Made for the new tool only; it exists only in the kit until you back it up.</span>
                  </span>
                </label>
              </fieldset>
              {tool === 'notation' && (
                <fieldset className="leave-subject" data-testid="leave-subject">
                  <legend>Certificate subject and validity</legend>
                  {field('commonName', 'Name (CN)', 'Usually the repository or your product.')}
                  {field('organization', 'Organization (O)', 'Your company or project.')}
                  {field('state', 'State or province (ST)', 'Notation’s trust policies require it.')}
                  {field('locality', 'City (L, optional)', 'May stay empty.')}
                  {field('country', 'Country (C)', 'Two letters, e.g. US or DE.')}
                  <TextField label="Valid for (days)" value={days} onChange={setDays} hint="Notation refuses an expired certificate; renew it before then." error={subjectError} />
                </fieldset>
              )}
              <WizardActions onBack={() => setStep(1)} submitDisabled={subjectError !== null} />
            </WizardStep>
          )}
          {step === 3 && (
            <WizardStep
              counter={counter(3)}
              title="Passphrases"
              why={
                <>
                  <h4>Used once</h4>
                  <p>Each passphrase goes to the vault for this one operation and is not kept.</p>
                  {tool === 'cosign' && (
                    <>
                      <h4>cosign.key’s own passphrase next</h4>
                      <p>The next steps choose a new passphrase for cosign.key: the kit may travel further than your trust folder.</p>
                    </>
                  )}
                </>
              }
            >
              <SecretField label="Passphrase of the targets key" value={keyPassphrase} onChange={setKeyPassphrase} autoComplete="current-password" autoFocus hint="It opens the key to export and signs the statement." />
              {rootHere && (
                <SecretField label="Passphrase of the root key (optional)" value={rootPassphrase} onChange={setRootPassphrase} autoComplete="current-password" hint="Then the root key signs the statement too." />
              )}
              {passError && keyPassphrase && <p className="field-error" role="status">{passError}</p>}
              <WizardActions onBack={() => setStep(2)} submitDisabled={passError !== null} />
            </WizardStep>
          )}
          {step === 4 && (
            <WizardStep
              counter={counter(4)}
              title="Write the kit"
              why={
                <>
                  <h4>A folder of its own</h4>
                  <p>Choose a new or empty folder. The files go directly in it; nothing else is touched.</p>
                  <h4>Checked first</h4>
                  <p>If the repository does not verify against its server, no kit is written.</p>
                </>
              }
            >
              <p>
                {TOOL_NAME[tool]}, {reuse ? 'reusing the targets key' : 'with a new key'}. The vault now reads <span className="mono break">{gun}</span> from its
                server, checks it, and asks where to write the kit.
              </p>
              {error && <ErrorNote error={error} />}
              <WizardActions onBack={() => setStep(tool === 'cosign' ? 'cosign-passphrase' : 3)} submitLabel={busy ? 'Writing…' : 'Choose a folder and write the kit'} busy={busy} />
            </WizardStep>
          )}
        </form>
      )}
    </Modal>
  );
}
