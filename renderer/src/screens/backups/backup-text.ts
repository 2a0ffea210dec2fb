import { formatDateOnly, formatDateTime as formatDateTimeInLocale } from '../../components/datetime';
import type {
  BackupCopyRecord,
  CoverageReport,
  CoverageStatus,
  DriveInfo,
  KeyCoverage,
  RestorePreview,
  RestoreState,
} from '../../../../shared/dto/backups';
import type { KeyInfo } from '../../../../shared/dto/keys';
import { ERROR_CODES, type ErrorCode } from '../../../../shared/error-codes';
import type { UiError } from '../../store/types';
import type { BadgeTone } from '../../components/Badge';
import { explain, type Explanation } from '../../errors/explain';

/** Words and small computations the Backups screen shares. */

export const COVERAGE_STATUS: Record<CoverageStatus, { label: string; tone: BadgeTone; sentence: string }> = {
  verified: { label: 'Verified', tone: 'ok', sentence: 'Backed up, and a copy was read back and checked within the last 6 months.' },
  'drill-due': {
    label: 'Drill due',
    tone: 'warn',
    sentence: 'No copy has been verified for over 6 months: do a restore drill (verify a backup) to know it still opens.',
  },
  unverified: { label: 'Never verified', tone: 'warn', sentence: 'Backed up, but no copy was ever read back and checked.' },
  none: { label: 'No backup', tone: 'danger', sentence: 'No backup holds this key: losing this computer loses the key.' },
};

const KIND_ORDER = ['root', 'targets', 'snapshot', 'timestamp', 'delegation'];
const STATUS_ORDER: CoverageStatus[] = ['none', 'unverified', 'drill-due', 'verified'];
const kindRank = (kind: string | null): number => {
  const i = KIND_ORDER.indexOf(kind ?? '');
  return i === -1 ? KIND_ORDER.length : i;
};

/** Root keys first, then targets, snapshot, timestamp, delegation, others; within a kind the least covered first. */
export function sortCoverage(keys: readonly KeyCoverage[]): KeyCoverage[] {
  return [...keys].sort(
    (a, b) =>
      kindRank(a.kind ?? a.role) - kindRank(b.kind ?? b.role) ||
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      (a.gun ?? '').localeCompare(b.gun ?? '') ||
      a.id.localeCompare(b.id),
  );
}

export interface CoverageSummary {
  total: number;
  none: number;
  unverified: number;
  drillDue: number;
  verified: number;
  /** Root keys without any backup: the loss nobody recovers from. */
  rootsWithout: number;
}

export function summarizeCoverage(report: Pick<CoverageReport, 'keys'>): CoverageSummary {
  const s: CoverageSummary = { total: report.keys.length, none: 0, unverified: 0, drillDue: 0, verified: 0, rootsWithout: 0 };
  for (const k of report.keys) {
    if (k.status === 'none') {
      s.none++;
      if ((k.kind ?? k.role) === 'root') s.rootsWithout++;
    } else if (k.status === 'unverified') s.unverified++;
    else if (k.status === 'drill-due') s.drillDue++;
    else s.verified++;
  }
  return s;
}

export type CellState = 'verified' | 'failed' | 'unverified' | 'absent';

/** One cell of the keys-by-drive table: the newest copy of the key at that location, and how its last check went. */
export function coverageCell(key: Pick<KeyCoverage, 'copies'>, location: string): { state: CellState; copy: BackupCopyRecord | null; count: number } {
  const here = key.copies.filter((c) => c.location === location);
  if (here.length === 0) return { state: 'absent', copy: null, count: 0 };
  const newest = (c: BackupCopyRecord) => c.lastVerifiedAt ?? c.writtenAt;
  const sorted = [...here].sort((a, b) => newest(b).localeCompare(newest(a)));
  const verified = sorted.find((c) => c.lastVerifyOk === true);
  if (verified) return { state: 'verified', copy: verified, count: here.length };
  const failed = sorted.find((c) => c.lastVerifyOk === false);
  if (failed) return { state: 'failed', copy: failed, count: here.length };
  return { state: 'unverified', copy: sorted[0]!, count: here.length };
}

/** A key the wizard offers to back up. */
export interface KeyChoice {
  id: string;
  role: string | null;
  gun: string | null;
  kind: string | null;
  status: CoverageStatus | null;
}

/** The keys to choose from: the coverage report when there is one (it says which have no backup), else the key list. */
export function keyChoices(coverage: CoverageReport | null, keys: readonly KeyInfo[]): KeyChoice[] {
  if (coverage) return sortCoverage(coverage.keys).map((k) => ({ id: k.id, role: k.role, gun: k.gun, kind: k.kind, status: k.status }));
  // Backups hold key files: a token copy is not one (and would list a key twice).
  const usable = keys.filter((k) => k.status === 'ok' && k.location === 'file' && /^[0-9a-f]{64}$/.test(k.id));
  return usable
    .map((k) => ({ id: k.id, role: k.role, gun: k.gun, kind: k.kind, status: null }))
    .sort((a, b) => kindRank(a.kind ?? a.role) - kindRank(b.kind ?? b.role) || (a.gun ?? '').localeCompare(b.gun ?? '') || a.id.localeCompare(b.id));
}

/** Whether a drive can take this copy, and if not, why in words. */
export function driveAvailability(drive: DriveInfo, otherChoice: string | null): { selectable: boolean; reason: string | null } {
  if (drive.problem) return { selectable: false, reason: drive.problem.message };
  if (otherChoice && drive.id === otherChoice) return { selectable: false, reason: 'Already holds the first copy: the second copy must go to another drive.' };
  return { selectable: true, reason: null };
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown size';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** A drive in one line: filesystem, size and free space, as far as they are known. */
export function driveFacts(d: DriveInfo): string {
  const parts = [d.description && d.description !== d.label ? d.description : null, d.filesystem, d.size !== null ? formatBytes(d.size) : null];
  if (d.free !== null) parts.push(`${formatBytes(d.free)} free`);
  return parts.filter(Boolean).join(' · ');
}

/** The app's one date format (components/datetime.ts). */
export function formatDateTime(iso: string | null): string {
  return formatDateTimeInLocale(iso, 'unknown');
}

export function formatDay(iso: string | null): string {
  return formatDateOnly(iso, 'never');
}

/** Errors explained for the backup and restore flows, where a few codes mean something more specific than for keys. */
const BACKUP_EXPLANATIONS: Partial<Record<ErrorCode, Explanation>> = {
  WRONG_PASSPHRASE: {
    title: 'Wrong backup passphrase',
    advice:
      'This passphrase does not decrypt the backup file. It is the backup passphrase chosen when the backup was made, not the passphrase of a key. Nothing was read or written.',
  },
  PASSPHRASE_REQUIRED: {
    title: 'This backup is encrypted',
    advice: 'Enter the backup passphrase chosen when the backup was made.',
  },
  NOT_FOUND: {
    title: 'The file or drive is no longer there',
    advice: 'It may have been moved, or the drive pulled out. Plug it back in, or choose the file again.',
  },
  ALREADY_EXISTS: {
    title: 'A file with that name is already there',
    advice: 'The vault never overwrites an existing file. Nothing was replaced.',
  },
};

export function explainBackupError(code: ErrorCode): Explanation {
  return BACKUP_EXPLANATIONS[code] ?? explain(code);
}

export const RESTORE_STATE: Record<RestoreState, { label: string; tone: BadgeTone; sentence: string }> = {
  new: { label: 'New', tone: 'ok', sentence: 'Not in the trust folder: it will be written.' },
  present: { label: 'Already present', tone: 'neutral', sentence: 'The trust folder already holds this exact file.' },
  different: {
    label: 'Present but different',
    tone: 'warn',
    sentence: 'The trust folder holds a different file under this name. It is never overwritten.',
  },
};

const roleRank = (role: string | null): number => {
  if (role === null) return KIND_ORDER.length;
  const i = KIND_ORDER.indexOf(role);
  return i !== -1 ? i : role.startsWith('targets/') || /^[a-z0-9][a-z0-9_-]*$/.test(role) ? KIND_ORDER.indexOf('delegation') : KIND_ORDER.length;
};

/** The keys of a restore preview, root first (as everywhere), then by role, GUN and ID. */
export function sortRestoreKeys<T extends { role: string | null; gun: string | null; id: string }>(keys: readonly T[]): T[] {
  return [...keys].sort((a, b) => roleRank(a.role) - roleRank(b.role) || (a.gun ?? '').localeCompare(b.gun ?? '') || a.id.localeCompare(b.id));
}

/** What a restore offers by default: every entry that is new; present or different entries are never written. */
export function defaultRestoreChoice(preview: Pick<RestorePreview, 'keys' | 'roots'>): { keyPaths: string[]; rootGuns: string[] } {
  return {
    keyPaths: preview.keys.filter((k) => k.state === 'new').map((k) => k.path),
    // A pinned root decides whom consumers trust: it is restored only when the user picks it (issue 12, point 1).
    rootGuns: [],
  };
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A per-copy error (its code typed as a plain string in the DTO) as the UI shows errors; unknown codes read as INTERNAL. */
export function toUiError(e: { code: string; message: string }): UiError {
  const code = (ERROR_CODES as readonly string[]).includes(e.code) ? (e.code as ErrorCode) : 'INTERNAL';
  return { code, message: e.message };
}
