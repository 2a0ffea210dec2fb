import { checkRole } from '../tuf/role-check';
import type { SignedFile } from '../tuf/signed-file';
import { rootRoleOf, rootVersionOf } from '../repos/lookup/root-keys';

/**
 * Root rotations in an archive: each root version must be signed to threshold by the previous version's root keys and
 * by its own (NOTARY.md section 5). Versions the server did not have leave a gap that is not bridged.
 * Returns a reason per version that fails, by version.
 */
export function rootChainProblems(roots: SignedFile[]): Map<number, string> {
  const sorted = [...roots].sort((a, b) => (rootVersionOf(a) ?? 0) - (rootVersionOf(b) ?? 0));
  const problems = new Map<number, string>();
  for (const [i, next] of sorted.entries()) {
    const v = rootVersionOf(next) ?? 0;
    const own = checkRole(next, rootRoleOf(next));
    if (!own.met) problems.set(v, `root version ${v} is not signed by its own root keys`);
    const prev = sorted[i - 1];
    if (prev && rootVersionOf(prev) === v - 1) {
      const byPrev = checkRole(next, rootRoleOf(prev));
      if (!byPrev.met) problems.set(v, `root version ${v} is not signed by the root keys of version ${v - 1}`);
    }
  }
  return problems;
}
