/**
 * Passphrases printed as examples in comics, guides and tutorials. Attackers put these in their first wordlists, so
 * one of them is rated weak whatever its length: "correct horse battery staple" is 28 characters of dictionary
 * words that zxcvbn alone would call very strong.
 */
const PUBLISHED_EXAMPLES: readonly string[] = [
  // xkcd 936 "Password Strength", and the password it mocks.
  'correct horse battery staple',
  'Tr0ub4dor&3',
  // EFF's dice-generated passphrase page (eff.org/dice).
  'panoramic nectar precut smith banana handclap',
  // Arnold Reinhold's original Diceware page.
  'cleft cam synod lacy yr wok',
  // Common tutorial and typing examples.
  'the quick brown fox jumps over the lazy dog',
  'my voice is my passport verify me',
  'to be or not to be that is the question',
  'mary had a little lamb',
  'this is my passphrase',
  'lorem ipsum dolor sit amet',
];

/** Lowercase letters and digits only, with common look-alike digits folded, so "Correct-Horse_Battery.Staple!" matches too. */
export function foldPhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/0/g, 'o')
    .replace(/1/g, 'l')
    .replace(/3/g, 'e')
    .replace(/4/g, 'a')
    .replace(/5/g, 's')
    .replace(/7/g, 't')
    .replace(/@/g, 'a')
    .replace(/\$/g, 's')
    .replace(/[^a-z0-9]/g, '');
}

const FOLDED = PUBLISHED_EXAMPLES.map(foldPhrase);

/** Whether the passphrase is, or contains, a published example phrase (ignoring case, separators and look-alikes). */
export function isPublishedExample(passphrase: string): boolean {
  const folded = foldPhrase(passphrase);
  return folded.length > 0 && FOLDED.some((example) => folded.includes(example));
}

export const PUBLISHED_EXAMPLE_WARNING = 'This is a well-known example passphrase from a comic or guide; attackers try those first.';
