import { describe, expect, it } from 'vitest';
import { describeStrength, formatDuration, loadStrengthChecker, OFFLINE_GUESSES_PER_SECOND } from './strength';

describe('formatDuration', () => {
  it('says durations the way a person would', () => {
    expect(formatDuration(0.2)).toBe('less than a second');
    expect(formatDuration(1)).toBe('about 1 second');
    expect(formatDuration(90)).toBe('about 2 minutes');
    expect(formatDuration(3 * 3600)).toBe('about 3 hours');
    expect(formatDuration(86400)).toBe('about 1 day');
    expect(formatDuration(200 * 86400)).toBe('about 7 months');
    expect(formatDuration(30 * 365.25 * 86400)).toBe('about 30 years');
    expect(formatDuration(500 * 365.25 * 86400)).toBe('centuries');
    expect(formatDuration(5000 * 365.25 * 86400)).toBe('about 5,000 years');
    expect(formatDuration(1e30)).toBe('more than a million years');
    expect(formatDuration(Infinity)).toBe('more than a million years');
  });
});

describe('describeStrength', () => {
  it('refuses fewer than 8 characters and says how many are missing', () => {
    expect(describeStrength(0, null).tone).toBe('refused');
    const w = describeStrength(5, { score: 4, guesses: 1e20, warning: null, suggestions: [] });
    expect(w.tone).toBe('refused');
    expect(w.summary).toContain('3 more characters');
    expect(describeStrength(7, null).summary).toContain('1 more character to go');
  });

  it('explains score, crack time, warning and suggestions in plain words', () => {
    const w = describeStrength(12, {
      score: 1,
      guesses: 3600 * OFFLINE_GUESSES_PER_SECOND,
      warning: 'This is a commonly used password.',
      suggestions: ['Add more words that are less common.'],
    });
    expect(w.label).toBe('Weak');
    expect(w.tone).toBe('bad');
    expect(w.crackTime).toBe('about 1 hour');
    expect(describeStrength(12, { score: 0, guesses: 10, warning: null, suggestions: [] }).label).toBe('Very weak');
    expect(w.summary).toContain('copy of the key file could find it in about 1 hour');
    expect(w.warning).toBe('This is a commonly used password.');
    expect(w.suggestions).toEqual(['Add more words that are less common.']);
    expect(describeStrength(40, { score: 4, guesses: 1e30, warning: null, suggestions: [] }).label).toBe('Very strong');
  });

  it("does not call a passphrase strong when notary's weak file encryption would give it up quickly", () => {
    // zxcvbn's top score starts at 1e10 guesses: at ten million guesses a second that is under 20 minutes.
    const w = describeStrength(14, { score: 4, guesses: 1.6e13, warning: null, suggestions: [] });
    expect(w.crackTime).toBe('about 19 days');
    expect(w.tone).toBe('bad');
    expect(w.label).toBe('Weak');
    expect(describeStrength(14, { score: 4, guesses: 1e16, warning: null, suggestions: [] }).tone).toBe('weak');
    expect(describeStrength(14, { score: 4, guesses: 1e20, warning: null, suggestions: [] }).tone).toBe('ok');
    expect(describeStrength(14, { score: 2, guesses: 1e30, warning: null, suggestions: [] }).tone).toBe('weak');
  });

  it('rates real passphrases with zxcvbn-ts, keeping only numbers and advice', async () => {
    const check = await loadStrengthChecker();
    const weak = check('password1');
    expect(weak.score).toBeLessThanOrEqual(1);
    expect(weak).not.toHaveProperty('password');
    const strong = check('crayon horse battery stapler violin quarry');
    expect(strong.score).toBe(4);
    // A published example stays one with words added (issue 12, point 4): attackers try exactly that.
    expect(describeStrength(42, check('correct horse battery staple violin quarry')).tone).toBe('bad');
    // Six generated words are rated very strong even against notary's weak file encryption.
    expect(describeStrength(45, check('nutlike crushing matchbox finless clubhouse rounding')).tone).toBe('good');
  });
});

describe('floors by purpose (issue 12, point 4)', () => {
  it('asks 12 characters of the master passphrase and refuses weak master and root passphrases', async () => {
    const { floorFor } = await import('./purpose');
    expect(floorFor('vault')).toEqual({ minLength: 12, refuseWeak: true });
    expect(floorFor('root')).toEqual({ minLength: 8, refuseWeak: true });
    expect(floorFor('token-root')).toEqual({ minLength: 8, refuseWeak: true });
    expect(floorFor('repository').refuseWeak).toBe(false);
    expect(describeStrength(10, null, 12).summary).toContain('At least 12 characters');
  });
});
