/**
 * Passphrase strength in plain words. The estimator (zxcvbn-ts and its dictionaries) is loaded on first use so
 * it is not part of app start; the wording below is pure and tested.
 */
import { MIN_PASSPHRASE_LENGTH } from '../../../../shared/schemas';

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

export type StrengthTone = 'refused' | 'bad' | 'weak' | 'ok' | 'good';

export interface StrengthWording {
  tone: StrengthTone;
  label: string;
  /** e.g. "about 3 hours" */
  crackTime: string;
  summary: string;
  warning: string | null;
  suggestions: string[];
}

const LABELS: Record<Exclude<StrengthTone, 'refused'>, string> = {
  bad: 'Weak',
  weak: 'Fair',
  ok: 'Strong',
  good: 'Very strong',
};
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

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A duration in words, rounded the way a person would say it. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds >= 1e6 * 365.25 * 86400) return 'more than a million years';
  if (seconds < 1) return 'less than a second';
  const minute = 60;
  const hour = 3600;
  const day = 86400;
  const month = 30.44 * day;
  const year = 365.25 * day;
  if (seconds < minute) return `about ${plural(Math.round(seconds), 'second')}`;
  if (seconds < hour) return `about ${plural(Math.round(seconds / minute), 'minute')}`;
  if (seconds < day) return `about ${plural(Math.round(seconds / hour), 'hour')}`;
  if (seconds < month) return `about ${plural(Math.round(seconds / day), 'day')}`;
  if (seconds < year) return `about ${plural(Math.round(seconds / month), 'month')}`;
  if (seconds < 100 * year) return `about ${plural(Math.round(seconds / year), 'year')}`;
  if (seconds < 1000 * year) return 'centuries';
  return `about ${Math.round(seconds / year).toLocaleString('en-US')} years`;
}

export function describeStrength(length: number, estimate: StrengthEstimate | null): StrengthWording {
  if (length < MIN_PASSPHRASE_LENGTH) {
    return {
      tone: 'refused',
      label: 'Too short',
      crackTime: '',
      summary:
        length === 0
          ? `Type or generate a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`
          : `At least ${MIN_PASSPHRASE_LENGTH} characters are needed (notary refuses shorter ones); ${plural(MIN_PASSPHRASE_LENGTH - length, 'more character')} to go.`,
      warning: null,
      suggestions: [],
    };
  }
  if (!estimate) {
    return { tone: 'weak', label: 'Checking…', crackTime: '', summary: 'Estimating strength…', warning: null, suggestions: [] };
  }
  const crackTime = formatDuration(estimate.guesses / OFFLINE_GUESSES_PER_SECOND);
  const tone = toneFor(estimate);
  const verdict =
    tone === 'good'
      ? 'This is a good passphrase.'
      : tone === 'ok'
        ? 'This is acceptable; a longer one would be safer for a key that matters.'
        : tone === 'weak'
          ? 'This would not hold out long against someone with a copy of the key file. Choose a longer one.'
          : 'This is easy to guess. Choose another one, ideally a generated one.';
  return {
    tone,
    label: estimate.score === 0 ? 'Very weak' : LABELS[tone],
    crackTime,
    summary: `Someone with a copy of the key file could find it in ${crackTime}. ${verdict}`,
    warning: estimate.warning,
    suggestions: estimate.suggestions,
  };
}

type Checker = (passphrase: string) => StrengthEstimate;
let checker: Promise<Checker> | null = null;

/** Loads zxcvbn-ts and its English dictionaries once, on first use. */
export function loadStrengthChecker(): Promise<Checker> {
  checker ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(([core, common, en]) => {
    const factory = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
    return (passphrase: string): StrengthEstimate => {
      const r = factory.check(passphrase);
      // Keep only the numbers and the advice; the result object also carries the passphrase itself.
      return {
        score: r.score,
        guesses: r.guesses,
        warning: r.feedback.warning || null,
        suggestions: [...r.feedback.suggestions],
      };
    };
  });
  return checker;
}
