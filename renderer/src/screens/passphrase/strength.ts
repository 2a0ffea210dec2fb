/**
 * Passphrase strength in plain words. The rating and the estimator live in shared/passphrase, so the core's
 * floors apply the same rule; the wording below is pure and tested.
 */
import { MIN_PASSPHRASE_LENGTH } from '../../../../shared/schemas';
import { OFFLINE_GUESSES_PER_SECOND, toneFor, type StrengthEstimate, type StrengthTone } from '../../../../shared/passphrase/rating';

export { OFFLINE_GUESSES_PER_SECOND, toneFor, type StrengthEstimate, type StrengthTone } from '../../../../shared/passphrase/rating';
export { loadStrengthChecker } from '../../../../shared/passphrase/estimator';

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

export function describeStrength(length: number, estimate: StrengthEstimate | null, minLength: number = MIN_PASSPHRASE_LENGTH): StrengthWording {
  if (length < minLength) {
    return {
      tone: 'refused',
      label: 'Too short',
      crackTime: '',
      summary:
        length === 0
          ? `Type or generate a passphrase of at least ${minLength} characters.`
          : `At least ${minLength} characters are needed (${minLength === MIN_PASSPHRASE_LENGTH ? 'notary refuses shorter ones' : 'for what this passphrase protects'}); ${plural(minLength - length, 'more character')} to go.`,
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
