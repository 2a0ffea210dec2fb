import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../../components/ErrorNote';
import { useStore } from '../../../store';
import type { UiError } from '../../../store/types';

/** "Check all": every repository against its server, with a progress bar fed by main's repoCheck events. */
export function CheckAllControl() {
  const { progress, checkAll, count } = useStore(useShallow((s) => ({ progress: s.checkAllProgress, checkAll: s.checkAllRepos, count: s.repos.length })));
  const [error, setError] = useState<UiError | null>(null);
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        disabled={progress !== null || count === 0}
        onClick={async () => {
          setError(null);
          setError(await checkAll());
        }}
      >
        {progress ? 'Checking…' : 'Check all against their servers'}
      </button>
      {progress && (
        <div className="progress check-all-progress" data-testid="check-all-progress" data-done={progress.done} data-total={progress.total}>
          <div className="progress-head">
            <span className="progress-label" id="check-all-label">
              {progress.gun ? `Checked ${progress.gun}` : 'Checking every repository…'} ({progress.done} of {progress.total})
            </span>
          </div>
          <div className="progress-track" role="progressbar" aria-labelledby="check-all-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
        </div>
      )}
      {error && <ErrorNote error={error} />}
    </>
  );
}
