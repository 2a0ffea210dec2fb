import { useState } from 'react';
import {
  CHARACTER_COUNT_CHOICES,
  CHARACTER_SET,
  DEFAULT_CHARACTER_COUNT,
  DEFAULT_WORD_COUNT,
  entropyBits,
  generateCharacters,
  generateWords,
  loadEffWordlist,
  WORD_COUNT_CHOICES,
} from './generate';

interface GenerateRowProps {
  label: string;
  onGenerate: () => void;
  countLabel: string;
  count: number;
  choices: readonly number[];
  onCount: (count: number) => void;
}

/** A generator button with the select of how long its result is. */
function GenerateRow({ label, onGenerate, countLabel, count, choices, onCount }: GenerateRowProps) {
  return (
    <div className="generate-row">
      <button type="button" className="button button-secondary" onClick={onGenerate}>
        {label}
      </button>
      <label className="inline-field">
        <span>{countLabel}</span>
        <select value={count} onChange={(e) => onCount(Number(e.target.value))}>
          {choices.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/**
 * The passphrase generators, the same wherever a new key's passphrase is chosen (the passphrase step and the new-key
 * block of rotations, recovery and a new root): EFF words or characters, each with its length. The result goes to
 * `onGenerated` with its randomness in bits; nothing is kept here.
 */
export function PassphraseGenerator({ onGenerated }: { onGenerated: (passphrase: string, bits: number) => void }) {
  const [wordCount, setWordCount] = useState<number>(DEFAULT_WORD_COUNT);
  const [charCount, setCharCount] = useState<number>(DEFAULT_CHARACTER_COUNT);
  const makeWords = async () => {
    const words = await loadEffWordlist();
    onGenerated(generateWords(words, wordCount), entropyBits(words.length, wordCount));
  };
  const makeCharacters = () => onGenerated(generateCharacters(charCount), entropyBits(Array.from(CHARACTER_SET).length, charCount));
  return (
    <div className="passphrase-generator">
      <GenerateRow
        label="Generate words"
        onGenerate={() => void makeWords()}
        countLabel="Number of words"
        count={wordCount}
        choices={WORD_COUNT_CHOICES}
        onCount={setWordCount}
      />
      <GenerateRow
        label="Generate characters"
        onGenerate={makeCharacters}
        countLabel="Number of characters"
        count={charCount}
        choices={CHARACTER_COUNT_CHOICES}
        onCount={setCharCount}
      />
    </div>
  );
}
