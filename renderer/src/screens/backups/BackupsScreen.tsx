/**
 * The Backups screen: which backups hold each key (coverage, first), the backup wizard, verifying a backup (a
 * restore drill) and restoring one.
 *
 * Names the e2e specs can rely on (keep them stable):
 *   Screen    heading "Backups" (h1); tablist "Backups" with tabs "Coverage", "Back up keys", "Verify a backup", "Restore";
 *             each panel role=tabpanel with its h2.
 *   Coverage  data-testid="coverage" (or "coverage-empty"); table "Backup coverage: keys by drive"
 *             (data-testid="coverage-table") with columns data-testid="coverage-location" (one per drive label) and rows
 *             data-testid="coverage-row" data-key-id=ID data-status=verified|drill-due|unverified|none, cells
 *             data-testid="coverage-cell" data-location=LABEL data-state=verified|failed|unverified|absent;
 *             data-testid="coverage-none" (keys without backup), data-testid="drill-reminder"; button "Check again".
 *   Wizard    data-testid="backup-wizard"; each step data-testid="backup-step" data-step=what|first-drive|second-drive|
 *             write|verify (the passphrase step is data-testid="passphrase-step", final button "Next: choose the drives");
 *             what: radios "All keys (N keys)", "Chosen keys", checkboxes data-testid="key-choice"; drives:
 *             data-testid="drive-picker" with data-testid="drive-option" data-drive-label=LABEL data-problem=CODE (radio
 *             named by the label, disabled with data-testid="drive-problem"), "A folder instead", "Only one drive for
 *             now" (then data-testid="one-drive-warning" and its checkbox); data-testid="no-drives";
 *             data-testid="drive-removed"; button "Write the backup"; progress data-testid="backup-progress" with
 *             role=progressbar bars; done data-testid="backup-done", data-testid="backup-copy" data-destination=LABEL
 *             data-verified=true|false.
 *   Verify    data-testid="verify-backup"; button "Choose a backup file…"; textbox "Backup passphrase"; button
 *             "Verify the backup"; data-testid="verify-report" data-ok=true|false.
 *   Restore   data-testid="restore-wizard"; steps data-testid="restore-step" data-step=file|target|passphrase|preview;
 *             radios of data-testid="restore-target"; button "Another folder…"; textbox "Backup passphrase"; button
 *             "Open the backup"; table data-testid="restore-preview" with rows data-testid="restore-key" data-key-id=ID
 *             data-state=new|present|different; button "Restore N files"; data-testid="restore-done"; "Show the keys".
 *   Errors    data-testid="error-note" data-error-code=CODE (role="alert").
 */
import { useEffect } from 'react';
import { TabList, TabPanel } from '../../components/TabList';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store';
import type { BackupsTab } from '../../store/types';
import { BackupErrorNote } from './BackupErrorNote';
import { BackupWizard } from './BackupWizard';
import { CoverageTable } from './CoverageTable';
import { RestoreWizard } from './RestoreWizard';
import { VerifyBackup } from './VerifyBackup';
import { ScreenHeader } from '../../components/ScreenHeader';

const TABS: { id: BackupsTab; name: string; purpose: string }[] = [
  { id: 'coverage', name: 'Coverage', purpose: 'Which backups hold each key, and when each was last read back and checked.' },
  { id: 'create', name: 'Back up keys', purpose: 'Write an encrypted backup to two USB drives, and read each copy back to prove it.' },
  { id: 'verify', name: 'Verify a backup', purpose: 'A restore drill: open a backup with its passphrase and check every key in it.' },
  { id: 'restore', name: 'Restore', purpose: 'Bring keys back from a backup into a trust folder, without overwriting anything.' },
];

export function BackupsScreen() {
  const { tab, showTab, dirId, coverage, coverageState, coverageError, loadCoverage, loadDrives, watchBackupEvents, openDialog } = useStore(
    useShallow((s) => ({
      tab: s.backupsTab,
      showTab: s.showBackupsTab,
      dirId: s.trustDirs.find((d) => d.selected)?.id ?? null,
      coverage: s.coverage,
      coverageState: s.coverageState,
      coverageError: s.coverageError,
      loadCoverage: s.loadCoverage,
      loadDrives: s.loadDrives,
      watchBackupEvents: s.watchBackupEvents,
      openDialog: s.openDialog,
    })),
  );

  // Follow drives coming and going (and progress) while the screen is open; the first list starts main's watching.
  useEffect(() => {
    const off = watchBackupEvents();
    void loadDrives();
    return off;
  }, [watchBackupEvents, loadDrives]);

  useEffect(() => {
    void loadCoverage();
  }, [dirId, loadCoverage]);


  const needsAttention = coverage?.keys.some((k) => k.status === 'none' || k.status === 'drill-due') ?? false;

  return (
    <div className="backups-screen">
      <ScreenHeader
        title="Backups"
        purpose="Encrypted backups of your keys on USB drives: what is covered, making a backup, checking one, and restoring."
        actions={
          dirId && (
            <button type="button" className="button button-ghost" onClick={() => openDialog({ type: 'lostKey', keyId: null })} data-testid="lost-key-button">
              Lost a key?
            </button>
          )
        }
      />

      <TabList
        tabs={TABS}
        current={tab}
        onSelect={showTab}
        label="Backups"
        idPrefix="backups"
        extra={(id) =>
          id === 'coverage' && needsAttention ? (
            <span className="tab-flag" aria-label="needs attention" role="img">
              !
            </span>
          ) : null
        }
      />

      {TABS.map((t) => (
        <TabPanel
          key={t.id}
          idPrefix="backups"
          id={t.id}
          current={tab}
          name={t.name}
          purpose={t.purpose}
          action={
            <>
            {t.id === 'coverage' && dirId && (
              <button type="button" className="button button-secondary" onClick={() => void loadCoverage()}>
                Check again
              </button>
            )}
            </>
          }
        >
          {t.id === 'coverage' && (
            <>
              {!dirId && <p className="muted">Choose a trust folder to see its backups.</p>}
              {coverageError && <BackupErrorNote error={coverageError} />}
              {coverageState === 'loading' && !coverage && <p className="loading">Reading the backup ledger…</p>}
              {coverage && (
                <>
                  <p className="muted coverage-dir">
                    Trust folder <span className="mono break">{coverage.trustDir}</span>
                  </p>
                  <CoverageTable report={coverage} onBackUp={() => showTab('create')} onVerify={() => showTab('verify')} />
                </>
              )}
            </>
          )}
          {t.id === 'create' && <BackupWizard />}
          {t.id === 'verify' && <VerifyBackup />}
          {t.id === 'restore' && <RestoreWizard />}
        </TabPanel>
      ))}
    </div>
  );
}
