import type { AuditAction } from '../../../../shared/dto/vault';
import { ACTION_GROUPS, actionLabel, type AuditFilterForm, keyIdFilter } from './audit-text';

/** Action (grouped checkboxes), key ID, result and date range. Every change lists again. */
export function AuditFilters({ form, onChange }: { form: AuditFilterForm; onChange: (form: AuditFilterForm) => void }) {
  const chosen = new Set(form.actions);
  const toggle = (actions: readonly AuditAction[], on: boolean) => {
    const next = new Set(chosen);
    for (const a of actions) {
      if (on) next.add(a);
      else next.delete(a);
    }
    onChange({ ...form, actions: ACTION_GROUPS.flatMap((g) => g.actions).filter((a) => next.has(a)) });
  };
  const badKeyId = form.keyId.trim() !== '' && keyIdFilter(form.keyId) === null;

  return (
    <div className="audit-filters" role="group" aria-label="Filters" data-testid="audit-filters">
      <details className="audit-actions-filter" data-testid="audit-action-filter">
        <summary className="button button-secondary">
          {form.actions.length === 0 ? 'All actions' : form.actions.length === 1 ? actionLabel(form.actions[0]!) : `${form.actions.length} actions`}
        </summary>
        <div className="audit-actions-menu">
          {ACTION_GROUPS.map((g) => {
            const all = g.actions.every((a) => chosen.has(a));
            return (
              <fieldset key={g.id} className="audit-action-group">
                <legend>
                  <label className="checkbox">
                    <input type="checkbox" checked={all} onChange={(e) => toggle(g.actions, e.target.checked)} />
                    <span>{g.title}</span>
                  </label>
                </legend>
                {g.actions.map((a) => (
                  <label key={a} className="checkbox">
                    <input type="checkbox" checked={chosen.has(a)} onChange={(e) => toggle([a], e.target.checked)} />
                    <span>{actionLabel(a)}</span>
                  </label>
                ))}
              </fieldset>
            );
          })}
          {form.actions.length > 0 && (
            <button type="button" className="button button-ghost button-small" onClick={() => onChange({ ...form, actions: [] })}>
              Show all actions
            </button>
          )}
        </div>
      </details>
      <label className="inline-field">
        <span>Key ID</span>
        <input
          className="mono"
          value={form.keyId}
          placeholder="start of an ID"
          spellCheck={false}
          aria-invalid={badKeyId || undefined}
          title={badKeyId ? 'A key ID is hexadecimal: 0-9 and a-f' : undefined}
          onChange={(e) => onChange({ ...form, keyId: e.target.value })}
        />
      </label>
      <label className="inline-field">
        <span>Result</span>
        <select value={form.result} onChange={(e) => onChange({ ...form, result: e.target.value as AuditFilterForm['result'] })}>
          <option value="">Any</option>
          <option value="ok">Succeeded</option>
          <option value="failed">Failed</option>
        </select>
      </label>
      <label className="inline-field">
        <span>From</span>
        <input type="date" value={form.from} onChange={(e) => onChange({ ...form, from: e.target.value })} />
      </label>
      <label className="inline-field">
        <span>To</span>
        <input type="date" value={form.to} onChange={(e) => onChange({ ...form, to: e.target.value })} />
      </label>
    </div>
  );
}
