import { useState } from 'react';
import type { ImportReport, ImportSelection } from '../../../../shared/dto/keys';
import { gunSchema, roleSchema } from '../../../../shared/schemas';
import { vault } from '../../api';
import { Badge } from '../../components/Badge';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { SecretField } from '../../components/SecretField';
import { TextField } from '../../components/TextField';
import { WizardActions, WizardStep } from '../../components/WizardStep';
import type { UiError } from '../../store/types';
import { PassphraseStep } from '../passphrase/PassphraseStep';
import { purposeForRole } from '../passphrase/purpose';
import { useKeyDialogContext } from './use-key-dialog';
import { BackUpNowButton } from './BackUpNowButton';

type Step = 'preview' | 'decrypt' | 'passphrase' | 'report';

/**
 * Importing keys main has read from files the user chose: a preview, optional role/GUN overrides, the passphrase of
 * encrypted inputs, a new passphrase for unencrypted ones (keys are never stored unencrypted), then a report.
 */
export function ImportKeysDialog({ selection }: { selection: ImportSelection }) {
  const { trustDirId, close, loadKeys, selectKey } = useKeyDialogContext();
  const [step, setStep] = useState<Step>('preview');
  const [role, setRole] = useState('');
  const [gun, setGun] = useState('');
  const [current, setCurrent] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  // Each failed attempt remounts the passphrase field: empty, and focused to type again.
  const [attempt, setAttempt] = useState(0);

  const blocks = selection.files.flatMap((f) => f.blocks);
  const anyEncrypted = blocks.some((b) => b.encrypted);
  const anyPlain = blocks.some((b) => !b.encrypted);
  const roleError = role.trim() && !roleSchema.safeParse(role.trim()).success ? 'Not a role notary knows.' : null;
  const gunError = gun.trim() && !gunSchema.safeParse(gun.trim()).success ? 'A GUN looks like registry.example.com/team/app.' : null;
  const effectiveRole = role.trim() || blocks.find((b) => !b.encrypted)?.role || null;
  // A key without a role header needs one typed here; say so now rather than after the passphrase steps.
  const missingRole = !role.trim() && blocks.some((b) => !b.role);
  const totalSteps = 1 + (anyEncrypted ? 1 : 0) + (anyPlain ? 3 : 0);

  const cancel = () => {
    setCurrent('');
    close();
  };

  const runImport = async (newPassphrase?: string) => {
    if (!trustDirId) return;
    const passphrase = anyEncrypted ? current : undefined;
    setCurrent('');
    setBusy(true);
    const r = await vault.keys.import({
      trustDirId,
      selectionId: selection.selectionId,
      ...(role.trim() ? { role: role.trim() } : {}),
      ...(gun.trim() ? { gun: gun.trim() } : {}),
      ...(passphrase !== undefined ? { passphrase } : {}),
      ...(newPassphrase !== undefined ? { newPassphrase } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      setError({ code: r.code, message: r.message });
      setAttempt((n) => n + 1);
      setStep(anyEncrypted ? 'decrypt' : 'preview');
      return;
    }
    setError(null);
    setReport(r.value);
    setStep('report');
    await loadKeys();
    // The keys the new passphrase encrypts (core checks each before the vault keeps it: an encrypted input keeps its own).
    return r.value.imported.map((k) => k.id);
  };

  return (
    <Modal
      title="Import keys"
      description="Keys from PEM files or notary export bundles. A key that is already here is refused, never overwritten."
      onClose={cancel}
      testId="import-dialog"
      wide
    >
      {step === 'preview' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (roleError || gunError || blocks.length === 0) return;
            setError(null);
            setStep(anyEncrypted ? 'decrypt' : 'passphrase');
          }}
        >
          <p className="wizard-counter">Step 1 of {totalSteps}</p>
          <h3 className="wizard-title">What the files hold</h3>
          <div className="import-preview" data-testid="import-preview">
            {selection.files.map((f) => (
              <div key={f.name} className="import-file">
                <div className="import-file-name mono">{f.name}</div>
                {f.problem && <div className="callout callout-error">{f.problem}</div>}
                {f.blocks.length > 0 && (
                  <table className="import-blocks">
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">Type</th>
                        <th scope="col">Role</th>
                        <th scope="col">GUN</th>
                        <th scope="col">Encrypted</th>
                        <th scope="col">Path in bundle</th>
                      </tr>
                    </thead>
                    <tbody>
                      {f.blocks.map((b) => (
                        <tr key={b.index} data-testid="import-block">
                          <td>{b.index + 1}</td>
                          <td className="mono">{b.pemType}</td>
                          <td>{b.role ?? <span className="muted">none</span>}</td>
                          <td>{b.gun ?? <span className="muted">none</span>}</td>
                          <td>{b.encrypted ? <Badge tone="ok">encrypted</Badge> : <Badge tone="warn">not encrypted</Badge>}</td>
                          <td className="mono">{b.pathHeader ?? <span className="muted">—</span>}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            ))}
          </div>
          {blocks.length === 0 && <div className="callout callout-error">None of the chosen files holds a key.</div>}
          <div className="field-pair">
            <TextField
              label="Role (optional)"
              value={role}
              onChange={setRole}
              placeholder="root, targets, targets/releases, alice"
              hint="Only needed when a file does not say its role (no role header)."
              error={roleError}
            />
            <TextField
              label="GUN (optional)"
              value={gun}
              onChange={setGun}
              placeholder="registry.example.com/team/app"
              hint="For targets and snapshot keys whose file does not name the repository."
              error={gunError}
            />
          </div>
          {anyPlain && (
            <div className="callout callout-warn">
              Some keys are not encrypted. The vault encrypts them on import: you choose their passphrase in a moment.
            </div>
          )}
          {error && <ErrorNote error={error} />}
          {missingRole && (
            <div className="callout callout-warn" data-testid="import-missing-role">
              Some keys do not say which role they are for. Type their role above (for example targets/releases for a
              signer) before going on.
            </div>
          )}
          <WizardActions
            onBack={cancel}
            backLabel="Cancel"
            submitDisabled={!!roleError || !!gunError || blocks.length === 0 || missingRole}
          />
        </form>
      )}

      {step === 'decrypt' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!current) return;
            if (anyPlain) setStep('passphrase');
            else void runImport();
          }}
        >
          <WizardStep
            counter={`Step 2 of ${totalSteps}`}
            title="Passphrase of the encrypted keys"
            why={
              <>
                <h4>Why it is needed</h4>
                <p>The vault checks each encrypted key with its passphrase before storing it, so a key that cannot be opened is refused now, not when you sign.</p>
              </>
            }
          >
            <SecretField key={attempt} label="Passphrase of the imported keys" value={current} onChange={setCurrent} autoComplete="off" autoFocus />
            {error && <ErrorNote error={error} />}
            <WizardActions
              onBack={() => setStep('preview')}
              busy={busy}
              submitLabel={anyPlain ? 'Next' : busy ? 'Importing…' : 'Import the keys'}
              submitDisabled={!current}
            />
          </WizardStep>
        </form>
      )}

      {step === 'passphrase' && (
        <PassphraseStep
          purpose={purposeForRole(effectiveRole)}
          submitLabel="Import the keys"
          onSubmit={(p) => runImport(p)}
          vaultSave={{ trustDirId }}
          onBack={() => setStep(anyEncrypted ? 'decrypt' : 'preview')}
          stepsBefore={anyEncrypted ? 2 : 1}
        />
      )}

      {step === 'report' && report && (
        <div data-testid="import-report">
          {report.imported.length > 0 && (
            <div className="callout callout-success">
              <strong>
                {report.imported.length === 1 ? '1 key imported.' : `${report.imported.length} keys imported.`}
              </strong>
            </div>
          )}
          {report.imported.length > 0 && (
            <ul className="report-list" aria-label="Imported keys">
              {report.imported.map((k) => (
                <li key={k.id} data-testid="imported-key" data-key-id={k.id}>
                  <Badge tone={k.kind ?? 'unclassified'}>{k.role ?? 'no role'}</Badge> <span className="mono">{k.id.slice(0, 16)}…</span>
                  {k.gun && <span className="muted"> · {k.gun}</span>}
                </li>
              ))}
            </ul>
          )}
          {report.refused.length > 0 && (
            <>
              <div className="callout callout-warn">
                <strong>{report.refused.length === 1 ? '1 key was refused.' : `${report.refused.length} keys were refused.`}</strong> Nothing was
                written for them.
              </div>
              <ul className="report-list" aria-label="Refused keys">
                {report.refused.map((r, i) => (
                  <li key={`${r.source}-${i}`} data-testid="refused-key">
                    <span className="mono">{r.source}</span>: {r.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
          {report.imported.length > 0 && (
            <div className="callout callout-warn" data-testid="backup-nudge">
              <strong>Back them up now.</strong> These keys are only in this trust folder: the backup wizard writes them, encrypted, to two USB drives
              and reads each copy back.
            </div>
          )}
          <div className="wizard-actions">
            <button
              type="button"
              className={report.imported.length > 0 ? 'button button-secondary' : 'button button-primary'}
              autoFocus={report.imported.length === 0}
              onClick={() => {
                const first = report.imported[0];
                if (first) selectKey(first.id);
                close();
              }}
            >
              Done
            </button>
            {report.imported.length > 0 && <BackUpNowButton before={close} autoFocus />}
          </div>
        </div>
      )}
    </Modal>
  );
}
