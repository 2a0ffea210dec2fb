import type { AuditAction, AuditEntry, AuditFilter, AuditVerification } from '../../../../shared/dto/vault';
import { AUDIT_ACTIONS } from '../../../../shared/dto/vault';

/** The audit actions, grouped as the filter offers them. */
export const ACTION_GROUPS: readonly { id: string; title: string; actions: readonly AuditAction[] }[] = [
  { id: 'key', title: 'Keys', actions: AUDIT_ACTIONS.filter((a) => a.startsWith('key.')) },
  { id: 'backup', title: 'Backups', actions: AUDIT_ACTIONS.filter((a) => a.startsWith('backup.')) },
  { id: 'token', title: 'Tokens', actions: AUDIT_ACTIONS.filter((a) => a.startsWith('token.')) },
  { id: 'publish', title: 'Publishing', actions: AUDIT_ACTIONS.filter((a) => a.startsWith('publish.')) },
  { id: 'vault', title: 'Vault', actions: AUDIT_ACTIONS.filter((a) => a.startsWith('vault.')) },
  { id: 'audit', title: 'Audit log', actions: AUDIT_ACTIONS.filter((a) => a.startsWith('audit.')) },
];

const LABELS: Record<AuditAction, string> = {
  'key.generated': 'Key generated',
  'key.imported': 'Key imported',
  'key.exported': 'Key exported',
  'key.removed': 'Key removed',
  'key.passphrase-changed': 'Passphrase changed',
  'key.offline': 'Key taken offline',
  'key.online': 'Key brought online',
  'backup.written': 'Backup written',
  'backup.verified': 'Backup verified',
  'backup.restored': 'Backup restored',
  'token.login': 'Token unlocked',
  'token.logout': 'Token locked',
  'token.module-added': 'Token module added',
  'token.root-generated': 'Root key on token',
  'publish.init': 'Repository initialised',
  'publish.rotate': 'Key rotated',
  'publish.resign': 'Metadata re-signed',
  'publish.signer-added': 'Signer added',
  'publish.signer-removed': 'Signer removed',
  'publish.tags-signed': 'Tags signed',
  'publish.tags-revoked': 'Tag signatures revoked',
  'publish.trust-data-deleted': 'Trust data deleted',
  'vault.created': 'Vault created',
  'vault.unlocked': 'Vault unlocked',
  'vault.locked': 'Vault locked',
  'vault.settings-changed': 'Vault settings changed',
  'vault.passphrase-saved': 'Passphrase saved',
  'vault.passphrase-forgotten': 'Passphrase forgotten',
  'vault.master-passphrase-changed': 'Master passphrase changed',
  'audit.restarted': 'New log started',
  'key.quarantine-restored': 'Key put back from quarantine',
  'key.leftover-promoted': 'Key put in place from an interrupted write',
  'key.leftover-removed': 'Leftover of an interrupted write removed',
};

export function actionLabel(action: AuditAction | string): string {
  return (LABELS as Record<string, string>)[action] ?? action;
}

export function whoLabel(actor: AuditEntry['actor']): string {
  return `${actor.user}@${actor.host} (${actor.via === 'cli' ? 'command line' : 'app'})`;
}

/** The filter form as the person fills it in. Dates are local calendar days (yyyy-mm-dd). */
export interface AuditFilterForm {
  actions: AuditAction[];
  keyId: string;
  result: '' | 'ok' | 'failed';
  from: string;
  to: string;
}

export const EMPTY_FILTER_FORM: AuditFilterForm = { actions: [], keyId: '', result: '', from: '', to: '' };

/** A key ID (or its start) as audit.list accepts it: lowercase hex; null when what is typed is not one. */
export function keyIdFilter(typed: string): string | null {
  const t = typed.trim().toLowerCase().replace(/…$/, '');
  return /^[0-9a-f]{1,64}$/.test(t) ? t : null;
}

/** The form as audit.list's filter: whole local days, from midnight to the next midnight. */
export function toAuditFilter(form: AuditFilterForm): AuditFilter {
  const f: AuditFilter = {};
  if (form.actions.length > 0) f.actions = [...form.actions];
  const id = keyIdFilter(form.keyId);
  if (id) f.keyId = id;
  if (form.result) f.result = form.result;
  const day = (s: string, plusDays: number): string | null => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return null;
    const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  };
  const since = day(form.from, 0);
  const until = day(form.to, 1);
  if (since) f.since = since;
  if (until) f.until = until;
  return f;
}

/** Where a key-bound entry applies: "example.com/app · targets", or the role alone. */
export function scopeLabel(e: Pick<AuditEntry, 'gun' | 'role'>): string {
  return [e.gun, e.role].filter(Boolean).join(' · ');
}

/** What the user types to start a new log after damage (audit.restart's confirmation). */
export const RESTART_CONFIRMATION = 'start a new log';

/** "2 problems, 14 entries read": the damaged log as the restart dialog names it. */
export function problemsCountText(v: Pick<AuditVerification, 'entries' | 'problems'>): string {
  const problems = v.problems.length === 1 ? 'one problem' : `${v.problems.length.toLocaleString('en-US')} problems`;
  return `${problems}, ${v.entries.toLocaleString('en-US')} ${v.entries === 1 ? 'entry' : 'entries'} read`;
}
