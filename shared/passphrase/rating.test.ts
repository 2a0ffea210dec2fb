import { describe, expect, it } from 'vitest';
import { loadStrengthChecker } from './estimator';
import { isPublishedExample } from './published-examples';
import { isRatedWeak } from './rating';

describe('passphrase rating (issue 12, point 4)', () => {
  it('recognises published example phrases whatever the case, separators or look-alike digits', () => {
    expect(isPublishedExample('correct horse battery staple')).toBe(true);
    expect(isPublishedExample('Correct-Horse_Battery.Staple!')).toBe(true);
    expect(isPublishedExample('c0rrect h0rse battery staple 2026')).toBe(true);
    expect(isPublishedExample('Tr0ub4dor&3')).toBe(true);
    expect(isPublishedExample('panoramic nectar precut smith banana handclap')).toBe(true);
    expect(isPublishedExample('quiver plinth oxbow muddle vantage')).toBe(false);
  });

  it('rates them weak, where zxcvbn alone calls "correct horse battery staple" very strong', async () => {
    const check = await loadStrengthChecker();
    for (const p of ['correct horse battery staple', 'CorrectHorseBatteryStaple', 'the quick brown fox jumps over the lazy dog', 'cleft cam synod lacy yr wok']) {
      const e = check(p);
      expect(isRatedWeak(e), p).toBe(true);
      expect(e.warning).toMatch(/well-known example/);
    }
    expect(isRatedWeak(check('password1234'))).toBe(true);
    expect(isRatedWeak(check('quiver plinth oxbow muddle vantage'))).toBe(false);
  });
});
