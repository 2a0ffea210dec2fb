import { VaultError } from '../../errors';

const DAY_MS = 86_400_000;

/**
 * notary's default lifetimes (tuf/data DefaultExpires), durations of whole days: a "year" is 365 days, so a root
 * made on 2026-11-23 expires 2036-11-20 (observed with the notary CLI). Delegations use the targets lifetime.
 */
export const DEFAULT_EXPIRY_DAYS = { root: 3650, targets: 1095, snapshot: 1095, timestamp: 14 } as const;

export type ExpiringRole = keyof typeof DEFAULT_EXPIRY_DAYS;

/** The role of a file name for its lifetime: `targets/…` delegations live as long as targets. */
export function expiryRole(role: string): ExpiringRole {
  if (role === 'root' || role === 'targets' || role === 'snapshot' || role === 'timestamp') return role;
  if (role.startsWith('targets/')) return 'targets';
  throw new VaultError('INVALID_ARGUMENT', `no expiry for role ${JSON.stringify(role)}`);
}

/** The expiry notary would write for `role` signed at `now`. */
export function defaultExpires(role: string, now: Date): string {
  return notaryTime(new Date(now.getTime() + DEFAULT_EXPIRY_DAYS[expiryRole(role)] * DAY_MS));
}

/**
 * RFC 3339 in UTC as Go's time.MarshalJSON writes it (RFC3339Nano): `Z`, the fraction with trailing zeros dropped
 * and no fraction at all on a whole second, e.g. `2036-11-20T14:37:37.458Z`. A Date holds milliseconds, so the
 * nanosecond digits beyond them are zeros and dropped, which is what Go writes for such a time.
 */
export function notaryTime(date: Date): string {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new VaultError('INVALID_ARGUMENT', 'invalid date');
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  if (!/^\d{4}-/.test(iso)) throw new VaultError('INVALID_ARGUMENT', `year of ${iso} does not fit RFC 3339`);
  const [whole, ms] = iso.slice(0, -1).split('.') as [string, string];
  const frac = ms.replace(/0+$/, '');
  return frac ? `${whole}.${frac}Z` : `${whole}Z`;
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/**
 * Reads an expiry as notary writes it (up to nine fraction digits, `Z` or an offset), to the millisecond; the
 * nanoseconds beyond are cut, never rounded up, so an expiry is never read as later than it is. Throws on
 * anything else.
 */
export function parseNotaryTime(s: string): Date {
  const m = RFC3339.exec(s);
  if (!m) throw new VaultError('INVALID_ARGUMENT', `not an RFC 3339 time: ${JSON.stringify(s)}`);
  const ms = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${ms}${m[8]}`);
  // Date rolls 02-31 over into March; Go's parser refuses it, so do we.
  const local = m[8] === 'Z' ? d : new Date(d.getTime() + offsetMinutes(m[8]!) * 60_000);
  if (Number.isNaN(d.getTime()) || local.toISOString().slice(0, 19) !== `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`)
    throw new VaultError('INVALID_ARGUMENT', `not a valid time: ${JSON.stringify(s)}`);
  return d;
}

const offsetMinutes = (z: string): number => (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(4, 6)));
