import { useMemo, useState } from 'react';
import type { CoverageReport, KeyCoverage } from '../../../../shared/dto/backups';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { roleTone } from '../repos/repo-text';
import { coverageCell, COVERAGE_STATUS, formatDay, plural, sortCoverage, summarizeCoverage } from './backup-text';

/** Rows rendered at first; the rest on request, so a folder of thousands of keys stays quick. */
const FIRST_ROWS = 300;

interface CoverageTableProps {
  report: CoverageReport;
  onBackUp: () => void;
  onVerify: () => void;
}

/**
 * Backup coverage as a table of keys by drive: one row per key (root first, the least covered first), one column per
 * place a backup was written, and a status per key. Keys without a backup are flagged, and a restore drill is asked
 * for when no copy of a key was verified for 6 months.
 */
export function CoverageTable({ report, onBackUp, onVerify }: CoverageTableProps) {
  const keys = useMemo(() => sortCoverage(report.keys), [report.keys]);
  const summary = useMemo(() => summarizeCoverage(report), [report]);
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? keys : keys.slice(0, FIRST_ROWS);
  const months = Math.round(report.drillAfterDays / 30);

  if (keys.length === 0) {
    return (
      <div className="empty" data-testid="coverage-empty">
        <h3>No keys in this trust folder</h3>
        <p>Once you generate or import keys, this table shows which backups hold each of them.</p>
      </div>
    );
  }

  return (
    <div className="coverage" data-testid="coverage">
      {summary.none > 0 && (
        <div className="callout callout-error coverage-flag" data-testid="coverage-none">
          <Icon name="warning" />
          <div>
            <strong>
              {summary.none === summary.total ? 'No key has a backup' : `${plural(summary.none, 'key has', 'keys have')} no backup`}
              {summary.rootsWithout > 0 && `, ${summary.rootsWithout === 1 ? 'including a root key' : `including ${summary.rootsWithout} root keys`}`}.
            </strong>{' '}
            {summary.rootsWithout > 0
              ? 'A lost root key is not recoverable: back it up to two drives now.'
              : 'If this computer is lost, those keys are lost with it.'}
          </div>
          <button type="button" className="button button-primary button-small" onClick={onBackUp}>
            Back up keys
          </button>
        </div>
      )}
      {summary.drillDue > 0 && (
        <div className="callout callout-warn coverage-flag" data-testid="drill-reminder" role="status">
          <Icon name="warning" />
          <div>
            <strong>Time for a restore drill.</strong> No backup of {plural(summary.drillDue, 'key')} has been verified for {months} months. Plug
            in a backup drive and verify it: a backup is only as good as the last time it opened.
          </div>
          <button type="button" className="button button-secondary button-small" onClick={onVerify}>
            Verify a backup
          </button>
        </div>
      )}
      {summary.none === 0 && summary.drillDue === 0 && summary.unverified === 0 && (
        <div className="callout callout-success" data-testid="coverage-all-good">
          <strong>Every key has a verified backup.</strong> Verify one again within {months} months to keep it that way.
        </div>
      )}

      <div className="coverage-table-wrap">
        <table className="data-table coverage-table" aria-label="Backup coverage: keys by drive" data-testid="coverage-table">
          <thead>
            <tr>
              <th scope="col">Key</th>
              {report.locations.map((loc) => (
                <th scope="col" key={loc} className="coverage-loc" data-testid="coverage-location">
                  <Icon name="backup" size={14} /> {loc}
                </th>
              ))}
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((k) => (
              <CoverageRow key={k.id} k={k} locations={report.locations} />
            ))}
          </tbody>
        </table>
      </div>
      {!showAll && keys.length > FIRST_ROWS && (
        <button type="button" className="button button-secondary" onClick={() => setShowAll(true)}>
          Show all {plural(keys.length, 'key')}
        </button>
      )}
      {report.locations.length === 0 && (
        <p className="muted coverage-note">No backup has been written from this trust folder yet: each drive you back up to becomes a column.</p>
      )}
    </div>
  );
}

function CoverageRow({ k, locations }: { k: KeyCoverage; locations: string[] }) {
  const status = COVERAGE_STATUS[k.status];
  const role = k.role ?? k.kind;
  return (
    <tr className={`coverage-row coverage-${k.status}`} data-testid="coverage-row" data-key-id={k.id} data-status={k.status}>
      <th scope="row" className="coverage-key">
        <span className="coverage-key-line">
          {role ? <Badge tone={roleTone(role)}>{role}</Badge> : <Badge>no role</Badge>}
          {k.gun && <span className="mono break">{k.gun}</span>}
        </span>
        <span className="mono coverage-id" title={k.id}>
          {k.id.slice(0, 16)}…
        </span>
      </th>
      {locations.map((loc) => {
        const cell = coverageCell(k, loc);
        return (
          <td key={loc} className={`coverage-cell cell-${cell.state}`} data-testid="coverage-cell" data-location={loc} data-state={cell.state}>
            {cell.state === 'verified' && (
              <>
                <span className="cell-mark" aria-hidden="true">
                  ✓
                </span>{' '}
                verified {formatDay(cell.copy!.lastVerifiedAt)}
              </>
            )}
            {cell.state === 'failed' && <>check failed {formatDay(cell.copy!.lastVerifiedAt)}</>}
            {cell.state === 'unverified' && <>written {formatDay(cell.copy!.writtenAt)}, not checked</>}
            {cell.state === 'absent' && (
              <>
                <span aria-hidden="true">—</span>
                <span className="sr-only">no copy</span>
              </>
            )}
          </td>
        );
      })}
      <td className="coverage-status">
        <Badge tone={status.tone} title={status.sentence}>
          {k.status === 'verified' || k.status === 'drill-due'
            ? `${status.label === 'Verified' ? '' : `${status.label} · `}${plural(k.verifiedCopies, 'verified copy', 'verified copies')}`
            : status.label}
        </Badge>
        {k.lastVerifiedAt && <span className="coverage-last">last checked {formatDay(k.lastVerifiedAt)}</span>}
      </td>
    </tr>
  );
}
