/**
 * The strength estimator: zxcvbn-ts with its English dictionaries, plus the published example phrases
 * (./published-examples), loaded on first use so neither app start nor CLI commands that set no passphrase pay
 * for the dictionaries (the renderer gets them as chunks of their own, the CLI as bundles of their own:
 * scripts/cli-chunks.mjs). Imported by package name: a relative import() would not resolve in the e2e harness.
 */
import { isPublishedExample, PUBLISHED_EXAMPLE_WARNING } from './published-examples';
import type { StrengthEstimate } from './rating';

export type StrengthChecker = (passphrase: string) => StrengthEstimate;
let checker: Promise<StrengthChecker> | null = null;

export function loadStrengthChecker(): Promise<StrengthChecker> {
  checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(
    ([core, common, en]) => {
      const factory = new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      });
      return (passphrase: string): StrengthEstimate => {
        if (isPublishedExample(passphrase)) {
          // Found in the first wordlist an attacker tries: as good as known.
          return { score: 0, guesses: 1000, warning: PUBLISHED_EXAMPLE_WARNING, suggestions: ['Generate a passphrase instead of copying an example.'] };
        }
        const r = factory.check(passphrase);
        // Keep only the numbers and the advice; the result object also carries the passphrase itself.
        return { score: r.score, guesses: r.guesses, warning: r.feedback.warning || null, suggestions: [...r.feedback.suggestions] };
      };
    },
  );
  return checker;
}
