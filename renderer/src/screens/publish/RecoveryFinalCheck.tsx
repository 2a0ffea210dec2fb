import { useEffect, useState } from 'react';
import type { RepoServerCheck } from '../../../../shared/dto/repos';
import { vault } from '../../api';
import { Badge } from '../../components/Badge';
import { ErrorNote } from '../../components/ErrorNote';
import type { UiError } from '../../store/types';
import { ProblemList } from '../repos/ProblemList';
import { VERDICT } from '../repos/repo-text';

/** The wizard's last step: the repository as its server serves it, checked against the root pinned here, must be trusted. */
export function RecoveryFinalCheck({ dirId, gun }: { dirId: string; gun: string }) {
  const [check, setCheck] = useState<RepoServerCheck | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(true);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    setBusy(true);
    setError(null);
    void vault.repos.checkServer({ trustDirId: dirId, gun }).then((r) => {
      if (!live) return;
      setBusy(false);
      if (!r.ok) setError({ code: r.code, message: r.message });
      else setCheck(r.value);
    });
    return () => {
      live = false;
    };
  }, [dirId, gun, round]);

  const v = check ? VERDICT[check.verdict] : null;
  return (
    <div className="recovery-final" data-testid="recovery-final" data-verdict={busy ? '' : (check?.verdict ?? 'error')}>
      {busy && <p className="loading">Checking the repository on its server…</p>}
      {error && <ErrorNote error={error} />}
      {!busy && check && v && (
        <>
          <p className="server-check-verdict">
            <Badge tone={v.tone}>{v.label}</Badge> <span>As served by</span> <code className="break">{check.server}</code>
          </p>
          <p>
            {check.verdict === 'trusted'
              ? 'The repository is trusted again: every role checks out against the root pinned here.'
              : 'The repository is not trusted yet: see the problems below, then check again.'}
          </p>
          {check.problems.length > 0 && <ProblemList gun={check.gun} problems={check.problems} />}
        </>
      )}
      {!busy && (
        <button type="button" className="button button-secondary" onClick={() => setRound((n) => n + 1)}>
          Check again
        </button>
      )}
    </div>
  );
}
