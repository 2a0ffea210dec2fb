/**
 * One date and time format for the whole app: the user's locale (the system's, as Chromium reports it) and local
 * time zone, medium date and short time, e.g. "7 Dec 2026, 21:04" in en-GB or "Dec 7, 2026, 9:04 PM" in en-US.
 * Every screen formats through these, so the audit log, backups, vault and repositories never disagree.
 * The locale and zone can be fixed for tests.
 */

export interface DateFormatOptions {
  locale?: string;
  timeZone?: string;
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'date' | 'datetime' | 'datetimeSeconds', o: DateFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}|${o.locale ?? ''}|${o.timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    const style: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { dateStyle: 'medium' }
        : kind === 'datetime'
          ? { dateStyle: 'medium', timeStyle: 'short' }
          : { dateStyle: 'medium', timeStyle: 'medium' };
    f = new Intl.DateTimeFormat(o.locale, { ...style, timeZone: o.timeZone });
    cache.set(key, f);
  }
  return f;
}

function parse(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** A moment: date and time (minutes). Unparseable text is returned as it is; a missing value as `missing`. */
export function formatDateTime(iso: string | null | undefined, missing = 'unknown', o: DateFormatOptions = {}): string {
  const t = parse(iso);
  return t === null ? iso || missing : formatter('datetime', o).format(t);
}

/** A moment to the second, for logs where order within a minute matters (the audit log). */
export function formatDateTimeSeconds(iso: string | null | undefined, missing = 'unknown', o: DateFormatOptions = {}): string {
  const t = parse(iso);
  return t === null ? iso || missing : formatter('datetimeSeconds', o).format(t);
}

/** A day: the date only. */
export function formatDateOnly(iso: string | null | undefined, missing = 'never', o: DateFormatOptions = {}): string {
  const t = parse(iso);
  return t === null ? iso || missing : formatter('date', o).format(t);
}
