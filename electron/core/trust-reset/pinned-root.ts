import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError } from '../errors';
import { isSafeGun } from '../tuf/gun';
import { loadSignedFile } from '../tuf/signed-file';
import { readTufKey } from '../tuf/tuf-key';

/** One root key a consumer's cache pins: the ID metadata names it by (x509 ID for certificates) and its canonical ID. */
export interface PinnedRootKey {
  id: string;
  canonicalId: string | null;
  type: string;
}

export interface PinnedRoot {
  gun: string;
  version: number | null;
  keys: PinnedRootKey[];
  /** Why no keys could be read from the cached root (unreadable or misshapen root.json), else null. */
  error: string | null;
}

/** `<trust>/tuf/<gun>` after refusing names that could point outside the trust dir. */
export function gunDir(trustDir: string, gun: string): string {
  if (!isSafeGun(gun)) throw new VaultError('INVALID_ARGUMENT', `not a repository name: ${JSON.stringify(gun)}`);
  return join(trustDir, 'tuf', gun);
}

/**
 * The root keys the cached root.json of a repository pins (its `roles.root.keyids`), for the UI to show beside
 * the key the server now presents. Key IDs are recomputed from the key bytes, as notary does. Reads only; throws
 * NOT_FOUND when nothing is cached for the GUN.
 */
export function pinnedRootKeyIds(trustDir: string, gun: string): PinnedRoot {
  const dir = gunDir(trustDir, gun);
  if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new VaultError('NOT_FOUND', `no trust data cached for ${gun} in ${dir}`);
  return pinnedRootIn(join(dir, 'metadata'), gun);
}

/** The same, for a metadata folder anywhere (a forgotten copy included). */
export function pinnedRootIn(metadataDir: string, gun: string): PinnedRoot {
  const loaded = loadSignedFile(join(metadataDir, 'root.json'));
  if (!loaded.ok) return { gun, version: null, keys: [], error: `root.json: ${loaded.reason}` };
  const signed = loaded.file.signed as { version?: unknown; keys?: unknown; roles?: { root?: { keyids?: unknown } } };
  const version = Number.isSafeInteger(signed.version) ? (signed.version as number) : null;
  const keyids = signed.roles?.root?.keyids;
  if (typeof signed.keys !== 'object' || signed.keys === null || !Array.isArray(keyids)) {
    return { gun, version, keys: [], error: 'root.json lacks keys or roles.root.keyids' };
  }
  const all = signed.keys as Record<string, unknown>;
  const keys = keyids
    .filter((id): id is string => typeof id === 'string')
    .map((id): PinnedRootKey => {
      if (!Object.hasOwn(all, id)) return { id, canonicalId: null, type: 'missing' };
      const k = readTufKey(all[id]);
      // The ID is the one listed; the canonical ID only when the key really hashes to it.
      return { id, canonicalId: k.id === id ? k.canonicalId : null, type: k.type };
    });
  return { gun, version, keys, error: null };
}
