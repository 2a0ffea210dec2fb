/**
 * Leftovers of interrupted writes (issue 13, point 3) as the app shows them: never a path, never key material. Each
 * carries an opaque ID core handed out for this file as it is now; core checks it again before acting on it.
 */
export interface LeftoverInfo {
  /** Opaque. Stale once the file changes or goes; refused then, and the list is read again. */
  id: string;
  /** `temp`: an atomic write's temporary file; `partial`: a file being written onto a drive or into the data folder. */
  kind: 'temp' | 'partial';
  /** Which folder it lies in: the trust folder's private/ or the app's data folder. */
  folder: 'trustDir' | 'dataDir';
  /** The file the interrupted write was making, relative to that folder (`<key ID>.key`, `vault/vault.tv`). */
  target: string;
  bytes: number;
  modifiedAt: string;
  /** Set when it is a whole key file whose key this trust folder does not otherwise have: put it in place, do not lose it. */
  onlyCopyOf: { keyId: string; role: string | null; gun: string | null } | null;
}

export interface LeftoverOutcome {
  /** Key IDs put in place as `<ID>.key` in the trust folder's private/. */
  promoted: string[];
  /** Targets (as in LeftoverInfo) whose leftovers were removed. */
  removed: string[];
  /** What is left afterwards, with fresh IDs. */
  leftovers: LeftoverInfo[];
}
