import type { RecoveryPlan } from '../../../../shared/dto/recovery';
import { Badge } from '../../components/Badge';
import { roleTone } from '../repos/repo-text';
import { keyLocations, planSummary, ROLE_STATUS, shortId } from './recovery-text';

/** Step 1 of the wizard: for each role, the keys you still have and where, and what is lost. */
export function RecoveryPlanView({ plan }: { plan: RecoveryPlan }) {
  return (
    <div className="recovery-plan" data-testid="recovery-plan" data-lost={plan.lost.join(' ')} data-root-lost={plan.rootLoss ? 'true' : 'false'}>
      <p className="recovery-summary" data-testid="recovery-summary">
        {planSummary(plan)}
      </p>
      {plan.source.kind === 'cache' && (
        <div className="callout callout-warn" data-testid="recovery-from-cache">
          Planned from the copy cached in the trust folder: no notary server is set for this repository. Set it under “Check against the server” to plan from
          what the server serves and to make the changes.
        </div>
      )}
      {plan.rootLoss && (
        <div className="callout callout-error" data-testid="root-loss-statement">
          <strong>It cannot be recovered.</strong> {plan.rootLoss.statement}
          <div className="callout-detail">
            Searched: {plan.rootLoss.searched.keyFiles} key file{plan.rootLoss.searched.keyFiles === 1 ? '' : 's'},{' '}
            {plan.rootLoss.searched.tokens.length === 0 ? 'no token' : `tokens ${plan.rootLoss.searched.tokens.join(', ')}`}, {plan.rootLoss.searched.backups} backup
            {plan.rootLoss.searched.backups === 1 ? '' : 's'}.
          </div>
        </div>
      )}
      {plan.rootLoss && (
        <div className="callout recovery-way-out" data-testid="root-loss-way-out">
          <strong>The way out:</strong>
          <ol>
            {plan.steps.map((s) => (
              <li key={s.id}>{s.title}</li>
            ))}
          </ol>
          {plan.rootLoss.hostedRegistry && <p data-testid="hosted-registry-note">{plan.rootLoss.hostedRegistryNote}</p>}
        </div>
      )}
      <table className="recovery-roles">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Where its keys are</th>
          </tr>
        </thead>
        <tbody>
          {plan.roles.map((r) => {
            const s = ROLE_STATUS[r.status];
            return (
              <tr key={r.role} data-testid="recovery-role" data-role={r.role} data-status={r.status}>
                <th scope="row">
                  <Badge tone={roleTone(r.role)}>{r.role}</Badge>
                </th>
                <td>
                  <Badge tone={s.tone}>{s.label}</Badge>
                </td>
                <td>
                  {(r.status === 'lost' || r.status === 'server-held') && <p className="recovery-role-summary">{r.summary}</p>}
                  <ul role="list" className="recovery-keys">
                    {r.keys.map((k) => {
                      const where = keyLocations(k);
                      return (
                        <li key={k.keyId}>
                          <code title={k.canonicalId}>{shortId(k.canonicalId)}</code>{' '}
                          {where.length === 0 ? (
                            <span className="muted">{r.status === 'server-held' ? 'on the notary server' : 'nowhere you can reach'}</span>
                          ) : (
                            <span className="muted break">{where.join('; ')}</span>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {plan.notes.length > 0 && (
        <ul className="recovery-notes" role="list">
          {plan.notes.map((n) => (
            <li key={n} className="muted">
              {n}
            </li>
          ))}
        </ul>
      )}
      {plan.steps.length > 0 && !plan.rootLoss && (
        <p className="muted">
          {plan.steps.length === 1 ? 'One step follows' : `${plan.steps.length} steps follow`}, one at a time; each says what it changes on the server before it changes it.
        </p>
      )}
    </div>
  );
}
