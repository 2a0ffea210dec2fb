import type { StatusProblem } from '../../../shared/dto/status';
import { VaultError } from '../errors';
import { verifyRepo } from '../tuf/cache-status';
import { StatusReport } from '../tuf/report';
import { checkRole } from '../tuf/role-check';
import { type LoadResult, parseSignedFile, type SignedFile } from '../tuf/signed-file';
import { readTufKey } from '../tuf/tuf-key';

export interface ChangeToCheck {
  gun: string;
  /** The files as the server will hold them after the publish: the current ones with the new ones laid over. */
  after: Map<string, Buffer>;
  /** The root the server holds now; a new root must be signed by its root keys too. Null for a new repository. */
  currentRoot: Buffer | null;
  /** The server signs the snapshot after the publish, so there is none to check yet. */
  serverSignsSnapshot: boolean;
  now: Date;
}

/** Problems that are warnings, or about files the server has yet to sign. */
const WARNINGS = new Set<StatusProblem['code']>(['EXPIRING_SOON', 'DELEGATION_OUTSIDE_PATHS', 'FIRST_USE']);

/**
 * Checks a change with our own verifier before it is sent: the repository as it will be after the publish must
 * verify from its (new) root down, except for what the server signs afterwards (the timestamp, and the snapshot
 * when it holds that key), and a new root must also carry the current root's signatures, or no client pinned to
 * the current root would follow it. Throws INTERNAL with every problem: a change that fails here is our bug, and
 * sending it would break the repository for every client.
 */
export function checkChangeLocally(c: ChangeToCheck): void {
  const files = new Map(c.after);
  files.delete('timestamp');
  if (c.serverSignsSnapshot) files.delete('snapshot');
  const source = (role: string): LoadResult => {
    const b = files.get(role);
    return b ? parseSignedFile(b) : { ok: false, missing: true, reason: 'not part of the change' };
  };
  const report = new StatusReport(c.gun, c.now);
  verifyRepo(report, source);
  const ignored = (p: StatusProblem) => WARNINGS.has(p.code) || p.role === 'timestamp' || (c.serverSignsSnapshot && p.role === 'snapshot');
  const problems = report.problems.filter((p) => !ignored(p)).map((p) => `${p.code}${p.role ? ` [${p.role}]` : ''}: ${p.message}`);

  const root = source('root');
  if (c.currentRoot && root.ok && !root.file.bytes.equals(c.currentRoot)) {
    const current = parseSignedFile(c.currentRoot);
    if (!current.ok) problems.push(`the current root does not parse: ${current.reason}`);
    else {
      const why = signedByRootOf(current.file, root.file);
      if (why) problems.push(why);
      const [from, to] = [current.file.signed.version, root.file.signed.version];
      if (typeof from !== 'number' || to !== from + 1) problems.push(`the new root is version ${String(to)}, not ${String(from)} + 1`);
    }
  }
  if (problems.length > 0) throw new VaultError('INTERNAL', `the change to ${c.gun} does not verify locally, so it was not sent: ${problems.join('; ')}`);
}

/** Null when `next` carries enough valid signatures of `prev`'s root keys. */
function signedByRootOf(prev: SignedFile, next: SignedFile): string | null {
  const s = prev.signed as { keys?: Record<string, unknown>; roles?: { root?: { keyids?: string[]; threshold?: number } } };
  const keyids = s.roles?.root?.keyids ?? [];
  const threshold = s.roles?.root?.threshold ?? 1;
  const keys = new Map(Object.entries(s.keys ?? {}).map(([id, k]) => [id, readTufKey(k)] as const));
  const check = checkRole(next, { role: 'root', keyids, threshold, keys });
  return check.met ? null : `the new root is not signed by the current root key (${check.validKeys} of ${threshold} valid signatures)`;
}
