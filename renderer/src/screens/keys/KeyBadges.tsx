import type { KeyInfo } from '../../../../shared/dto/keys';
import { Badge, type BadgeTone } from '../../components/Badge';
import { groupOf } from './key-groups';
import { clockTime, dateTime } from '../vault/vault-text';
import { algorithmLabel, locationLabel, shortAlgorithm } from './key-text';

export function roleTone(key: KeyInfo): BadgeTone {
  return groupOf(key);
}

export function RoleBadge({ info: k }: { info: KeyInfo }) {
  return <Badge tone={roleTone(k)}>{k.role ?? 'no role'}</Badge>;
}

/** Which token holds a token copy: its label and serial. */
export function TokenBadge({ info: k, compact = false }: { info: KeyInfo; compact?: boolean }) {
  const t = k.token;
  const where = t ? `${t.label} (serial ${t.serial})` : 'a hardware token';
  return (
    <Badge tone="token" title={`On the hardware token ${where}`}>
      {compact ? `token · ${t?.label ?? '?'}` : `token ${where}`}
    </Badge>
  );
}

/** The badges of a key at a glance: algorithm, location (a token's label and serial), encryption and layout. */
export function KeyBadges({ info: k, compact = false }: { info: KeyInfo; compact?: boolean }) {
  return (
    <>
      {k.algorithm && <Badge title={algorithmLabel(k)}>{compact ? shortAlgorithm(k) : algorithmLabel(k)}</Badge>}
      {k.location === 'token' ? (
        <TokenBadge info={k} compact={compact} />
      ) : k.location === 'vault' ? (
        <Badge tone="ok" title="The key file is kept in the vault, not in the trust folder: notary cannot use it until you bring it online">
          offline, in the vault
        </Badge>
      ) : (
        <Badge tone="neutral" title={`Location: ${locationLabel(k)}`}>
          {compact ? k.location : locationLabel(k)}
        </Badge>
      )}
      {/* A token copy has no file to encrypt: the token guards it with its PIN. */}
      {k.status === 'ok' &&
        k.location === 'file' &&
        (k.encrypted ? (
          <Badge tone="ok" title="The key file is encrypted with its passphrase">
            encrypted
          </Badge>
        ) : (
          <Badge tone="danger" title="Anyone who can read this file can sign with the key">
            not encrypted
          </Badge>
        ))}
      {k.pending && (
        <Badge tone="warn" title={`Made for the ${k.pending.action} of ${k.pending.gun} (${dateTime(k.pending.since)}); the server has not been seen to take it yet. Kept until that is settled.`}>
          pending: {k.pending.action}
        </Badge>
      )}
      {k.onlineUntil && (
        <Badge tone="warn" title={`Brought online: the key file is in the trust folder until ${dateTime(k.onlineUntil)}, then back in the vault`}>
          online until {clockTime(k.onlineUntil)}
        </Badge>
      )}
      {k.passphraseInVault && (
        <Badge tone="neutral" title="The vault holds this key's passphrase: while it is unlocked, operations do not ask for it">
          passphrase in vault
        </Badge>
      )}
      {k.layout === 'legacy' && (
        <Badge tone="warn" title="The pre-0.4 layout (root_keys/, tuf_keys/), read as it is and never migrated">
          {compact ? 'legacy' : 'legacy layout'}
        </Badge>
      )}
    </>
  );
}
