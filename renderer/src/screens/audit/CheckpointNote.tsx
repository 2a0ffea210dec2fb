import type { AuditCheckpointReport } from '../../../../shared/dto/vault';
import { Icon } from '../../components/Icon';
import { formatDateTime } from '../../components/datetime';

const range = (seqs: number[]) => (seqs.length === 1 ? `entry #${seqs[0]}` : `${seqs.length} entries (#${seqs[0]} to #${seqs[seqs.length - 1]})`);

/**
 * The log against the vault's checkpoints (issue 12, point 3): the hash chain shows careless edits; the checkpoints,
 * keyed by the vault, show a rewrite that recomputed the chain, or a deleted log.
 */
export function CheckpointNote({ report }: { report: AuditCheckpointReport | undefined }) {
  if (!report) {
    return (
      <p className="muted" data-testid="audit-checkpoint" data-state="unchecked">
        Unlock the vault to check the log against its checkpoints too: the hash chain alone cannot show a log rewritten from the start.
      </p>
    );
  }
  return (
    <div className="audit-checkpoint" data-testid="audit-checkpoint" data-state={report.state}>
      {report.state === 'tampered' && report.tampered && (
        <p>
          <Icon name="shield" /> The vault keeps its own checkpoints of this log, which no one without the master passphrase can make:{' '}
          {report.tampered.firstSeq === report.tampered.lastSeq ? `entry #${report.tampered.firstSeq} is` : `entries #${report.tampered.firstSeq} to #${report.tampered.lastSeq} are`} not
          what it recorded
          {report.tampered.since ? `, and the log last matched on ${formatDateTime(report.tampered.since)}` : ''}.
        </p>
      )}
      {report.state === 'confirmed' && report.last && (
        <p>
          Confirmed by the vault up to entry #{report.last.seq} ({formatDateTime(report.last.at)}): no entry up to it was changed or removed.
        </p>
      )}
      {report.state === 'none' && <p>The vault holds no checkpoint of this log yet; the next change to the vault takes one.</p>}
      {report.unconfirmed.length > 0 && (
        <p className="muted" data-testid="audit-unconfirmed">
          Not yet confirmed: {range(report.unconfirmed)}, written since the last checkpoint by commands that did not open the vault. The next unlock or change
          to the vault confirms them.
        </p>
      )}
    </div>
  );
}
