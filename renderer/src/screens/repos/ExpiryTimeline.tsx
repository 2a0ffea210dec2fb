import type { RoleStatus } from '../../../../shared/dto/status';
import { daysLeft, expiryTone, formatDate, relativeDays } from './repo-text';

/** One horizontal bar per role, from today to its expiry, on a shared scale; a tick marks 90 days. */
export function ExpiryTimeline({ roles }: { roles: RoleStatus[] }) {
  const rows = roles
    .filter((r): r is RoleStatus & { expires: string } => r.expires !== null)
    .map((r) => ({ role: r.role, expires: r.expires, days: daysLeft(r.expires) }))
    .sort((a, b) => (a.days ?? Infinity) - (b.days ?? Infinity));
  if (rows.length === 0) return <p className="muted">No role has an expiry date.</p>;
  const span = Math.max(120, ...rows.map((r) => r.days ?? 0));
  const pct = (d: number) => `${Math.max(0, Math.min(100, (d / span) * 100))}%`;
  return (
    <div className="timeline" role="table" aria-label="Expiry timeline">
      <div className="timeline-row timeline-scale" role="row" aria-hidden="true">
        <span role="cell">Today</span>
        <span role="cell" className="timeline-track">
          <span className="timeline-tick" style={{ left: pct(90) }}>
            90 days
          </span>
        </span>
        <span role="cell" />
      </div>
      {rows.map((r) => {
        // notary-server re-signs the timestamp by itself: its short life is normal, not a warning.
        const serverManaged = r.role === 'timestamp' && r.days !== null && r.days >= 0;
        const tone = serverManaged ? 'neutral' : expiryTone(r.days);
        return (
          <div className="timeline-row" role="row" key={r.role} data-testid="timeline-row" data-role={r.role}>
            <span role="cell" className="timeline-role">
              {r.role}
            </span>
            <span role="cell" className="timeline-track">
              <span className="timeline-ninety" style={{ left: pct(90) }} />
              <span className={`timeline-bar timeline-${tone}`} style={{ width: r.days !== null && r.days < 0 ? '4px' : pct(r.days ?? 0) }} />
            </span>
            <span role="cell" className="timeline-date">
              {formatDate(r.expires)} <span className="muted">({relativeDays(r.days)}{serverManaged ? ', renewed by the server' : ''})</span>
            </span>
          </div>
        );
      })}
    </div>
  );
}
