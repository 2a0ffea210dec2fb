import type { RecordedCheck, VerdictBasis } from '../../../../../shared/dto/repo-lookup';

/** Plain words for when and against what a verdict was reached (issue 15). */

export function ageText(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'at an unknown time';
  const m = Math.max(0, Math.round((now - t) / 60_000));
  if (m < 1) return 'just now';
  if (m < 120) return `${m} minute${m === 1 ? '' : 's'} ago`;
  if (m < 48 * 60) return `${Math.round(m / 60)} hours ago`;
  const d = Math.round(m / 1440);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

const againstText = (against: string) => (against === 'cache' ? 'the trust data cached in this folder' : against);

/** "checked 4 minutes ago against https://notary.example.com, cached data from 2 days ago" */
export function basisText(b: VerdictBasis, now = Date.now()): string {
  return `checked ${ageText(b.checkedAt, now)} against ${againstText(b.against)}${b.cachedAt ? `, cached data from ${ageText(b.cachedAt, now)}` : ''}`;
}

export function recordedText(r: RecordedCheck, now = Date.now()): string {
  return `${r.verdict} ${ageText(r.basis.checkedAt, now)}, against ${againstText(r.basis.against)}`;
}
