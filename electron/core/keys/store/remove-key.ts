import { unlinkSync } from 'node:fs';
import type { RemovalImpact } from '../../../../shared/dto/keys';
import { VaultError, ioError } from '../../errors';
import { requireKeyFile } from './find-key';

const CONSEQUENCES: Record<string, string> = {
  root: 'Without the root key nobody can ever change who may sign the repositories it roots; this cannot be recovered.',
  targets: 'Without the targets key you can no longer sign new tags for this repository until you rotate it with the root key.',
  snapshot: 'Without the snapshot key you cannot publish to this repository until the key is rotated (or the server manages it).',
  timestamp: 'The timestamp key is normally held by the server; this local copy will be gone.',
  delegation: 'Without this signer key its owner can no longer sign; a repository admin must add a new key to the delegation.',
};

/** A backup copy of the key that was read back and verified (from the backup ledger). */
export interface VerifiedBackup {
  location: string;
  lastVerifiedAt: string | null;
}

/**
 * What removing a key loses. A key with no verified backup (the backup ledger) is the only copy the vault knows
 * of, so its removal needs `insist` as well as the typed confirmation.
 */
export function removalImpact(trustDir: string, id: string, backups: VerifiedBackup[] = []): RemovalImpact {
  const info = requireKeyFile(trustDir, id);
  const kind = info.kind ?? 'delegation';
  const who = info.gun ? `${info.role} key of ${info.gun}` : `${info.role ?? 'unknown role'} key`;
  const onlyCopy = backups.length === 0;
  const where = [...new Set(backups.map((b) => b.location))].join(', ');
  const consequence = onlyCopy
    ? `This deletes ${info.file}, the only known copy of the ${who}. ${CONSEQUENCES[kind] ?? ''}`
    : `This deletes ${info.file}. Verified backups of the ${who} exist on ${where}; restore from one of them if you need the key again.`;
  return { id, role: info.role, gun: info.gun, onlyCopy, consequence: consequence.trim(), confirmationText: id.slice(0, 12) };
}

export function removeKey(trustDir: string, id: string, confirmation: string, insist: boolean, backups: VerifiedBackup[] = []): { removed: string } {
  const impact = removalImpact(trustDir, id, backups);
  if (confirmation.trim() !== impact.confirmationText) {
    throw new VaultError('CONFIRMATION_REQUIRED', `Type ${impact.confirmationText} to confirm removing this key`);
  }
  if (impact.onlyCopy && !insist) {
    throw new VaultError('ONLY_COPY', 'This is the only copy of the key; removing it needs an explicit insist');
  }
  const info = requireKeyFile(trustDir, id);
  try {
    unlinkSync(info.path);
  } catch (e) {
    throw ioError('Could not remove', info.path, e);
  }
  return { removed: id };
}
