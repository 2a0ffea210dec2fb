import { explain } from '../errors/explain';
import type { UiError } from '../store/types';

/** A failed operation in plain words: what happened, what to do, and main's own message for detail. */
export function ErrorNote({ error, testId = 'error-note' }: { error: UiError; testId?: string }) {
  const e = explain(error.code);
  return (
    <div className="callout callout-error" role="alert" data-testid={testId} data-error-code={error.code}>
      <strong>{e.title}.</strong> {e.advice}
      {error.message && error.message !== e.title && <div className="callout-detail">{error.message}</div>}
    </div>
  );
}
