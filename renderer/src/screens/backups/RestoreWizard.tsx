import { Fragment, useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ChosenBackupFile, RestorePreview, RestoreReport } from '../../../../shared/dto/backups';
import { Icon } from '../../components/Icon';
import { SecretField } from '../../components/SecretField';
import { WizardActions, WizardStep } from '../../components/WizardStep';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { BackupErrorNote } from './BackupErrorNote';
import { defaultRestoreChoice, formatDateTime, plural, RESTORE_STATE } from './backup-text';
import { ChosenFile } from './ChosenFile';
import { progressRows } from './progress';
import { ProgressBar } from './ProgressBar';
import { RestorePreviewTable } from './RestorePreviewTable';
import { SavedInVaultHint } from '../publish/PassphraseFields';

type Step = 'file' | 'target' | 'passphrase' | 'preview' | 'done';

/**
 * Restoring a backup, one decision per step: the file, the trust folder to restore into, the passphrase, then a
 * preview of every key (new, already present, or present but different) to choose from. Nothing existing is ever
 * overwritten. The passphrase is cleared as soon as the preview call is sent; the checked archive stays in main
 * under a plan ID until restored or discarded.
 */
export function RestoreWizard() {
  const ids = useId();
  const { trustDirs, chooseBackupFile, previewRestore, restoreBackup, discardRestore, addRestoreTarget, progress, selectTrustDir, showScreen } =
    useStore(
      useShallow((s) => ({
        trustDirs: s.trustDirs,
        chooseBackupFile: s.chooseBackupFile,
        previewRestore: s.previewRestore,
        restoreBackup: s.restoreBackup,
        discardRestore: s.discardRestore,
        addRestoreTarget: s.addRestoreTarget,
        progress: s.backupProgress,
        selectTrustDir: s.selectTrustDir,
        showScreen: s.showScreen,
      })),
    );
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<ChosenBackupFile | null>(null);
  // The folder open now, until the person picks another.
  const [targetChoice, setTargetId] = useState<string | null>(null);
  const targetId = (targetChoice && trustDirs.some((d) => d.id === targetChoice) ? targetChoice : null) ?? trustDirs.find((d) => d.selected)?.id ?? null;
  const [passphrase, setPassphrase] = useState('');
  // The unlocked vault holds this backup's passphrase: the field may stay empty (core fills it in).
  const vaultUnlocked = useStore((s) => s.vaultStatus?.unlocked ?? false);
  const passphraseSaved = vaultUnlocked && file?.passphraseInVault === true;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [keyPaths, setKeyPaths] = useState<Set<string>>(new Set());
  const [rootGuns, setRootGuns] = useState<Set<string>>(new Set());
  const [report, setReport] = useState<RestoreReport | null>(null);

  // A previewed archive not restored is dropped from main's memory when the wizard goes away.
  const openPlan = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (openPlan.current) void discardRestore(openPlan.current);
    },
    [discardRestore],
  );

  const encrypted = file?.kind === 'age';
  const total = encrypted ? 4 : 3;
  const counter = (s: Step) => {
    const order: Step[] = encrypted ? ['file', 'target', 'passphrase', 'preview'] : ['file', 'target', 'preview'];
    return `Step ${order.indexOf(s) + 1} of ${total}`;
  };
  const target = trustDirs.find((d) => d.id === targetId) ?? null;

  const dropPlan = () => {
    if (openPlan.current) void discardRestore(openPlan.current);
    openPlan.current = null;
    setPreview(null);
  };

  const choose = async () => {
    setError(null);
    const r = await chooseBackupFile();
    if (!r.ok) return setError(r.error);
    if (!r.value) return;
    dropPlan();
    setFile(r.value);
  };

  const runPreview = async (secret: string | null) => {
    if (!file || !targetId) return;
    setBusy(true);
    setError(null);
    dropPlan();
    const r = await previewRestore(targetId, file.fileId, secret);
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    openPlan.current = r.value.planId;
    const choice = defaultRestoreChoice(r.value);
    setPreview(r.value);
    setKeyPaths(new Set(choice.keyPaths));
    setRootGuns(new Set(choice.rootGuns));
    setStep('preview');
  };

  const restore = async () => {
    if (!preview || !targetId || busy) return;
    setBusy(true);
    setError(null);
    const r = await restoreBackup({ trustDirId: targetId, planId: preview.planId, keyPaths: [...keyPaths], rootGuns: [...rootGuns] });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      if (r.error.code === 'EXPIRED' || r.error.code === 'NOT_FOUND') {
        openPlan.current = null;
        setPreview(null);
        setStep(encrypted ? 'passphrase' : 'target');
      }
      return;
    }
    openPlan.current = null; // restoring consumed the plan
    setReport(r.value);
    setStep('done');
  };

  const startOver = () => {
    dropPlan();
    setFile(null);
    setReport(null);
    setError(null);
    setPassphrase('');
    setStep('file');
  };

  const restorable = preview ? preview.keys.filter((k) => k.state === 'new').length + preview.roots.filter((r) => r.state === 'new').length : 0;
  const chosenCount = keyPaths.size + rootGuns.size;
  const rows = progressRows(progress);

  return (
    <div className="wizard-card" data-testid="restore-wizard">
      {step === 'file' && (
        <form
          data-testid="restore-step"
          data-step="file"
          onSubmit={(e) => {
            e.preventDefault();
            if (file && file.kind !== 'unknown') setStep('target');
          }}
        >
          <WizardStep
            counter={file ? counter('file') : 'Step 1'}
            title="Which backup?"
            why={
              <>
                <h4>Which files work</h4>
                <p>
                  A .tar.gz.age file written by the vault, or a plain tar.gz of a trust folder's private/ directory. Nothing is written until you have
                  seen what the file holds and chosen.
                </p>
              </>
            }
          >
            <div className="button-row">
              <button type="button" className="button button-secondary" onClick={() => void choose()}>
                <Icon name="import" /> {file ? 'Choose another file…' : 'Choose a backup file…'}
              </button>
            </div>
            {file && <ChosenFile file={file} />}
            {file?.kind === 'unknown' && <BackupErrorNote error={{ code: 'NOT_A_BACKUP', message: file.name }} />}
            {error && <BackupErrorNote error={error} />}
            <WizardActions submitDisabled={!file || file.kind === 'unknown'} />
          </WizardStep>
        </form>
      )}

      {step === 'target' && (
        <form
          data-testid="restore-step"
          data-step="target"
          onSubmit={(e) => {
            e.preventDefault();
            if (!targetId) return;
            if (encrypted) setStep('passphrase');
            else void runPreview(null);
          }}
        >
          <WizardStep
            counter={counter('target')}
            title="Restore into which trust folder?"
            why={
              <>
                <h4>Why choose the folder first</h4>
                <p>
                  The preview compares each key of the backup with this folder: which are new, which are already there, and which are there but
                  different.
                </p>
                <h4>Never overwritten</h4>
                <p>A key file that already exists is never replaced, even when the backup holds a different one.</p>
              </>
            }
          >
            <fieldset className="choice-list" data-testid="restore-targets">
              <legend className="sr-only">Trust folder to restore into</legend>
              {trustDirs.map((d) => (
                <label key={d.id} className={targetId === d.id ? 'choice selected' : 'choice'} data-testid="restore-target" data-trust-dir-id={d.id}>
                  <input type="radio" name={`${ids}-target`} checked={targetId === d.id} onChange={() => setTargetId(d.id)} />
                  <span>
                    <span className="choice-label">
                      {d.label}
                      {d.selected && <span className="muted"> (the folder open now)</span>}
                    </span>
                    <span className="choice-why mono break">{d.path}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="button-row restore-add">
              <button
                type="button"
                className="button button-secondary"
                onClick={() =>
                  void addRestoreTarget().then((r) => {
                    if (!r.ok) setError(r.error);
                    else if (r.value) setTargetId(r.value);
                  })
                }
              >
                <Icon name="plus" /> Another folder…
              </button>
            </div>
            {error && <BackupErrorNote error={error} />}
            {busy && <ProgressBar label="Reading the backup" percent={rows[0]?.percent ?? 0} />}
            <WizardActions onBack={() => setStep('file')} submitDisabled={!targetId} busy={busy} />
          </WizardStep>
        </form>
      )}

      {step === 'passphrase' && (
        <form
          data-testid="restore-step"
          data-step="passphrase"
          onSubmit={(e) => {
            e.preventDefault();
            const secret = passphrase;
            setPassphrase('');
            void runPreview(secret);
          }}
        >
          <WizardStep
            counter={counter('passphrase')}
            title="The backup passphrase"
            why={
              <>
                <h4>Which passphrase</h4>
                <p>
                  The one chosen when the backup was made, not the passphrase of a key. The keys inside keep their own passphrases, unchanged.
                </p>
                <h4>What happens next</h4>
                <p>The file is decrypted and checked in memory; you see what it holds before anything is written.</p>
              </>
            }
          >
            <SecretField
              label="Backup passphrase"
              value={passphrase}
              onChange={setPassphrase}
              autoComplete="off"
              autoFocus
              hint={passphraseSaved ? <SavedInVaultHint /> : 'From your password manager, exactly as stored.'}
            />
            {error && <BackupErrorNote error={error} />}
            {busy && (
              <div className="progress-list">
                {rows.length === 0 && <ProgressBar label="Reading the backup" percent={0} />}
                {rows.map((r) => (
                  <ProgressBar key={r.key} label={r.label} percent={r.percent} />
                ))}
              </div>
            )}
            <WizardActions onBack={() => setStep('target')} submitLabel={busy ? 'Opening…' : 'Open the backup'} submitDisabled={passphrase.length === 0 && !passphraseSaved} busy={busy} />
          </WizardStep>
        </form>
      )}

      {step === 'preview' && preview && (
        <form
          data-testid="restore-step"
          data-step="preview"
          onSubmit={(e) => {
            e.preventDefault();
            void restore();
          }}
        >
          <WizardStep
            counter={counter('preview')}
            title="Choose what to restore"
            why={
              <>
                {(['new', 'present', 'different'] as const).map((s) => (
                  <Fragment key={s}>
                    <h4>{RESTORE_STATE[s].label}</h4>
                    <p>{RESTORE_STATE[s].sentence}</p>
                  </Fragment>
                ))}
                <h4>All or nothing</h4>
                <p>The chosen files are written together: if one cannot be written, none is.</p>
              </>
            }
          >
            <p className="restore-source">
              {preview.format === 'vault' ? 'A vault backup' : 'A tar.gz archive'}
              {preview.encrypted ? ', encrypted' : ', not encrypted'}
              {preview.createdAt && <>, made {formatDateTime(preview.createdAt)}</>}. Restoring into <strong className="break">{target?.label ?? 'the folder'}</strong>
              {target && target.label !== target.path && (
                <>
                  {' '}
                  <span className="mono break muted">{target.path}</span>
                </>
              )}
              .
            </p>
            <RestorePreviewTable
              preview={preview}
              keyPaths={keyPaths}
              rootGuns={rootGuns}
              onKey={(p, on) => setKeyPaths((s) => toggled(s, p, on))}
              onRoot={(g, on) => setRootGuns((s) => toggled(s, g, on))}
            />
            {restorable === 0 && (
              <div className="callout callout-success" data-testid="restore-nothing">
                <strong>Nothing to restore.</strong> Every key of this backup is already in the folder.
              </div>
            )}
            {error && <BackupErrorNote error={error} />}
            <WizardActions
              onBack={() => {
                dropPlan();
                setStep(encrypted ? 'passphrase' : 'target');
              }}
              submitLabel={busy ? 'Restoring…' : `Restore ${plural(chosenCount, 'file')}`}
              submitDisabled={chosenCount === 0}
              busy={busy}
            />
          </WizardStep>
        </form>
      )}

      {step === 'done' && report && (
        <div data-testid="restore-done">
          <h3 className="wizard-title">Restore finished</h3>
          <div className="callout callout-success" role="status">
            <strong>{plural(report.written.length, 'file')} restored</strong> into <span className="mono break">{report.trustDir}</span>.
          </div>
          {report.written.length > 0 && (
            <ul className="report-list" data-testid="restored-files">
              {report.written.map((w) => (
                <li key={w} className="mono break">
                  {w}
                </li>
              ))}
            </ul>
          )}
          {report.skipped.length > 0 && (
            <>
              <h4 className="report-subtitle">Not written</h4>
              <ul className="report-list" data-testid="skipped-files">
                {report.skipped.map((s) => (
                  <li key={s.path}>
                    <span className="mono break">{s.path}</span>: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="wizard-actions">
            <button type="button" className="button button-secondary" onClick={startOver}>
              Restore another backup
            </button>
            <button
              type="button"
              className="button button-primary"
              autoFocus
              onClick={() => {
                const id = targetId;
                void (async () => {
                  if (id && !trustDirs.find((d) => d.id === id)?.selected) await selectTrustDir(id);
                  showScreen('keys');
                })();
              }}
            >
              Show the keys
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function toggled<T>(set: ReadonlySet<T>, item: T, on: boolean): Set<T> {
  const next = new Set(set);
  if (on) next.add(item);
  else next.delete(item);
  return next;
}
