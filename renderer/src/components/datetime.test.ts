import { describe, expect, it } from 'vitest';
import { formatDateOnly, formatDateTime, formatDateTimeSeconds } from './datetime';

const at = '2026-12-07T21:04:05.000Z';
const utc = (locale: string) => ({ locale, timeZone: 'UTC' });

describe('one date format from the locale', () => {
  it('follows the locale: day first in en-GB, month first in en-US, 24 h in de-DE', () => {
    expect(formatDateTime(at, 'unknown', utc('en-GB'))).toBe('7 Dec 2026, 21:04');
    expect(formatDateTime(at, 'unknown', utc('en-US'))).toMatch(/^Dec 7, 2026, 9:04\sPM$/);
    expect(formatDateOnly(at, 'never', utc('de-DE'))).toBe('07.12.2026');
    expect(formatDateTimeSeconds(at, 'unknown', utc('en-GB'))).toBe('7 Dec 2026, 21:04:05');
  });

  it('shows the local time zone', () => {
    expect(formatDateTime(at, 'unknown', { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('8 Dec 2026, 06:04');
  });

  it('says what is missing and keeps text it cannot read', () => {
    expect(formatDateTime(null)).toBe('unknown');
    expect(formatDateOnly(null)).toBe('never');
    expect(formatDateOnly('', 'not yet')).toBe('not yet');
    expect(formatDateTime('soon')).toBe('soon');
  });
});
