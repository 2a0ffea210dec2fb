import type { OfflineKeyInfo } from '../../../../shared/dto/vault';
import { Badge } from '../../components/Badge';
import { shortId } from '../keys/key-text';
import { clockTime, dateTime } from './vault-text';

/** Root keys kept in the vault instead of the trust folder. Their IDs are public, so they show while locked too. */
export function OfflineKeys({ keys }: { keys: OfflineKeyInfo[] }) {
  if (keys.length === 0) {
    return (
      <p className="muted" data-testid="vault-offline-empty">
        No key is offline. On the Keys screen, select a root key and choose “Take offline”: its file moves into the vault and comes back only
        when you bring it online.
      </p>
    );
  }
  return (
    <ul className="vault-list" role="list" aria-label="Offline keys" data-testid="vault-offline">
      {keys.map((k) => (
        <li key={k.keyId} className="vault-list-item" data-testid="vault-offline-item" data-key-id={k.keyId} data-online={k.onlineUntil ? 'true' : 'false'}>
          <span className="vault-list-text">
            <span className="vault-list-main">
              <Badge tone={k.role === 'root' ? 'root' : 'neutral'}>{k.role ?? 'no role'}</Badge>
              <span className="mono" title={k.keyId}>
                {shortId(k.keyId)}
              </span>
              {k.gun && <span className="muted">{k.gun}</span>}
              {k.onlineUntil ? (
                <Badge tone="warn" title={`The key file is in ${k.trustDir} until ${dateTime(k.onlineUntil)}`}>
                  online until {clockTime(k.onlineUntil)}
                </Badge>
              ) : (
                <Badge tone="ok">offline, in the vault</Badge>
              )}
            </span>
            <span className="muted vault-list-when" title={k.trustDir}>
              offline since {dateTime(k.takenOfflineAt)}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
