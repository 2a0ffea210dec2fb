/**
 * A repository's trust status as the vault computes it from notary's TUF metadata (issue 3). Pure types and
 * constants: the renderer and the CLI both show it.
 */

/**
 * `trusted`, `warning`, `broken` (the data is wrong) say what the data is; `incomplete` (part of it was never fetched,
 * as after `notary publish`, which leaves no timestamp.json) and `unreachable` (the server could not be asked) say
 * what is not known (issue 15).
 */
export type Verdict = 'trusted' | 'warning' | 'broken' | 'incomplete' | 'unreachable';

/**
 * Every problem the verifier reports, with a one-line message. Where notary prints a text for the same failure,
 * the message carries notary's exact words so a person searching their error finds it here.
 */
export const STATUS_PROBLEMS = {
  MISSING_ROLE: 'a metadata file the repository needs is missing from the cache (or from the server)',
  MALFORMED: 'the metadata file is not valid notary TUF metadata (bad JSON, wrong shape or too large)',
  ROOT_NOT_TRUSTED: 'could not validate the path to a trusted root',
  THRESHOLD_NOT_MET: 'valid signatures did not meet threshold',
  BAD_CERTIFICATE: 'a key certificate is unreadable, not yet valid, expired, a CA, or names another repository',
  EXPIRED: 'the metadata has expired',
  EXPIRING_SOON: 'the metadata expires within 90 days',
  LENGTH_MISMATCH: 'a file does not have the length the snapshot or timestamp lists for it',
  HASH_MISMATCH: 'a file does not have the checksum the snapshot or timestamp lists for it',
  WRONG_TYPE: 'the metadata has the wrong _type for its role',
  DELEGATION_OUTSIDE_PATHS: 'a delegation signs a tag outside the paths it was given; that tag is not trusted',
  // Live server sources (issue 3, point 2). notary prints only "client is offline" for every network or TLS failure.
  FIRST_USE:
    'no root is pinned for this repository in the trust dir: the server\'s root was trusted on first use, as notary does, and nothing older vouches for it',
  SERVER_OFFLINE: 'the notary server could not be reached (connection refused or host not found); notary says "client is offline"',
  SERVER_TIMEOUT: 'the notary server did not answer in time; notary says "client is offline"',
  TLS_UNTRUSTED:
    'x509: certificate signed by unknown authority: the server\'s TLS certificate is not signed by a trusted CA (give its CA with --ca); notary says only "client is offline"',
  TLS_HOSTNAME: 'the server\'s TLS certificate is not valid for this host name or address; notary says only "client is offline"',
  TLS_EXPIRED: 'the server\'s TLS certificate has expired or is not yet valid; notary says only "client is offline"',
  TLS_NOT_SPOKEN: 'the server does not speak TLS: it answered an https:// address in plain HTTP (use http:// only for a server you trust on that network); notary says only "client is offline"',
  UNAUTHORIZED: 'the notary server refused access (401 unauthorized): give a user and password or a token',
  SERVER_ERROR: 'the notary server answered with an error',
  LOW_VERSION:
    'potential malicious behavior - trust data version is lower than expected: the server serves older metadata than the trust dir already holds (a rollback)',
} as const;

export type StatusProblemCode = keyof typeof STATUS_PROBLEMS;
export const STATUS_PROBLEM_CODES = Object.keys(STATUS_PROBLEMS) as StatusProblemCode[];

/** Problems that only warn; every other code makes the repository broken. */
export const WARNING_PROBLEMS: readonly StatusProblemCode[] = ['EXPIRING_SOON', 'DELEGATION_OUTSIDE_PATHS', 'FIRST_USE'];

export interface StatusProblem {
  code: StatusProblemCode;
  /** The role it concerns (`root`, `targets`, `targets/releases`, ...), or '' for the repository as a whole. */
  role: string;
  message: string;
}

export interface RoleKey {
  /** The ID metadata uses (the x509 ID for certificate keys). */
  id: string;
  type: string;
  /** The ID `notary key list` and the key file name use (NOTARY.md section 3); equals id for bare keys. */
  canonicalId: string | null;
}

export interface SignatureCheck {
  keyid: string;
  method: string;
  valid: boolean;
  reason?: string;
}

export interface RoleStatus {
  role: string;
  version: number | null;
  /** RFC 3339, as written in the metadata. */
  expires: string | null;
  threshold: number;
  keys: RoleKey[];
  signatures: SignatureCheck[];
}

export interface SignedTag {
  name: string;
  /** sha256 of the target, lowercase hex. */
  digest: string;
  size: number;
  /** The role whose metadata signs it. */
  role: string;
}

export interface DelegationInfo {
  name: string;
  keys: RoleKey[];
  threshold: number;
  paths: string[];
}

export interface RepoStatus {
  gun: string;
  verdict: Verdict;
  problems: StatusProblem[];
  roles: RoleStatus[];
  tags: SignedTag[];
  delegations: DelegationInfo[];
  /** With verdict `incomplete`: the roles whose files were never fetched into the cache (issue 15). */
  missingRoles?: string[];
}
