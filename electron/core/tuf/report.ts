import {
  type DelegationInfo,
  type RepoStatus,
  type RoleStatus,
  type SignedTag,
  STATUS_PROBLEMS,
  type StatusProblem,
  type StatusProblemCode,
  WARNING_PROBLEMS,
} from '../../../shared/dto/status';
import type { RoleCheck } from './role-check';
import type { SignedFile } from './signed-file';

/** Roles expiring sooner than this make a warning (issue 3, expiry radar). */
export const EXPIRY_WARNING_MS = 90 * 24 * 3600 * 1000;

/** Collects what the verifier finds about one repository and turns it into a RepoStatus. */
export class StatusReport {
  readonly problems: StatusProblem[] = [];
  readonly roles: RoleStatus[] = [];
  readonly tags: SignedTag[] = [];
  readonly delegations: DelegationInfo[] = [];

  constructor(
    readonly gun: string,
    readonly now: Date,
  ) {}

  /** Adds a problem; `detail` follows the code's standard message (which holds notary's own words). */
  problem(code: StatusProblemCode, role: string, detail?: string): void {
    this.problems.push({ code, role, message: detail ? `${STATUS_PROBLEMS[code]}: ${detail}` : STATUS_PROBLEMS[code] });
  }

  /** Records a role's checks, and its threshold, type and expiry problems. Returns whether the role can be trusted. */
  role(role: string, type: string, file: SignedFile, threshold: number, check: RoleCheck): boolean {
    const s = file.signed;
    const version = Number.isSafeInteger(s.version) && (s.version as number) >= 1 ? (s.version as number) : null;
    const expires = typeof s.expires === 'string' ? s.expires : null;
    this.roles.push({ role, version, expires, threshold, keys: check.keys, signatures: check.signatures });
    let ok = true;
    if (s._type !== type) {
      this.problem('WRONG_TYPE', role, `expected ${type}, found ${JSON.stringify(s._type)}`);
      ok = false;
    }
    if (version === null) {
      this.problem('MALFORMED', role, 'version is not a positive integer');
      ok = false;
    }
    if (!check.met) {
      // notary's exact text, which docker wraps in "Warning: potential malicious behavior - ...".
      this.problems.push({
        code: 'THRESHOLD_NOT_MET',
        role,
        message: `valid signatures did not meet threshold for ${role} (${check.validKeys} of ${Math.max(1, threshold)} needed)`,
      });
      ok = false;
    }
    return this.expiry(role, expires) && ok;
  }

  /** A role whose file could not be used at all. */
  unusable(role: string, threshold: number): void {
    this.roles.push({ role, version: null, expires: null, threshold, keys: [], signatures: [] });
  }

  private expiry(role: string, expires: string | null): boolean {
    const at = expires === null ? NaN : Date.parse(expires);
    if (Number.isNaN(at)) {
      this.problem('MALFORMED', role, `unreadable expiry ${JSON.stringify(expires)}`);
      return false;
    }
    if (at <= this.now.getTime()) {
      this.problem('EXPIRED', role, `${role} expired at ${expires}`);
      return false;
    }
    // The server re-signs the timestamp every time it is fetched, so its short life is no cause for alarm.
    if (role !== 'timestamp' && at - this.now.getTime() < EXPIRY_WARNING_MS) this.problem('EXPIRING_SOON', role, `${role} expires at ${expires}`);
    return true;
  }

  result(): RepoStatus {
    const broken = this.problems.some((p) => !WARNING_PROBLEMS.includes(p.code));
    const verdict = broken ? 'broken' : this.problems.length > 0 ? 'warning' : 'trusted';
    return { gun: this.gun, verdict, problems: this.problems, roles: this.roles, tags: this.tags, delegations: this.delegations };
  }
}
