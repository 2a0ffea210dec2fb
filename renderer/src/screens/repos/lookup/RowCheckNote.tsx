import type { RepoSummary } from '../../../../../shared/dto/repos';
import { useStore } from '../../../store';
import { checkResultOf } from '../../../store/lookup-slice';
import { VERDICT } from '../repo-text';
import { ageText } from './basis-text';

/** In a repository row: the latest server check (this session's, else the remembered one), with its age. */
export function RowCheckNote({ repo }: { repo: RepoSummary }) {
  const check = useStore((s) => checkResultOf(s, repo.gun));
  const latest = check ? { verdict: check.verdict, basis: check.basis, last: check.last } : repo.lastCheck ? { verdict: repo.lastCheck.verdict, basis: repo.lastCheck.basis, last: repo.lastCheck.reached } : null;
  if (!latest || latest.basis.against === 'cache') return null;
  const label = VERDICT[latest.verdict].label.toLowerCase();
  return (
    <span className="row-check-note" data-testid="row-check" data-verdict={latest.verdict}>
      {' · '}server: {label} {ageText(latest.basis.checkedAt)}
      {latest.verdict === 'unreachable' && latest.last && latest.last.verdict !== 'unreachable' && (
        <>
          {' '}
          (last verdict {VERDICT[latest.last.verdict].label.toLowerCase()}, {ageText(latest.last.basis.checkedAt)})
        </>
      )}
    </span>
  );
}
