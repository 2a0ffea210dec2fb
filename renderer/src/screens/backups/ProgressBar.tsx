import { useId } from 'react';

/** One labelled progress bar (role=progressbar, 0 to 100), with the percentage written beside it. */
export function ProgressBar({ label, percent, detail }: { label: string; percent: number; detail?: string }) {
  const id = useId();
  const done = percent >= 100;
  return (
    <div className={done ? 'progress progress-done' : 'progress'} data-testid="progress" data-percent={percent}>
      <div className="progress-head">
        <span id={id} className="progress-label">
          {label}
        </span>
        <span className="progress-value" aria-hidden="true">
          {done ? 'done' : `${percent}%`}
        </span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={detail ? `${percent}% (${detail})` : `${percent}%`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
