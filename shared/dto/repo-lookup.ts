import type { StatusProblem, Verdict } from './status';

/** Looking up a repository by name, trust on first use made visible, and checks that say what they know (issue 15). */

/** A root key of a repository as its root.json lists it, shown for comparison with what the publisher published. */
export interface RootKeyView {
  /** The x509 ID root.json uses (what notary's trust_pinning.certs and `docker trust inspect` show). */
  id: string;
  /** The canonical ID of the key (what `notary key list` shows for the private key), when computable. */
  canonicalId: string | null;
  type: string;
  /** The certificate's subject CN (notary writes the GUN), null for a bare key. */
  subject: string | null;
  /** RFC 3339. */
  notBefore: string | null;
  notAfter: string | null;
  isCa: boolean;
}

/** What a verdict is based on: when, against what (a server URL, or `cache`), and how old the cached data is. */
export interface VerdictBasis {
  /** RFC 3339. */
  checkedAt: string;
  /** The server URL asked, or `cache` when only the cached trust data was read. */
  against: string;
  /** RFC 3339: when the cached trust data last changed (newest metadata file), null when nothing is cached. */
  cachedAt: string | null;
}

/** One check of a repository, as remembered by the app (per trust dir and GUN). */
export interface RecordedCheck {
  verdict: Verdict;
  basis: VerdictBasis;
}

export interface RepoCheckResult {
  gun: string;
  verdict: Verdict;
  basis: VerdictBasis;
  problems: StatusProblem[];
  /** With `incomplete`: the roles never fetched. */
  missingRoles: string[];
  /** Roles this check wrote into the cache (only verified data enters it). */
  fetched: string[];
  /** With `unreachable`: the last verdict reached, and what it was based on; null when there was none. */
  last: RecordedCheck | null;
  /** Why no server was asked (none remembered for the repository or its registry), else null: a prompt, not an error. */
  needsServer: { registry: string; suggestion: { url: string; label: string; endsOn: string | null } | null } | null;
}

/** What the server serves for a repository before anything is written: the TOFU screen's content. */
export interface RepoLookupPreview {
  gun: string;
  registry: string;
  server: string;
  /** The root.json version and its keys. */
  rootVersion: number | null;
  rootKeys: RootKeyView[];
  /** Signed tags, as the verified data lists them. */
  tagCount: number;
  /** What verification found besides first use (broken data is refused). */
  verdict: Verdict;
  problems: StatusProblem[];
  /** True when the trust dir already pins a root for the GUN (cache or config.json): then no TOFU happens. */
  alreadyPinned: boolean;
  /** Pins found in the trust dir's config.json for this GUN (x509 IDs), applied automatically. */
  configPins: string[];
  /** A known end date of the server's service, as a warning line, else null. */
  shutdown: string | null;
}

export interface RepoAddOutcome extends RepoLookupPreview {
  /** How the root was accepted: pinned by key ID, by CA, already pinned, or trusted on first use (`--yes`). */
  acceptedBy: 'pin-root-id' | 'pin-ca' | 'pinned' | 'first-use';
  /** The x509 IDs pinned in the trust dir's config.json (trust_pinning.certs), or the CA file (trust_pinning.ca). */
  pinnedIds: string[];
  pinnedCa: string | null;
  /** Roles written into the cache. */
  written: string[];
  check: RepoCheckResult;
}

/** Progress of "Check all": one event per repository, tagged with the job. */
export interface CheckAllProgress {
  jobId: string;
  done: number;
  total: number;
  gun: string;
  result: RepoCheckResult;
}

/** The server to look a name up on: remembered (for the repository or its registry), else a known suggestion. */
export interface ServerForName {
  gun: string;
  registry: string;
  /** The remembered server, or null: then the UI asks for one (a prompt, not an error). */
  server: string | null;
  suggestion: { url: string; label: string; endsOn: string | null } | null;
  /** Whether the trust dir already has trust data for the GUN. */
  cached: boolean;
}
