import { afterEach, describe, expect, it } from 'vitest';
import { passphraseOrSaved, setSavedPassphraseLookup } from './saved-passphrases';

const ID = 'a'.repeat(64);
let unbind = () => {};
afterEach(() => unbind());

describe('passphraseOrSaved', () => {
  it('knows no saved passphrase until a vault binds one', () => {
    expect(passphraseOrSaved(ID, undefined)).toBeUndefined();
    expect(passphraseOrSaved(ID, '')).toBe('');
  });

  it('takes the saved passphrase only when none was given, and the given one always wins', () => {
    unbind = setSavedPassphraseLookup((id) => (id === ID ? 'saved passphrase' : undefined));
    expect(passphraseOrSaved(ID, undefined)).toBe('saved passphrase');
    expect(passphraseOrSaved(ID, '')).toBe('saved passphrase');
    expect(passphraseOrSaved(ID, 'typed passphrase')).toBe('typed passphrase');
    expect(passphraseOrSaved('b'.repeat(64), undefined)).toBeUndefined();
    unbind();
    expect(passphraseOrSaved(ID, undefined)).toBeUndefined();
  });
});
