import { useState } from 'react';
import type { ChosenBackupFile, VerifyReport } from '../../../../shared/dto/backups';
import { SecretField } from '../../components/SecretField';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { BackupErrorNote } from './BackupErrorNote';
import { ChosenFile } from './ChosenFile';
import { progressRows } from './progress';
import { ProgressBar } from './ProgressBar';
import { VerifyReportView } from './VerifyReportView';
import { SavedInVaultHint } from '../publish/PassphraseFields';

/**
 * A restore drill without restoring: choose a backup file, give its passphrase, and see whether it opens and every
 * key in it is intact, compared with the trust folder. The passphrase is cleared as soon as the call is sent.
 */
export function VerifyBackup() {
  const chooseBackupFile = useStore((s) => s.chooseBackupFile);
  const verifyBackup = useStore((s) => s.verifyBackup);
  const progress = useStore((s) => s.backupProgress);
  const [file, setFile] = useState<ChosenBackupFile | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);

  const choose = async () => {
    setError(null);
    const r = await chooseBackupFile();
    if (!r.ok) return setError(r.error);
    if (!r.value) return;
    setFile(r.value);
    setReport(null);
    setPassphrase('');
  };

  const verify = async () => {
    if (!file || busy) return;
    const secret = passphrase;
    setPassphrase('');
    setBusy(true);
    setError(null);
    setReport(null);
    const r = await verifyBackup(file.fileId, secret);
    setBusy(false);
    if (r.ok) setReport(r.value);
    else setError(r.error);
  };

  const rows = progressRows(progress);
  // The unlocked vault holds this backup's passphrase: the field may stay empty (core fills it in).
  const vaultUnlocked = useStore((s) => s.vaultStatus?.unlocked ?? false);
  const inVault = vaultUnlocked && file?.passphraseInVault === true;
  const needsPassphrase = file?.kind === 'age';

  return (
    <div className="wizard-card" data-testid="verify-backup">
      <div className="wizard-step">
        <div className="wizard-main">
          <h3 className="wizard-title verify-title">Check that a backup still opens</h3>
          <p className="muted">Nothing is written to the trust folder. The result is remembered as this backup's last check.</p>
          <div className="button-row verify-choose">
            <button type="button" className="button button-secondary" onClick={() => void choose()} disabled={busy}>
              {file ? 'Choose another file…' : 'Choose a backup file…'}
            </button>
          </div>
          {file && <ChosenFile file={file} />}
          {file && file.kind !== 'unknown' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void verify();
              }}
            >
              {needsPassphrase && (
                <SecretField
                  label="Backup passphrase"
                  value={passphrase}
                  onChange={setPassphrase}
                  autoComplete="off"
                  autoFocus
                  hint={inVault ? <SavedInVaultHint /> : 'The passphrase chosen when this backup was made.'}
                />
              )}
              <div className="wizard-actions">
                <button type="submit" className="button button-primary" disabled={busy || (needsPassphrase && !inVault && passphrase.length === 0)}>
                  {busy ? 'Checking…' : 'Verify the backup'}
                </button>
              </div>
            </form>
          )}
          {file?.kind === 'unknown' && <BackupErrorNote error={{ code: 'NOT_A_BACKUP', message: file.name }} />}
          {busy && (
            <div className="progress-list" data-testid="verify-progress">
              {rows.length === 0 && <ProgressBar label="Reading the backup" percent={0} />}
              {rows.map((r) => (
                <ProgressBar key={r.key} label={r.label} percent={r.percent} />
              ))}
            </div>
          )}
          {error && <BackupErrorNote error={error} />}
          {report && <VerifyReportView report={report} headingLevel={4} />}
        </div>
        <aside className="wizard-why" aria-label="Why this matters">
          <h4>Why a restore drill</h4>
          <p>
            Drives age and files get damaged without a sound. Checking a backup every few months proves that it opens, that you still have its
            passphrase, and that every key in it is intact.
          </p>
          <h4>What is compared</h4>
          <p>Each key is checked against the hash recorded when the backup was made, then against the key in the trust folder.</p>
        </aside>
      </div>
    </div>
  );
}
