import type { PublishResult } from '../../../../shared/dto/publish';
import { Badge } from '../../components/Badge';
import { VERDICT } from '../repos/repo-text';

/** What a publisher change did: the action, versions on the server, key files written and removed, the verdict after. */
export function PublishOutcome({ result }: { result: PublishResult }) {
  const v = result.verdict ? VERDICT[result.verdict] : null;
  const versions = Object.entries(result.versions);
  return (
    <div className="callout callout-success publish-outcome" role="status" data-testid="publish-outcome" data-verdict={result.verdict ?? ''}>
      <p>
        <strong>Done: {result.action}.</strong> {v && <Badge tone={v.tone}>{v.label} on the server</Badge>}
      </p>
      {versions.length > 0 && <p className="muted">Versions on the server: {versions.map(([r, n]) => `${r} ${n}`).join(', ')}</p>}
      {result.keysWritten.length > 0 && (
        <ul className="publish-keys" role="list">
          {result.keysWritten.map((k) => (
            <li key={k.id} data-testid="key-written" data-role={k.role} data-key-id={k.id}>
              New {k.role} key <code className="break">{k.id}</code> in <code className="break">{k.file}</code>
            </li>
          ))}
        </ul>
      )}
      {result.keysRemoved.length > 0 && <p className="muted">Key files removed: {result.keysRemoved.map((id) => id.slice(0, 12)).join(', ')}</p>}
      {result.cacheProblem && <p className="muted">{result.cacheProblem}</p>}
      {result.warnings.map((w) => (
        <p key={w} className="publish-warning">
          {w}
        </p>
      ))}
    </div>
  );
}
