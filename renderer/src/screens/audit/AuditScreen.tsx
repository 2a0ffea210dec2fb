/**
 * The Audit screen (issue 7, point 5): the hash-chained record of what was done with the keys.
 *
 * Names the e2e specs can rely on (keep them stable):
 *   Screen   heading "Audit" (h1); data-testid="audit-screen"; buttons "Verify the log", "Export as JSON lines…".
 *   Filters  data-testid="audit-action-filter" (a disclosure: checkboxes per action by label, e.g. "Key taken offline",
 *            and per group: "Keys", "Backups", "Tokens", "Publishing", "Vault", "Audit log"); textbox "Key ID"; select "Result";
 *            date fields "From", "To". data-testid="audit-count".
 *   Table    grid "Audit entries"; rows data-testid="audit-row" data-seq=N data-action=ACTION data-result=ok|failed
 *            data-key-ids="ID ID".
 *   Verify   data-testid="audit-verify" data-ok=true|false; problems data-testid="audit-problem" data-line=N data-kind=KIND.
 *   Restart  when verify found problems: button "Start a new log…" (data-testid="audit-restart"); dialog "Start a new audit log"
 *            (data-testid="restart-log-dialog"), textbox data-testid="restart-log-confirmation", button "Start a new log".
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { useStore } from '../../store';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { type AuditFilterForm, EMPTY_FILTER_FORM, toAuditFilter } from './audit-text';
import { RestartLogDialog } from './RestartLogDialog';
import { VerifyResult } from './VerifyResult';
import { ScreenHeader } from '../../components/ScreenHeader';

export function AuditScreen() {
  const { entries, state, error, loadAudit, verifyAudit, verifyState, verification, verifyError, exportAudit, notify } = useStore(
    useShallow((s) => ({
      entries: s.auditEntries,
      state: s.auditState,
      error: s.auditError,
      loadAudit: s.loadAudit,
      verifyAudit: s.verifyAudit,
      verifyState: s.auditVerifyState,
      verification: s.auditVerification,
      verifyError: s.auditVerifyError,
      exportAudit: s.exportAudit,
      notify: s.notify,
    })),
  );
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_FILTER_FORM);
  const [exporting, setExporting] = useState(false);
  const [restarting, setRestarting] = useState(false);
  const filterKey = JSON.stringify(toAuditFilter(form));

  useEffect(() => {
    void loadAudit(JSON.parse(filterKey));
  }, [filterKey, loadAudit]);

  const exportLog = async () => {
    setExporting(true);
    const r = await exportAudit();
    setExporting(false);
    if (!r.ok) notify({ tone: 'error', title: 'Could not export the log', detail: r.error.message });
    else if (r.value) notify({ tone: 'success', title: `Exported ${r.value.entries} entries as JSON lines`, detail: r.value.path });
  };

  const filtered = filterKey !== '{}';

  return (
    <div className="audit-screen" data-testid="audit-screen">
      <ScreenHeader
        title="Audit"
        purpose="Who did what with which key, and when: every entry carries the fingerprint of the one before, so an edited, removed or reordered entry shows when you verify the log."
        actions={
          <>
            <button type="button" className="button button-secondary" onClick={() => void exportLog()} disabled={exporting}>
              <Icon name="import" /> {exporting ? 'Exporting…' : 'Export as JSON lines…'}
            </button>
            <button type="button" className="button button-primary" onClick={() => void verifyAudit()} disabled={verifyState === 'loading'}>
              <Icon name="shield" /> {verifyState === 'loading' ? 'Verifying…' : 'Verify the log'}
            </button>
          </>
        }
      />

      {verifyError && <ErrorNote error={verifyError} />}
      {verification && <VerifyResult verification={verification} onRestart={verification.ok ? undefined : () => setRestarting(true)} />}
      {restarting && verification && !verification.ok && (
        <RestartLogDialog verification={verification} onClose={() => setRestarting(false)} />
      )}

      <div className="list-toolbar audit-toolbar">
        <AuditFilters form={form} onChange={setForm} />
        <span className="list-count" data-testid="audit-count" aria-live="polite">
          {entries.length.toLocaleString('en-US')} {entries.length === 1 ? 'entry' : 'entries'}
          {filtered ? ' match' : ''}
          {state === 'loading' && <span className="muted"> · reading…</span>}
          {filtered && (
            <button type="button" className="button button-ghost button-small" onClick={() => setForm(EMPTY_FILTER_FORM)}>
              Clear filters
            </button>
          )}
        </span>
      </div>

      {error && <ErrorNote error={error} />}
      {state !== 'error' && entries.length === 0 && state === 'ready' ? (
        <p className="no-match" data-testid="audit-empty">
          {filtered ? 'No entry matches these filters.' : 'Nothing recorded yet. Generating, importing, exporting or removing a key adds an entry.'}
        </p>
      ) : (
        entries.length > 0 && <AuditTable entries={entries} />
      )}
    </div>
  );
}
