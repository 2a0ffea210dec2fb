/**
 * Offline keys for one operation (issue 7, point 3): a root key taken offline into the vault signs a publisher
 * operation while the vault is unlocked, straight from the vault's copy, without its file coming back to the trust
 * dir. The app's core binds the lookup to its vault session (electron/core/lock/app-vault.ts); elsewhere it finds
 * none. A module-level hook, like saved-passphrases.ts, for the same reason: one vault per process.
 */
export type OfflineKeyLookup = (keyId: string) => Buffer | undefined;

const none: OfflineKeyLookup = () => undefined;
let lookup: OfflineKeyLookup = none;

/** Binds the lookup; returns the way to unbind it. */
export function setOfflineKeyLookup(fn: OfflineKeyLookup): () => void {
  lookup = fn;
  return () => {
    if (lookup === fn) lookup = none;
  };
}

/** The exact bytes of the key file the vault holds for this canonical ID (a copy the caller wipes), or undefined. */
export function offlineKeyFile(keyId: string): Buffer | undefined {
  return lookup(keyId);
}
