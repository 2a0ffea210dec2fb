import { useId, useState } from 'react';
import type { TokenInfo } from '../../../../shared/dto/tokens';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { useStore } from '../../store';
import { shortId } from '../keys/key-text';
import { AdvisoryNote } from './AdvisoryNote';
import { canLogIn, tokenBadges } from './token-text';
import { TokenWarnings } from './TokenWarnings';

interface TokenCardProps {
  token: TokenInfo;
  onUnlock: () => void;
  onCreateRoot: () => void;
}

/** One connected token: what it is, its PIN state at a glance, the keys on it, and what can be done with it. */
export function TokenCard({ token: t, onUnlock, onCreateRoot }: TokenCardProps) {
  const titleId = useId();
  const logoutToken = useStore((s) => s.logoutToken);
  const notify = useStore((s) => s.notify);
  const [busy, setBusy] = useState(false);

  const lock = async () => {
    setBusy(true);
    const r = await logoutToken(t.id);
    setBusy(false);
    if (!r.ok) notify({ tone: 'error', title: 'Could not lock the token', detail: r.error.message });
  };

  return (
    <article className="token-card" aria-labelledby={titleId} data-testid="token-card" data-token-id={t.id} data-token-label={t.label}>
      <header className="token-card-head">
        <span className="token-card-icon" aria-hidden="true">
          <Icon name="token" size={22} />
        </span>
        <div className="token-card-title">
          <h3 id={titleId}>{t.label}</h3>
          <p className="muted">
            {t.manufacturer} · {t.model}
          </p>
        </div>
        <div className="badge-row" data-testid="token-flags">
          {tokenBadges(t).map((b) => (
            <Badge key={b.id} tone={b.tone}>
              {b.text}
            </Badge>
          ))}
        </div>
      </header>

      <dl className="token-facts">
        <dt>Serial</dt>
        <dd className="mono" data-testid="token-serial">
          {t.serial}
        </dd>
        <dt>Firmware</dt>
        <dd>{t.firmware ?? '—'}</dd>
        <dt>Manufacturer</dt>
        <dd>{t.manufacturer}</dd>
        <dt>Model</dt>
        <dd>{t.model}</dd>
        <dt>Module</dt>
        <dd className="mono break">
          {t.modulePath} <span className="muted">(slot {t.slot})</span>
        </dd>
      </dl>

      <TokenWarnings token={t} />
      {t.advisories.map((a) => (
        <AdvisoryNote key={a.id} advisory={a} />
      ))}
      {t.flags.protectedAuthPath && (
        <p className="callout token-note">This token takes its PIN on the device itself (a PIN pad): enter it there when it asks.</p>
      )}

      <section className="token-keys" aria-label={`Keys on ${t.label}`}>
        <h4 className="token-subtitle">Keys on this token</h4>
        {t.keys.length === 0 ? (
          <p className="muted" data-testid="token-no-keys">
            {!t.loggedIn && t.flags.loginRequired ? 'None that can be seen without the PIN: unlock the token to see them all.' : 'No keys yet.'}
          </p>
        ) : (
          <ul className="token-key-list" role="list">
            {t.keys.map((k) => (
              <li key={`${k.ckaId}:${k.id}`} className="token-key" data-testid="token-key" data-key-id={k.id}>
                <Badge tone={k.role === 'root' ? 'root' : 'neutral'}>{k.role ?? 'no role'}</Badge>
                <span className="mono" title={k.id}>
                  {shortId(k.id)}
                </span>
                <span className="muted">CKA_ID {k.ckaId}</span>
                {k.extractable === false && (
                  <Badge tone="warn" title="Made on the token: it can never leave it, so no backup exists">
                    no backup possible
                  </Badge>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="token-actions">
        {canLogIn(t) && (
          <button type="button" className="button button-primary" onClick={onUnlock}>
            <Icon name="lock" /> Unlock with PIN…
          </button>
        )}
        <button type="button" className={t.loggedIn ? 'button button-primary' : 'button button-secondary'} onClick={onCreateRoot} disabled={t.flags.pinLocked}>
          <Icon name="plus" /> Create a root key on this token…
        </button>
        {t.loggedIn && (
          <button type="button" className="button button-ghost" onClick={() => void lock()} disabled={busy}>
            Lock
          </button>
        )}
      </div>
    </article>
  );
}
