import type { RepoStatus, Verdict } from './status';
import type { KeyLocation } from './keys';
import type { RecordedCheck, VerdictBasis } from './repo-lookup';

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
  /** When and against what this verdict was reached (the cache, now), and how old the cached data is (issue 15). */
  basis?: VerdictBasis;
  /** The last check against the server, when there was one; with `reached`, the last one that got an answer. */
  lastCheck?: (RecordedCheck & { reached: RecordedCheck | null }) | null;
  /** With verdict `incomplete`: the roles never fetched. */
  missingRoles?: string[];
}

/** A key of the repository (root, targets or a delegation) that has a key file in this trust dir. */
export interface HeldKey {
  /** The role the repository gives the key. */
  role: string;
  /** The ID the metadata uses. */
  keyId: string;
  /** The ID of the key file (`notary key list`). */
  canonicalId: string;
  location: KeyLocation;
}

export interface RepoDetail extends RepoStatus {
  heldKeys: HeldKey[];
  /** As RepoSummary's (issue 15). */
  basis?: VerdictBasis;
  lastCheck?: (RecordedCheck & { reached: RecordedCheck | null }) | null;
}

export interface ExpiryRadarEntry extends RoleExpiry {
  gun: string;
  /** Whole days from now, negative when already expired. */
  daysLeft: number;
}

/** A root key a repository's cached root.json pins: the ID the metadata names it by, and its canonical ID. */
export interface PinnedRootKey {
  id: string;
  /** The ID of the key itself (what `notary key list` shows for a certificate's key), when it could be computed. */
  canonicalId: string | null;
  type: string;
}

/** What the cache of one repository pins as its root (issue 3, point 5: shown beside the publisher's new root key). */
export interface PinnedRootInfo {
  gun: string;
  version: number | null;
  keys: PinnedRootKey[];
  /** Why no keys could be read from the cached root.json, else null. */
  error: string | null;
}

/** A repository whose cached trust data was forgotten: moved into the app's data folder, restorable. */
export interface ForgottenRepo {
  id: string;
  gun: string;
  /** Where the data was: `<trust>/tuf/<gun>`. */
  originalPath: string;
  /** RFC 3339. */
  forgottenAt: string;
  pinnedRootKeys: PinnedRootKey[];
  rootVersion: number | null;
}

export interface ForgetOutcome {
  entryId: string;
  /** The folder in the app's data folder that now holds the data. */
  movedTo: string;
  pinnedRootKeyIds: string[];
}

export interface RestoreOutcome {
  gun: string;
  /** `<trust>/tuf/<gun>` as restored. */
  path: string;
}

/** The notary server remembered for a repository (or its whole trust dir); the CA file only by its name. */
export interface ServerSettingView {
  server: string | null;
  caFileName: string | null;
  /** The person marked this server insecure: credentials may go to it over plain http (issue 12, point 5). */
  insecureHttp: boolean;
}

/** A repository as its notary server serves it, verified against the cached root (issue 3, point 2). */
export interface RepoServerCheck extends RepoStatus {
  /** The server asked. */
  server: string;
  caFileName: string | null;
  /** The root key IDs in the server's root.json (beside the pinned ones when forgetting, point 5). */
  serverRootKeyIds: string[];
}
