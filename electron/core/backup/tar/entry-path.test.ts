import { describe, expect, it } from 'vitest';
import { isCanonicalEntryPath, normaliseEntryPath, showPath } from './entry-path';

describe('normaliseEntryPath', () => {
  it.each([
    ['private/a.key', 'private/a.key'],
    ['./private/a.key', 'private/a.key'],
    ['././private//a.key', 'private/a.key'],
    ['private/', 'private'],
    ['private/./x/', 'private/x'],
    ['./', ''],
    ['.', ''],
    ['..foo/bar..', '..foo/bar..'],
  ])('%s → %s', (raw, path) => {
    expect(normaliseEntryPath(raw)).toEqual({ ok: true, path });
  });

  it.each([
    ['', 'empty path'],
    ['/etc/passwd', 'absolute'],
    ['//server/share/x', 'absolute'],
    ['C:/Windows/x', 'Windows drive'],
    ['c:relative', 'Windows drive'],
    ['\\\\server\\share', 'backslash'],
    ['private\\..\\x', 'backslash'],
    ['../x', '".."'],
    ['private/../../x', '".."'],
    ['private/..', '".."'],
    ['a\0b', 'NUL'],
  ])('refuses %j (%s)', (raw, reason) => {
    const check = normaliseEntryPath(raw);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toContain(reason);
  });

  it('lets the writer store only already-normal, non-root paths', () => {
    expect(isCanonicalEntryPath('private/a.key')).toBe(true);
    expect(isCanonicalEntryPath('./private')).toBe(false);
    expect(isCanonicalEntryPath('private/')).toBe(false);
    expect(isCanonicalEntryPath('')).toBe(false);
  });
});

describe('showPath', () => {
  it('escapes control characters, quotes and bidi overrides', () => {
    expect(showPath('a\nb\x1b[31m"c"\u202e\u0085')).toBe('"a\\x0ab\\x1b[31m\\"c\\"\\u202e\\x85"');
  });

  it('cuts long paths to about 200 characters', () => {
    const shown = showPath('x'.repeat(10_000));
    expect(shown.length).toBeLessThan(210);
    expect(shown.endsWith('…"')).toBe(true);
  });
});
