import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, parsePrefs, resolveTheme } from './prefs';

describe('preferences', () => {
  it('keeps known values and drops the rest', () => {
    expect(parsePrefs(JSON.stringify({ theme: 'dark', keySort: 'backup', weakNoticeDismissed: true }))).toEqual({
      theme: 'dark',
      keySort: 'backup',
      weakNoticeDismissed: true,
    });
    expect(parsePrefs(JSON.stringify({ theme: 'purple', keySort: 'size', weakNoticeDismissed: 'yes' }))).toEqual(DEFAULT_PREFS);
    expect(parsePrefs('{not json')).toEqual(DEFAULT_PREFS);
    expect(parsePrefs(null)).toEqual(DEFAULT_PREFS);
  });

  it('follows the system unless the person chose', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
