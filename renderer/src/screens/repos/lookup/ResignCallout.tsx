import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RepoDetail } from '../../../../../shared/dto/repos';
import { ErrorNote } from '../../../components/ErrorNote';
import { SecretField } from '../../../components/SecretField';
import { useStore } from '../../../store';
import type { PublishPassphrases, UiError } from '../../../store/types';
import { daysLeft, formatDate, relativeDays } from '../repo-text';

const WITHIN_DAYS = 30;

/**
 * Where an expiry notification leads (issue 15, point 5): the roles this folder signs that expire within 30 days, and
 * re-signing them with their current keys. Passphrases live in this form only and are cleared after the call; left
 * empty, the unlocked vault's saved passphrase is used.
 */
export function ResignCallout({ dirId, detail }: { dirId: string; detail: RepoDetail }) {
  const { request, resignRoles } = useStore(useShallow((s) => ({ request: s.resignRequest, resignRoles: s.resignRoles })));
  const signed = new Set(detail.heldKeys.map((k) => k.role));
  const expiring = detail.roles.filter((r) => r.expires && r.role !== 'timestamp' && signed.has(r.role) && (daysLeft(r.expires) ?? Infinity) <= WITHIN_DAYS);
  const [values, setValues] = useState<PublishPassphrases>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (expiring.length === 0 && !done) return null;
  const roles = expiring.map((r) => r.role);
  // Re-signing a role needs its key, and a new snapshot (unless the server holds it) signs the change in.
  const needs = new Set<keyof PublishPassphrases>(roles.map((r) => (r === 'root' || r === 'targets' || r === 'snapshot' ? r : 'delegation')));
  if (signed.has('snapshot')) needs.add('snapshot');
  const fromNotice = request?.gun === detail.gun;
  const run = async () => {
    setBusy(true);
    setError(null);
    const passphrases = values;
    setValues({});
    const r = await resignRoles(dirId, detail.gun, roles, passphrases);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setDone(r.value.action);
  };
  return (
    <section className={`repo-section callout ${done ? 'callout-success' : 'callout-warn'}`} data-testid="resign-callout" data-from-notice={String(fromNotice)}>
      {done ? (
        <p>Done: {done}.</p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <h3 className="repo-section-title">Re-sign before it expires</h3>
          <ul>
            {expiring.map((r) => (
              <li key={r.role}>
                <strong>{r.role}</strong> expires {formatDate(r.expires!)} ({relativeDays(daysLeft(r.expires!))})
              </li>
            ))}
          </ul>
          <p className="muted">Signs these roles again with their current keys and a fresh expiry, on the repository’s server.</p>
          {[...needs].map((role) => (
            <SecretField
              key={role}
              label={`${role} passphrase`}
              value={values[role] ?? ''}
              onChange={(v) => setValues((x) => ({ ...x, [role]: v }))}
              autoComplete="off"
              hint="Left empty, the unlocked vault’s saved passphrase is used."
            />
          ))}
          <div className="wizard-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Re-signing…' : `Re-sign ${roles.join(', ')}`}
            </button>
          </div>
          {error && <ErrorNote error={error} />}
        </form>
      )}
    </section>
  );
}
