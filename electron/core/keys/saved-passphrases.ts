/**
 * Saved key passphrases (issue 7): while the vault is unlocked, operations that open a key (signing, exporting)
 * take the key's passphrase from it when the person left the field empty. The app's core sets the lookup once
 * (electron/core/handlers.ts, bound to its vault session); the CLI and tests leave the default, which knows none.
 * A module-level hook rather than a parameter threaded through every publisher operation: there is one vault per
 * process, and the lookup answers nothing once it is locked.
 */
export type SavedPassphraseLookup = (keyId: string) => string | undefined;

const none: SavedPassphraseLookup = () => undefined;
let lookup: SavedPassphraseLookup = none;

/** Binds the lookup; returns the way to unbind it (back to knowing none). */
export function setSavedPassphraseLookup(fn: SavedPassphraseLookup): () => void {
  lookup = fn;
  return () => {
    if (lookup === fn) lookup = none;
  };
}

/** The passphrase the person gave; when they gave none (or an empty one), the vault's saved one for that key. */
export function passphraseOrSaved(keyId: string, given: string | undefined): string | undefined {
  if (given !== undefined && given !== '') return given;
  return lookup(keyId) ?? given;
}
