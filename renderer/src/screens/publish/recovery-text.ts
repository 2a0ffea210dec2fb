import { formatDateOnly } from '../../components/datetime';
import type { RecoveryKey, RecoveryPlan, RecoveryRoleStatus, RecoveryStep } from '../../../../shared/dto/recovery';
import type { BadgeTone } from '../../components/Badge';
import type { PublishPassphrases, RotatableRole } from '../../store/types';

/** Words and pure decisions of the publisher area and the recovery wizard (no React). */

export const ROLE_STATUS: Record<RecoveryRoleStatus, { label: string; tone: BadgeTone }> = {
  have: { label: 'You have it', tone: 'ok' },
  'backup-only': { label: 'Only in a backup', tone: 'warn' },
  'server-held': { label: 'The server holds it', tone: 'neutral' },
  lost: { label: 'Lost', tone: 'danger' },
};

/** The trust folder a key file is in: its path without `private/<id>.key` (the ID is shown beside it). */
export function keyFileFolder(path: string): string {
  const m = /^(.*?)[\\/]private(?:[\\/]tuf_keys[\\/].*|[\\/]root_keys)?[\\/][^\\/]+\.key$/.exec(path);
  return m?.[1] || path;
}

/** Where each copy of a key is, one line per copy: key file, token, verified backup on a drive (unverified ones named as such). */
export function keyLocations(key: RecoveryKey): string[] {
  const out: string[] = [];
  for (const f of key.files) out.push(`Key file in ${keyFileFolder(f.path)}`);
  for (const t of key.tokens) out.push(`Token ${t.label}${t.serial ? ` (serial ${t.serial})` : ''}`);
  if (key.inVault) out.push('Offline, in the vault: it signs from there while the vault is unlocked');
  for (const b of key.backups) out.push(`Verified backup on ${b.location}${b.lastVerifiedAt ? `, last verified ${formatDateOnly(b.lastVerifiedAt)}` : ''}`);
  for (const b of key.unverifiedBackups) out.push(`Backup on ${b.location}, not verified: it does not count until it is`);
  return out;
}

/** What rotating a role's key changes on the server, in words (shown before the rotation runs). */
export function rotationChanges(role: RotatableRole, serverManaged: boolean): string {
  switch (role) {
    case 'targets':
      return 'Publishes a new root.json, signed by the root key, that lists a new targets key in place of the old one, and targets.json (same tags and signers) signed by the new key. The old targets key file is removed.';
    case 'snapshot':
      return serverManaged
        ? 'The server makes a new snapshot key and signs every snapshot from then on; a new root.json, signed by the root key, lists it. The old local snapshot key file is removed.'
        : 'A new root.json, signed by the root key, lists a new snapshot key made here; snapshot.json is signed with it. The old snapshot key file is removed.';
    case 'timestamp':
      return 'The server makes a new timestamp key; a new root.json, signed by the root key, lists it.';
    case 'root':
      return 'Publishes a new root.json that lists a new root key, signed by both the old and the new root key, so consumers who pin the old root accept it. The old root key file stays.';
  }
}

export type PassphraseKind = 'existing' | 'new';

export interface PassphraseNeed {
  role: keyof PublishPassphrases;
  kind: PassphraseKind;
  label: string;
  hint: string;
  /** The unlocked vault holds this key's passphrase: the field may stay empty and core fills it in. */
  inVault?: boolean;
}

const existing = (role: keyof PublishPassphrases, what: string): PassphraseNeed => ({
  role,
  kind: 'existing',
  label: `Passphrase of the ${role} key`,
  hint: what,
});
const fresh = (role: keyof PublishPassphrases, what: string): PassphraseNeed => ({
  role,
  kind: 'new',
  label: `Passphrase for the new ${role} key`,
  hint: what,
});

/**
 * The passphrases a rotation needs: root always (it vouches for the new key), the new key's for a rotated local key,
 * and the snapshot key's when a local snapshot is signed again over the change.
 */
export function rotationPassphrases(role: RotatableRole, serverManaged: boolean, snapshotLocal: boolean): PassphraseNeed[] {
  const needs: PassphraseNeed[] = [];
  if (role === 'root') {
    needs.push(existing('root', 'The root key signs the new root.json; the new root key file gets the same passphrase.'));
  } else needs.push(existing('root', 'The root key signs the new root.json that lists the new key.'));
  if (role === 'targets') needs.push(fresh('targets', 'The new targets key file is encrypted with it (8 characters or more).'));
  if (role === 'snapshot' && !serverManaged) needs.push(fresh('snapshot', 'The new snapshot key file is encrypted with it (8 characters or more).'));
  if (role !== 'snapshot' && snapshotLocal) needs.push(existing('snapshot', 'The local snapshot key signs the new snapshot.json.'));
  return needs;
}

/** Initialising a repository: the root key (an existing root key file is reused, else a new one), a new targets key, a new local snapshot key. */
export function initPassphrases(snapshot: 'local' | 'server'): PassphraseNeed[] {
  const needs: PassphraseNeed[] = [
    {
      role: 'root',
      kind: 'new',
      label: 'Passphrase for the root key',
      hint: 'A root key file you already have is reused (its passphrase); else a new root key file is encrypted with this one.',
    },
    fresh('targets', 'The new targets key file is encrypted with it (8 characters or more).'),
  ];
  if (snapshot === 'local') needs.push(fresh('snapshot', 'The new snapshot key file is encrypted with it (8 characters or more).'));
  return needs;
}

/** Changing targets.json (signers): the targets key signs it, a local snapshot key signs the new snapshot. */
export function signerPassphrases(snapshotLocal: boolean): PassphraseNeed[] {
  const needs = [existing('targets', 'The targets key signs targets.json, which lists the signers.')];
  if (snapshotLocal) needs.push(existing('snapshot', 'The local snapshot key signs the new snapshot.json.'));
  return needs;
}

/** What the wizard can do itself for a step, or `manual` (shown with its commands, done elsewhere). */
export type StepKind = 'rotate' | 'delete' | 'init' | 'notice' | 'manual';

export function stepKind(step: RecoveryStep): StepKind {
  switch (step.id) {
    case 'rotate-targets':
    case 'rotate-snapshot':
    case 'rotate-timestamp':
      return 'rotate';
    case 'delete-trust-data':
      return 'delete';
    case 'init-new-root':
      return 'init';
    case 'notify-consumers':
      return 'notice';
    default:
      return 'manual';
  }
}

export const rotatedRole = (step: RecoveryStep): RotatableRole =>
  step.id === 'rotate-snapshot' ? 'snapshot' : step.id === 'rotate-timestamp' ? 'timestamp' : 'targets';

/** The plan in one line, for the first page of the wizard. */
export function planSummary(plan: RecoveryPlan): string {
  if (plan.rootLoss) return 'The root key is lost: this repository’s trust data cannot be recovered, only started again.';
  if (plan.lost.length === 0 && plan.steps.length === 0) return 'Nothing is lost: you hold (or the server holds) a key for every role.';
  if (plan.lost.length === 0) return 'Nothing is lost for good, but some keys need attention first.';
  const list = plan.lost.join(', ');
  return `Lost: ${list}. The root key is within reach, so ${plan.lost.length === 1 ? 'it' : 'they'} can be replaced.`;
}

/** A key ID shortened for a table, whole in the title. */
export const shortId = (id: string): string => (id.length > 16 ? `${id.slice(0, 12)}…` : id);

/** The warning shown before the last signer is removed. */
export const LAST_SIGNER_WARNING =
  'This is the last signer. Without signers, consumers that require signers (Docker’s content trust with signer enforcement) can no longer pull any tag of this repository until a signer is added again.';

/** A signer name proposed from the chosen file: "alice.pub" → "alice", cut to docker's allowed characters. */
export function signerNameFromFile(file: string): string {
  const base = file.replace(/\.(pub|pem|crt|cert)$/i, '').toLowerCase();
  return base.replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+/, '').slice(0, 64);
}

/** docker's signer names: lower-case letters, digits, `_` and `-`, not starting with `-` or `_`; "releases" is taken. */
export function signerNameError(name: string): string | null {
  if (name === '') return null;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) return 'Use lower-case letters, digits, - and _ (starting with a letter or digit).';
  if (name === 'releases') return '“releases” is the role every signer is added to: choose another name.';
  if (name.length > 64) return 'At most 64 characters.';
  return null;
}
