import type { RepoStatus, Verdict } from './status';

/** What the Repositories screen shows of the cached repositories of a trust dir (issue 3, points 3, 6, 7). */

export interface RoleExpiry {
  role: string;
  /** RFC 3339, as written in the metadata. */
  expires: string;
}

export interface RepoSummary {
  gun: string;
  verdict: Verdict;
  problemCount: number;
  /** The role that expires first (a server-managed timestamp excepted), or null when no role has an expiry. */
  soonestExpiry: RoleExpiry | null;
}

/** A key of the repository (root, targets or a delegation) that has a key file in this trust dir. */
export interface HeldKey {
  /** The role the repository gives the key. */
  role: string;
  /** The ID the metadata uses. */
  keyId: string;
  /** The ID of the key file (`notary key list`). */
  canonicalId: string;
  location: 'file' | 'token';
}

export interface RepoDetail extends RepoStatus {
  heldKeys: HeldKey[];
}

export interface ExpiryRadarEntry extends RoleExpiry {
  gun: string;
  /** Whole days from now, negative when already expired. */
  daysLeft: number;
}
