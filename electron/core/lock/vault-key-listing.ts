import { trustDirIdOf } from '../trustdir/trust-dir-id';
import { resolve } from 'node:path';
import type { KeyAlgorithm, KeyInfo } from '../../../shared/dto/keys';
import { KEY_ALGORITHMS } from '../../../shared/dto/keys';
import type { OfflineKeyInfo } from '../../../shared/dto/vault';
import { kindOfRole } from '../keys/store/layout';
import { parseVault, readVaultBytes, vaultPath } from '../vault/vault-file';

export interface VaultView {
  /** The vault file's path. */
  file: string;
  offlineKeys: OfflineKeyInfo[];
  /** The key's passphrase is saved in the unlocked vault. */
  hasPassphrase(keyId: string): boolean;
}

/**
 * The trust dir's keys as the key list shows them with the vault beside it: keys taken offline appear as
 * "offline, in the vault" (location 'vault'), a key brought back online for a while carries its `onlineUntil`, and
 * keys whose passphrase the unlocked vault holds say so.
 */
export function withVaultKeys(trustDir: string, keys: KeyInfo[], vault: VaultView): KeyInfo[] {
  const dir = resolve(trustDir);
  const mine = vault.offlineKeys.filter((k) => resolve(k.trustDir) === dir);
  const byId = new Map(mine.map((k) => [k.keyId, k] as const));
  const listed = keys.map((k): KeyInfo => {
    const offline = byId.get(k.id);
    const marked = vault.hasPassphrase(k.id) ? { ...k, passphraseInVault: true } : k;
    return offline?.onlineUntil && k.location === 'file' ? { ...marked, onlineUntil: offline.onlineUntil } : marked;
  });
  const present = new Set(keys.filter((k) => k.location === 'file').map((k) => k.id));
  const inVault = mine.filter((k) => !present.has(k.keyId)).map((k): KeyInfo => ({
    id: k.keyId,
    role: k.role,
    gun: k.gun,
    kind: kindOfRole(k.role),
    algorithm: (KEY_ALGORITHMS as readonly string[]).includes(k.algorithm ?? '') ? (k.algorithm as KeyAlgorithm) : null,
    location: 'vault',
    path: vault.file,
    file: k.file,
    layout: 'current',
    format: 'pkcs8-encrypted',
    encrypted: true,
    status: 'ok',
    ...(vault.hasPassphrase(k.keyId) ? { passphraseInVault: true } : {}),
  }));
  return [...listed, ...inVault];
}

/** The vault's offline keys of one trust dir, from the vault file's header (no unlock needed); none when there is no readable vault. */
export function offlineKeysOf(dataDir: string, trustDir: string): KeyInfo[] {
  const path = vaultPath(dataDir);
  let index: OfflineKeyInfo[];
  try {
    const bytes = readVaultBytes(path);
    const id = trustDirIdOf(trustDir);
    // The header names the trust dir by its ID only; the path shown is the derived one (issue 12, point 2).
    index = (bytes ? parseVault(bytes, path).header.index : [])
      .filter((e) => e.trustDirId === id)
      .map(({ sha256: _sha, trustDirId: _id, legacyLocation: _legacy, ...e }) => ({ ...e, trustDir: resolve(trustDir), file: `private/${e.keyId}.key` }));
  } catch {
    return [];
  }
  return withVaultKeys(trustDir, [], { file: path, offlineKeys: index, hasPassphrase: () => false });
}
