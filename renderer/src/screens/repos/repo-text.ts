import { formatDateOnly } from '../../components/datetime';
import type { Verdict } from '../../../../shared/dto/status';
import type { BadgeTone } from '../../components/Badge';

/** Words and small computations the Repositories screens share. */

export const VERDICT: Record<Verdict, { label: string; tone: BadgeTone; sentence: string }> = {
  trusted: { label: 'Trusted', tone: 'ok', sentence: 'Every signature checks out and nothing has expired.' },
  warning: { label: 'Warning', tone: 'warn', sentence: 'The signatures check out, but something needs attention soon.' },
  broken: { label: 'Broken', tone: 'danger', sentence: 'The trust data does not verify: do not rely on these tags until this is fixed.' },
  incomplete: {
    label: 'Incomplete',
    tone: 'neutral',
    sentence: 'What is here verifies, but part of the trust data was never fetched: fetch it from the server to finish the check.',
  },
  unreachable: {
    label: 'Unreachable',
    tone: 'neutral',
    sentence: 'The server could not be asked: the last verdict reached is shown with its age.',
  },
};

const DAY = 86_400_000;

export function daysLeft(iso: string, now = Date.now()): number | null {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.floor((t - now) / DAY);
}

/** The app's one date format (components/datetime.ts). */
export function formatDate(iso: string): string {
  return formatDateOnly(iso, iso);
}

export function relativeDays(days: number | null): string {
  if (days === null) return 'unknown';
  if (days < 0) return days === -1 ? 'expired yesterday' : `expired ${-days} days ago`;
  if (days === 0) return 'expires today';
  if (days === 1) return 'in 1 day';
  if (days < 90) return `in ${days} days`;
  if (days < 730) return `in ${Math.round(days / 30)} months`;
  return `in ${Math.round(days / 365)} years`;
}

/** Tone of an expiry: red when expired, amber within 90 days. */
export function expiryTone(days: number | null): BadgeTone {
  if (days === null) return 'neutral';
  if (days < 0) return 'danger';
  if (days < 90) return 'warn';
  return 'ok';
}

export const shortId = (id: string) => id.slice(0, 8);

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Badge tone of a role name. */
export function roleTone(role: string): BadgeTone {
  if (role === 'root' || role === 'targets' || role === 'snapshot' || role === 'timestamp') return role;
  return 'delegation';
}

/** What each role does, in one line, for people who do not know TUF. */
export function roleSentence(role: string): string {
  switch (role) {
    case 'root':
      return 'Names the keys allowed to sign everything else.';
    case 'targets':
      return 'Signs the list of tags and their digests.';
    case 'snapshot':
      return 'Ties all files together so none can be swapped for an older one.';
    case 'timestamp':
      return 'Says how fresh the data is; usually signed by the server.';
    default:
      return 'A signer the repository key delegated tags to.';
  }
}
