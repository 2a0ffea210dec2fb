import type { HeldKey, RepoDetail } from '../../../../shared/dto/repos';
import type { RoleStatus } from '../../../../shared/dto/status';
import { Badge } from '../../components/Badge';
import { daysLeft, expiryTone, formatDate, relativeDays, roleSentence, roleTone, shortId } from './repo-text';

/**
 * The trust chain as a picture: root on top, the repository key (targets) under it, its delegations under that;
 * snapshot and timestamp beside root, since root names their keys too. Each node shows its keys (short IDs, a
 * "held here" badge for keys whose file is in this trust folder), threshold, signature state and expiry.
 */
export function TrustChain({ detail }: { detail: RepoDetail }) {
  const role = (name: string) => detail.roles.find((r) => r.role === name);
  const delegations = detail.delegations.map((d) => ({ d, r: role(d.name) }));
  const node = (name: string, r: RoleStatus | undefined) => <RoleNode key={name} name={name} status={r} held={detail.heldKeys} problems={detail.problems.filter((p) => p.role === name).length} />;
  return (
    <div className="chain" role="group" aria-label="Trust chain">
      <div className="chain-main">
        {node('root', role('root'))}
        <div className="chain-arrow" aria-hidden="true">
          <span>delegates tags to</span>
        </div>
        {node('targets', role('targets'))}
        {delegations.length > 0 && (
          <>
            <div className="chain-arrow" aria-hidden="true">
              <span>delegates to</span>
            </div>
            <div className="chain-delegations">
              {delegations.map(({ d, r }) => (
                <RoleNode
                  key={d.name}
                  name={d.name}
                  status={r ?? { role: d.name, version: null, expires: null, threshold: d.threshold, keys: d.keys, signatures: [] }}
                  held={detail.heldKeys}
                  paths={d.paths}
                  problems={detail.problems.filter((p) => p.role === d.name).length}
                />
              ))}
            </div>
          </>
        )}
      </div>
      <div className="chain-side">
        <p className="chain-side-note">Also named by root:</p>
        {node('snapshot', role('snapshot'))}
        {node('timestamp', role('timestamp'))}
      </div>
    </div>
  );
}

function RoleNode({ name, status, held, paths, problems }: { name: string; status: RoleStatus | undefined; held: HeldKey[]; paths?: string[]; problems: number }) {
  const valid = status ? new Set(status.signatures.filter((s) => s.valid).map((s) => s.keyid)).size : 0;
  const threshold = status?.threshold ?? 1;
  const signed = status !== undefined && status.signatures.length > 0;
  const met = signed && valid >= threshold;
  const days = status?.expires ? daysLeft(status.expires) : null;
  const state = !status ? 'missing' : met && problems === 0 ? 'ok' : met ? 'warn' : 'bad';
  return (
    <section className={`chain-node chain-node-${state}`} aria-label={`Role ${name}`} data-testid="chain-node" data-role={name} data-state={state}>
      <header className="chain-node-head">
        <Badge tone={roleTone(name)}>{name}</Badge>
        {status?.version != null && <span className="muted">v{status.version}</span>}
      </header>
      <p className="chain-node-what">{roleSentence(name)}</p>
      {!status ? (
        <p className="chain-sig chain-sig-bad">Not in the cache</p>
      ) : (
        <>
          <p className={`chain-sig ${met ? 'chain-sig-ok' : 'chain-sig-bad'}`} data-testid="signature-state">
            {met ? '✓' : '✗'} {valid} of {threshold} required signature{threshold === 1 ? '' : 's'} valid
          </p>
          {status.expires && (
            <p className="chain-expiry">
              <Badge tone={name === 'timestamp' && days !== null && days >= 0 ? 'neutral' : expiryTone(days)}>{days !== null && days < 0 ? 'expired' : 'expires'}</Badge> {formatDate(status.expires)}{' '}
              <span className="muted">({relativeDays(days)})</span>
            </p>
          )}
          <ul className="chain-keys" role="list" aria-label={`Keys of ${name}`}>
            {status.keys.map((k) => {
              const h = held.find((x) => x.role === name && x.keyId === k.id);
              const sig = status.signatures.find((s) => s.keyid === k.id);
              return (
                <li key={k.id} data-testid="role-key" data-key-id={k.canonicalId ?? k.id} data-held={h ? 'true' : 'false'}>
                  <code title={k.canonicalId && k.canonicalId !== k.id ? `${k.canonicalId} (metadata ID ${k.id})` : k.id}>{shortId(k.canonicalId ?? k.id)}</code>
                  <span className="muted">{k.type}</span>
                  {sig && !sig.valid && <Badge tone="danger" title={sig.reason}>bad signature</Badge>}
                  {h && (
                    <Badge tone="ok" title={`The key file is in this trust folder (${h.location})`}>
                      held here
                    </Badge>
                  )}
                </li>
              );
            })}
          </ul>
          {paths && (
            <p className="chain-paths muted">
              Tags: {paths.length === 0 ? 'none' : paths.map((p) => (p === '' ? 'any' : `${p}*`)).join(', ')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
