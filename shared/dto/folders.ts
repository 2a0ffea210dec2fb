/** A folder the vault relies on that others could read or redirect (issue 12, point 8). */
export interface LooseFolder {
  path: string;
  /** Which folder: the trust dir, its private/ (the key files), or the app's data dir (vault, ledger, audit log). */
  kind: 'trust-dir' | 'private' | 'data-dir';
  /** 'symlink': the folder is a link, so whoever can change the link decides where keys go; 'open': group or others have access. */
  problem: 'symlink' | 'open';
  /** The permission bits, e.g. "0755" (of the link's target for a symlink). */
  mode: string;
  /** One sentence for the person: what is wrong and what the fix does. */
  message: string;
}

export interface TightenResult {
  /** Folders now 0700. */
  tightened: string[];
  /** What the fix could not change (a link stays a link: only the person can replace it with the folder). */
  remaining: LooseFolder[];
}
