import type { CoverageReport, CoverageStatus, KeyCoverage } from '../../../../shared/dto/backups';
import type { BadgeTone } from '../../components/Badge';
import { formatDateOnly } from '../../components/datetime';

/**
 * A key's backup state as the Keys screen, its detail and the sidebar show it, from the backup ledger's coverage
 * report (the Backups screen's source, so the two never disagree).
 */

export interface BackupSummary {
  status: CoverageStatus | 'unknown';
  /** Short, for the key list's column: "No backup", "2 verified". */
  label: string;
  /** The drives and when they were last checked, for the title and the detail. */
  detail: string;
  tone: BadgeTone;
}

export const backupIndex = (report: CoverageReport | null): Map<string, KeyCoverage> => new Map((report?.keys ?? []).map((k) => [k.id, k]));

const drivesOf = (c: KeyCoverage) => [...new Set(c.copies.map((x) => x.location))];

export function backupSummary(c: KeyCoverage | undefined): BackupSummary {
  if (!c) return { status: 'unknown', label: '—', detail: 'Backup state not known yet', tone: 'neutral' };
  const drives = drivesOf(c);
  const on = drives.length > 0 ? `on ${drives.join(', ')}` : '';
  switch (c.status) {
    case 'none':
      return { status: 'none', label: 'No backup', detail: 'No backup holds this key: losing this computer loses it.', tone: 'danger' };
    case 'unverified':
      return {
        status: 'unverified',
        label: 'Not verified',
        detail: `${c.copies.length === 1 ? 'One copy' : `${c.copies.length} copies`} ${on}, never read back and checked.`,
        tone: 'warn',
      };
    case 'drill-due':
      return {
        status: 'drill-due',
        label: 'Drill due',
        detail: `${c.verifiedCopies} verified ${on}; last checked ${formatDateOnly(c.lastVerifiedAt)}, over 6 months ago.`,
        tone: 'warn',
      };
    case 'verified':
      return {
        status: 'verified',
        label: `${c.verifiedCopies} verified`,
        detail: `${c.verifiedCopies === 1 ? 'One verified copy' : `${c.verifiedCopies} verified copies`} ${on}; last checked ${formatDateOnly(c.lastVerifiedAt)}.`,
        tone: 'ok',
      };
  }
}

/** Whether a key still lacks a verified backup (none, or copies never read back). */
export const lacksVerifiedBackup = (c: KeyCoverage): boolean => c.status === 'none' || c.status === 'unverified';

/** For the sidebar's badge: how many keys lack a verified backup, and whether a root key is among them. */
export function missingBackups(report: CoverageReport | null): { count: number; root: boolean } {
  const missing = (report?.keys ?? []).filter(lacksVerifiedBackup);
  return { count: missing.length, root: missing.some((k) => (k.kind ?? k.role) === 'root') };
}

/** Least covered first, for sorting the key list by backup state. */
export const BACKUP_RANK: Record<BackupSummary['status'], number> = { none: 0, unverified: 1, 'drill-due': 2, verified: 3, unknown: 4 };
