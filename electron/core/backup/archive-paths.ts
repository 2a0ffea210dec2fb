import { isSafeGun } from '../tuf/gun';
import { KEY_EXT, LEGACY_ROOT_DIR, LEGACY_TUF_DIR, PRIVATE_DIR, isKeyId, parseLegacyName } from '../keys/store/layout';

/**
 * Which paths of an archive are key files and pinned roots, and where they go in a trust dir. The tar reader has
 * already refused absolute paths, `..`, links and devices; these rules decide what a restore may write.
 */

export interface KeyPath {
  /** Relative to the trust dir, '/'-separated: private/<id>.key or a legacy path as it was. */
  rel: string;
  id: string;
  layout: 'current' | 'legacy';
  /** Role and GUN the legacy path implies, used when the PEM headers do not say. */
  fallback: { role: string | null; gun: string | null } | null;
}

/** A key file path inside `private/` (already relative to the trust dir), or null if it is not one notary would list. */
export function keyPathOf(rel: string): KeyPath | null {
  const parts = rel.split('/');
  if (parts[0] !== PRIVATE_DIR || parts.length < 2 || !rel.endsWith(KEY_EXT)) return null;
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.startsWith('.'))) return null;
  const base = parts[parts.length - 1]!.slice(0, -KEY_EXT.length);
  if (parts.length === 2) return isKeyId(base) ? { rel, id: base, layout: 'current', fallback: null } : null;
  const legacy = parseLegacyName(base);
  if (parts[1] === LEGACY_ROOT_DIR && parts.length === 3) {
    return legacy && isKeyId(legacy.id) ? { rel, id: legacy.id, layout: 'legacy', fallback: { role: legacy.role, gun: null } } : null;
  }
  if (parts[1] === LEGACY_TUF_DIR && parts.length >= 4) {
    const gun = parts.slice(2, -1).join('/');
    return legacy && isKeyId(legacy.id) && isSafeGun(gun) ? { rel, id: legacy.id, layout: 'legacy', fallback: { role: legacy.role, gun } } : null;
  }
  // Other sub-folders: notary lists their *.key files by base name.
  return isKeyId(base) ? { rel, id: base, layout: 'current', fallback: null } : null;
}

/** tuf/<gun>/metadata/root.json → the GUN; null for anything else. */
export function pinnedRootGunOf(rel: string): string | null {
  const m = /^tuf\/(.+)\/metadata\/root\.json$/.exec(rel);
  return m && isSafeGun(m[1]!) ? m[1]! : null;
}

export const pinnedRootPath = (gun: string): string => `tuf/${gun}/metadata/root.json`;

/**
 * Docker's recommended `tar -zcvf backup.tar.gz ~/.docker/trust/private` stores `home/<user>/.docker/trust/private/...`.
 * The trust-dir-relative path is what follows the prefix up to the first `private` folder; every key file of one
 * archive must share that prefix (a second, different one means two trust dirs were packed together).
 */
export function trustDirPrefixOf(path: string): string | null {
  const parts = path.split('/');
  const i = parts.indexOf(PRIVATE_DIR);
  return i < 0 ? null : parts.slice(0, i).map((p) => `${p}/`).join('');
}
