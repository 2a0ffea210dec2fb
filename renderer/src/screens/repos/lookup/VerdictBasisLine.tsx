import type { RepoCheckResult, RecordedCheck, VerdictBasis } from '../../../../../shared/dto/repo-lookup';
import { Badge } from '../../../components/Badge';
import { VERDICT } from '../repo-text';
import { basisText, recordedText } from './basis-text';

/**
 * Says when and against what a verdict was reached: this session's check when there is one (with the last verdict
 * reached when the server could not be asked), else the cache's basis and the last server check remembered.
 */
export function VerdictBasisLine({
  basis,
  lastCheck,
  check,
}: {
  basis?: VerdictBasis | undefined;
  lastCheck?: (RecordedCheck & { reached: RecordedCheck | null }) | null | undefined;
  check: RepoCheckResult | null;
}) {
  if (check) {
    return (
      <div className="verdict-basis" data-testid="verdict-basis" data-verdict={check.verdict} data-against={check.basis.against}>
        <p>
          Server check: <Badge tone={VERDICT[check.verdict].tone}>{VERDICT[check.verdict].label}</Badge>, {basisText(check.basis)}.
        </p>
        {check.verdict === 'unreachable' && (
          <p data-testid="last-verdict">
            {check.problems[0]?.message ?? 'The server could not be asked.'}{' '}
            {check.last ? (
              <>
                Last verdict reached: <Badge tone={VERDICT[check.last.verdict].tone}>{VERDICT[check.last.verdict].label}</Badge> {recordedText(check.last).replace(/^\w+ /, '')}.
              </>
            ) : (
              'No earlier verdict is known.'
            )}
          </p>
        )}
      </div>
    );
  }
  if (!basis) return null;
  const last = lastCheck ?? null;
  return (
    <div className="verdict-basis" data-testid="verdict-basis" data-against={basis.against}>
      <p>Verdict {basisText(basis)}.</p>
      {last ? (
        <p data-testid="last-server-check">
          Last check against the server: <Badge tone={VERDICT[last.verdict].tone}>{VERDICT[last.verdict].label}</Badge> {recordedText(last).replace(/^\w+ /, '')}
          {last.verdict === 'unreachable' && last.reached ? (
            <>
              {' '}
              (last answer: {VERDICT[last.reached.verdict].label.toLowerCase()}, {recordedText(last.reached).replace(/^\w+ /, '')})
            </>
          ) : null}
          .
        </p>
      ) : (
        <p className="muted">Not yet checked against its server.</p>
      )}
    </div>
  );
}
