import type { RecoveryKey, RecoveryRole, RecoveryRoleStatus, ServerHeldEvidence } from '../../../shared/dto/recovery';
import type { RoleKey } from '../../../shared/dto/status';
import { isBackedUp, isHeld, type KeyCopies } from './key-copies';
import { kindOf } from './repo-keys';

/**
 * What the server said about the keys it holds: the ID of its `snapshot.key` / `timestamp.key`, null when it holds
 * none for the repository, undefined when it was not asked (a plan from the cache alone).
 */
export interface ServerKeys {
  snapshot?: string | null;
  timestamp?: string | null;
}

/** Classifies one role: enough keys held now, else enough with verified backups, else the server's, else lost. */
export function recoveryRole(role: string, threshold: number, listed: RoleKey[], copies: KeyCopies, serverKeys: ServerKeys): RecoveryRole {
  const kind = kindOf(role);
  const keys = listed.map((k) => copies.of(k));
  const need = Math.max(1, threshold);
  const count = (ok: (k: RecoveryKey) => boolean) => keys.filter(ok).length;
  let status: RecoveryRoleStatus = 'lost';
  let serverHeld: ServerHeldEvidence | null = null;
  if (count(isHeld) >= need) status = 'have';
  else if (count((k) => isHeld(k) || isBackedUp(k)) >= need) status = 'backup-only';
  else if (kind === 'snapshot' || kind === 'timestamp') {
    serverHeld = serverEvidence(kind, keys, serverKeys[kind]);
    if (serverHeld) status = 'server-held';
  }
  return { role, kind, threshold, keys, status, serverHeld, summary: summaryOf(role, status, serverHeld, keys) };
}

function serverEvidence(kind: 'snapshot' | 'timestamp', keys: RecoveryKey[], serverKey: string | null | undefined): ServerHeldEvidence | null {
  if (typeof serverKey === 'string') return keys.some((k) => k.keyId === serverKey || k.canonicalId === serverKey) ? 'server' : null;
  if (serverKey === null) return null;
  // Not asked. notary-server always makes and holds the timestamp key. The notary CLI makes only ECDSA keys, so an
  // Ed25519 snapshot key nobody here holds was made by the server (its built-in signer's default); an ECDSA one
  // may be a lost local key or notary-signer's, which only the server can tell.
  if (kind === 'timestamp') return 'inferred';
  return keys.length > 0 && keys.every((k) => k.type === 'ed25519') ? 'inferred' : null;
}

const where = (k: RecoveryKey): string[] => [
  ...k.files.map((f) => `file ${f.path}`),
  ...k.tokens.map((t) => `token ${t.label} (serial ${t.serial})`),
  ...(k.inVault ? ['offline, in the vault'] : []),
];

export const backupText = (c: { location: string; lastVerifiedAt: string | null }): string =>
  `the backup on ${c.location}${c.lastVerifiedAt ? ` (verified ${c.lastVerifiedAt.slice(0, 10)})` : ''}`;

function summaryOf(role: string, status: RecoveryRoleStatus, serverHeld: ServerHeldEvidence | null, keys: RecoveryKey[]): string {
  const ids = keys.map((k) => k.canonicalId).join(', ') || 'none listed';
  switch (status) {
    case 'have':
      return `${role}: you have key ${keys.filter(isHeld).map((k) => `${k.canonicalId} (${where(k).join(', ')})`).join('; ')}`;
    case 'backup-only':
      return `${role}: key ${ids} is only in ${keys.flatMap((k) => k.backups).map(backupText).join(', ')}`;
    case 'server-held':
      return serverHeld === 'server'
        ? `${role}: the notary server holds the key (${ids}) and signs this role`
        : `${role}: the notary server holds the key (${ids}): no one else makes ${role === 'timestamp' ? 'timestamp keys' : 'Ed25519 keys'} for notary`;
    case 'lost': {
      const unverified = keys.flatMap((k) => k.unverifiedBackups);
      const hint = unverified.length > 0 ? `; ${unverified.map((c) => `the backup on ${c.location}`).join(', ')} lists it, but its last verification ${unverified.some((c) => c.lastVerifyOk === false) ? 'failed' : 'never ran'}` : '';
      return `${role}: lost: no key file, token or verified backup holds key ${ids}${hint}`;
    }
  }
}
