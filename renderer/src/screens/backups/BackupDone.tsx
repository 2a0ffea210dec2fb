import { useEffect, useRef } from 'react';
import type { BackupCopyResult, BackupCreated } from '../../../../shared/dto/backups';
import { Badge } from '../../components/Badge';
import { BackupErrorNote } from './BackupErrorNote';
import { formatBytes, formatDateTime, plural, toUiError } from './backup-text';
import { VerifyReportView } from './VerifyReportView';

const copyOk = (c: BackupCopyResult): boolean => !c.error && !!c.verify?.ok;

/** The end of the backup wizard: each copy with where it went and whether reading it back proved it intact. */
export function BackupDone({ result, onCoverage, onAgain }: { result: BackupCreated; onCoverage: () => void; onAgain: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus the outcome, not a button below it: keyboard and screen reader users start at the summary.
  useEffect(() => heading.current?.focus(), []);
  const good = result.copies.filter(copyOk).length;
  const all = result.copies.length;
  return (
    <div className="backup-done" data-testid="backup-done">
      <h3 className="wizard-title" ref={heading} tabIndex={-1}>{good === all ? 'Backup written and verified' : good > 0 ? 'Backup partly written' : 'The backup failed'}</h3>
      <div
        className={good === all && all >= 2 ? 'callout callout-success' : good > 0 ? 'callout callout-warn' : 'callout callout-error'}
        role="status"
        data-testid="backup-summary"
      >
        <strong>
          {plural(good, 'verified copy', 'verified copies')} of {plural(all, 'copy', 'copies')}.
        </strong>{' '}
        {result.keyIds.length > 0 && <>{plural(result.keyIds.length, 'key')}</>}
        {result.pinnedRoots.length > 0 && <> and {plural(result.pinnedRoots.length, 'pinned root')}</>}, made {formatDateTime(result.createdAt)}.{' '}
        {good < 2 && 'One copy is not a backup strategy: good practice is to create two encrypted USB keys.'}
        {good >= 2 && 'Keep the drives in different places, and verify one of them at least every 6 months.'}
      </div>
      <ul className="copy-list" role="list" aria-label="Copies">
        {result.copies.map((c, i) => (
          <li key={`${c.destination}-${i}`} className="copy" data-testid="backup-copy" data-destination={c.destination} data-verified={copyOk(c)}>
            <div className="copy-head">
              <h4 className="copy-title">{c.destination}</h4>
              {copyOk(c) ? <Badge tone="ok">verified</Badge> : <Badge tone="danger">{c.error ? 'failed' : 'not intact'}</Badge>}
            </div>
            {c.file && (
              <p className="mono break copy-file">
                {c.file}
                {c.bytes !== null && <span className="muted"> · {formatBytes(c.bytes)}</span>}
              </p>
            )}
            {c.noPermissions && (
              <p className="callout callout-warn copy-fat">
                This drive has no file permissions (FAT or exFAT): the file's only protection is its encryption.
              </p>
            )}
            {c.error && <BackupErrorNote error={toUiError(c.error)} testId="copy-error" />}
            {c.verify && (
              <>
                <p className={c.verify.ok ? 'copy-check copy-check-ok' : 'copy-check copy-check-bad'} data-testid="copy-check">
                  {c.verify.ok
                    ? `✓ Read back from the drive and decrypted: ${plural(c.verify.keys.length, 'key')} intact${
                        c.verify.pinnedRoots.length ? `, ${plural(c.verify.pinnedRoots.length, 'pinned root')}` : ''
                      }.`
                    : 'Read back, but the copy is not intact: do not rely on it.'}
                </p>
                <details className="report-keys">
                  <summary>What was checked</summary>
                  <VerifyReportView report={c.verify} headingLevel={5} />
                </details>
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="wizard-actions">
        <button type="button" className="button button-secondary" onClick={onAgain}>
          Make another backup
        </button>
        <button type="button" className="button button-primary" onClick={onCoverage}>
          See the coverage
        </button>
      </div>
    </div>
  );
}
