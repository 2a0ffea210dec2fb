import type { KeyInfo } from '../../../../shared/dto/keys';
import type { RepoSummary } from '../../../../shared/dto/repos';
import { vault } from '../../api';
import type { UiError } from '../../store/types';

/**
 * The repositories a lost key served, from this trust folder's cached trust data: those whose GUN the key carries
 * (targets, snapshot) and those whose metadata lists the key (a root key, a delegation), as repos.status reports in
 * heldKeys. Without a key: every repository. Reads only.
 */
export async function reposServedBy(trustDirId: string, key: KeyInfo | null): Promise<{ ok: true; guns: string[]; all: RepoSummary[] } | { ok: false; error: UiError }> {
  const listed = await vault.repos.list({ trustDirId });
  if (!listed.ok) return { ok: false, error: { code: listed.code, message: listed.message } };
  const all = listed.value;
  if (!key) return { ok: true, guns: all.map((r) => r.gun), all };
  const guns = new Set(all.filter((r) => key.gun !== null && r.gun === key.gun).map((r) => r.gun));
  // One status per repository, at most 50: a trust folder with more is searched by GUN only.
  for (const r of all.slice(0, 50)) {
    if (guns.has(r.gun)) continue;
    const detail = await vault.repos.status({ trustDirId, gun: r.gun });
    if (detail.ok && detail.value.heldKeys.some((h) => h.canonicalId === key.id || h.keyId === key.id)) guns.add(r.gun);
  }
  return { ok: true, guns: [...guns].sort(), all };
}
