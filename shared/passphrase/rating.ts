/**
 * Passphrase rating shared by the app's passphrase step and the core's floors, so the meter a person sees and
 * the rule the vault enforces are the same rule. Pure: the estimator itself is loaded by ./estimator.
 */

/**
 * Guesses per second assumed for someone holding a copy of a key file. Notary encrypts key files with
 * PBKDF2-SHA1 at 2048 rounds; a few ordinary graphics cards try on the order of ten million passphrases a
 * second against that.
 */
export const OFFLINE_GUESSES_PER_SECOND = 1e7;

export interface StrengthEstimate {
  score: 0 | 1 | 2 | 3 | 4;
  /** Estimated number of guesses to find it (never the passphrase itself). */
  guesses: number;
  warning: string | null;
  suggestions: string[];
}

/** 'bad' is what the meter labels "Weak" (or "Very weak"); 'weak' is "Fair". */
export type StrengthTone = 'refused' | 'bad' | 'weak' | 'ok' | 'good';

const TONE_ORDER: StrengthTone[] = ['refused', 'bad', 'weak', 'ok', 'good'];
const SCORE_TONES: StrengthTone[] = ['bad', 'bad', 'weak', 'ok', 'good'];
const YEAR = 365.25 * 86400;

/**
 * zxcvbn's score assumes a slow password hash; notary's key files are not protected by one. So the verdict is the
 * lower of zxcvbn's score and what the offline crack time at notary's weak KDF says.
 */
export function toneFor(estimate: StrengthEstimate): Exclude<StrengthTone, 'refused'> {
  const seconds = estimate.guesses / OFFLINE_GUESSES_PER_SECOND;
  const byTime: StrengthTone = seconds < 30 * 86400 ? 'bad' : seconds < 100 * YEAR ? 'weak' : seconds < 1e6 * YEAR ? 'ok' : 'good';
  const byScore = SCORE_TONES[estimate.score]!;
  return TONE_ORDER[Math.min(TONE_ORDER.indexOf(byTime), TONE_ORDER.indexOf(byScore))] as Exclude<StrengthTone, 'refused'>;
}

/** "Rated weak": what the meter calls Weak or Very weak. The floors (master and root passphrases) refuse these. */
export function isRatedWeak(estimate: StrengthEstimate): boolean {
  return toneFor(estimate) === 'bad';
}
