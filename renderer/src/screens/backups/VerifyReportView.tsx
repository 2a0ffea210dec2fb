import type { VerifiedKey, VerifyReport } from '../../../../shared/dto/backups';
import { Badge, type BadgeTone } from '../../components/Badge';
import { roleTone } from '../repos/repo-text';
import { formatDateTime, plural } from './backup-text';

const ARCHIVE: Record<VerifiedKey['archive'], { label: string; tone: BadgeTone }> = {
  ok: { label: 'intact', tone: 'ok' },
  missing: { label: 'missing from the file', tone: 'danger' },
  'hash-mismatch': { label: 'altered', tone: 'danger' },
  'not-in-manifest': { label: 'not in the manifest', tone: 'danger' },
};

const TRUST_DIR: Record<VerifiedKey['trustDir'], { label: string; tone: BadgeTone }> = {
  same: { label: 'same as in the folder', tone: 'neutral' },
  different: { label: 'differs from the folder', tone: 'warn' },
  missing: { label: 'not in the folder', tone: 'warn' },
};

/** What reading a backup back found: whether every key is intact, and how it compares with the trust folder. */
export function VerifyReportView({ report, headingLevel = 3 }: { report: VerifyReport; headingLevel?: 3 | 4 | 5 }) {
  const H = `h${headingLevel}` as const;
  const intact = report.keys.filter((k) => k.archive === 'ok').length;
  return (
    <section className="verify-report" data-testid="verify-report" data-ok={report.ok} aria-label="Verification report">
      <div className={report.ok ? 'callout callout-success' : 'callout callout-error'} role={report.ok ? 'status' : 'alert'}>
        {report.ok ? (
          <>
            <strong>The backup opens and every key in it is intact.</strong> {plural(intact, 'key')} checked against the hashes recorded when it was
            written.
          </>
        ) : (
          <>
            <strong>This backup is damaged.</strong> {plural(report.keys.length - intact, 'key')} in it cannot be trusted; use another copy.
          </>
        )}
      </div>
      <dl className="detail-facts">
        <dt>File</dt>
        <dd className="mono break">{report.file}</dd>
        <dt>Made</dt>
        <dd>
          {formatDateTime(report.createdAt)}
          {report.appVersion && <span className="muted"> · Trust Vault {report.appVersion}</span>}
        </dd>
        <dt>Checked</dt>
        <dd>{formatDateTime(report.verifiedAt)}</dd>
        {report.pinnedRoots.length > 0 && (
          <>
            <dt>Pinned roots</dt>
            <dd className="break">{report.pinnedRoots.join(', ')}</dd>
          </>
        )}
      </dl>
      {report.differences.length > 0 && (
        <>
          <H className="report-subtitle">Differences from the trust folder</H>
          <p className="muted">Not failures: the folder changed since the backup (keys added, removed or re-encrypted).</p>
          <ul className="report-list" data-testid="verify-differences">
            {report.differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </>
      )}
      <details className="report-keys">
        <summary>The {plural(report.keys.length, 'key')} in this backup</summary>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">GUN</th>
              <th scope="col">Key ID</th>
              <th scope="col">In the file</th>
              <th scope="col">Trust folder</th>
            </tr>
          </thead>
          <tbody>
            {report.keys.map((k) => (
              <tr key={k.path} data-testid="verified-key" data-key-id={k.id} data-archive={k.archive}>
                <td>{k.role ? <Badge tone={roleTone(k.role)}>{k.role}</Badge> : <span className="muted">unknown</span>}</td>
                <td className="mono break">{k.gun ?? '—'}</td>
                <td className="mono" title={k.id}>
                  {k.id.slice(0, 12)}…
                </td>
                <td>
                  <Badge tone={ARCHIVE[k.archive].tone}>{ARCHIVE[k.archive].label}</Badge>
                </td>
                <td>
                  <Badge tone={TRUST_DIR[k.trustDir].tone}>{TRUST_DIR[k.trustDir].label}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
