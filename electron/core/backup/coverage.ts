import type { BackupCopyRecord, CoverageReport, CoverageStatus, KeyCoverage } from '../../../shared/dto/backups';
import type { KeyInfo } from '../../../shared/dto/keys';
import { KEY_KINDS } from '../../../shared/dto/keys';
import type { Ledger } from './ledger';

/** A restore drill is due when no backup of a key has been read back for about six months. */
export const DRILL_AFTER_DAYS = 182;
const DAY_MS = 24 * 60 * 60 * 1000;

const STATUS_ORDER: Record<CoverageStatus, number> = { none: 0, unverified: 1, 'drill-due': 2, verified: 3 };

function statusOf(copies: BackupCopyRecord[], now: Date): { status: CoverageStatus; lastVerifiedAt: string | null; verifiedCopies: number } {
  const verified = copies.filter((c) => c.lastVerifyOk === true && c.lastVerifiedAt);
  const last = verified.map((c) => c.lastVerifiedAt!).sort().at(-1) ?? null;
  if (copies.length === 0) return { status: 'none', lastVerifiedAt: null, verifiedCopies: 0 };
  if (!last) return { status: 'unverified', lastVerifiedAt: null, verifiedCopies: 0 };
  const stale = now.getTime() - Date.parse(last) > DRILL_AFTER_DAYS * DAY_MS;
  return { status: stale ? 'drill-due' : 'verified', lastVerifiedAt: last, verifiedCopies: verified.length };
}

/**
 * Every key of the trust dir with the backup copies that hold its ID (a backup made before a passphrase change
 * still recovers the key, with the old passphrase). Root keys first, then by kind; within a kind the least
 * covered first, so what needs attention is on top.
 */
export function coverageOf(trustDir: string, keys: KeyInfo[], ledger: Ledger, now: Date): CoverageReport {
  const copiesByKey = new Map<string, BackupCopyRecord[]>();
  for (const b of ledger.backups) {
    for (const k of b.keys) {
      const list = copiesByKey.get(k.id) ?? [];
      for (const c of b.copies) {
        list.push({ backupId: b.backupId, location: c.location, file: c.file, writtenAt: c.writtenAt ?? b.createdAt, lastVerifiedAt: c.lastVerifiedAt, lastVerifyOk: c.lastVerifyOk });
      }
      copiesByKey.set(k.id, list);
    }
  }
  const rows: KeyCoverage[] = keys
    .filter((k) => k.status === 'ok' || k.kind !== null)
    .map((k) => {
      const copies = copiesByKey.get(k.id) ?? [];
      return { id: k.id, role: k.role, gun: k.gun, kind: k.kind, copies, ...statusOf(copies, now) };
    });
  const kindRank = (kind: string | null) => {
    const i = (KEY_KINDS as readonly string[]).indexOf(kind ?? '');
    return i < 0 ? KEY_KINDS.length : i;
  };
  rows.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (a.id < b.id ? -1 : 1));
  const locations = [...new Set(rows.flatMap((r) => r.copies.map((c) => c.location)))].sort();
  return { trustDir, keys: rows, locations, drillAfterDays: DRILL_AFTER_DAYS };
}
