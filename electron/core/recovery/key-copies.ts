import type { KeyInfo } from '../../../shared/dto/keys';
import type { KeyBackupCopy, RecoveryKey } from '../../../shared/dto/recovery';
import type { RoleKey } from '../../../shared/dto/status';
import type { TokenInfo } from '../../../shared/dto/tokens';
import type { Ledger } from '../backup/ledger';

/**
 * Where each of a repository's keys still lives: key files of the trust dir, keys on known tokens, and copies of
 * backups in the ledger. Everything is matched by the key's canonical ID (the file name, the token's computed ID, the
 * backup manifest's ID); a certificate key's x509 ID from metadata is never a file name.
 */
export class KeyCopies {
  private readonly files = new Map<string, KeyInfo[]>();
  private readonly tokens = new Map<string, RecoveryKey['tokens']>();
  private readonly backups = new Map<string, KeyBackupCopy[]>();
  private readonly inVault = new Set<string>();

  constructor(keys: KeyInfo[], tokens: TokenInfo[], ledger: Ledger) {
    // A broken file (unreadable, truncated) is no copy to sign with; the listing's token rows come from `tokens`.
    for (const k of keys) if (k.status === 'ok' && k.location === 'file') push(this.files, k.id, k);
    for (const k of keys) if (k.location === 'vault') this.inVault.add(k.id);
    for (const t of tokens) for (const k of t.keys) push(this.tokens, k.id, { tokenId: t.id, label: t.label, serial: t.serial });
    for (const b of ledger.backups) {
      for (const k of b.keys) {
        for (const c of b.copies) {
          push(this.backups, k.id, { backupId: b.backupId, location: c.location, file: c.file, lastVerifiedAt: c.lastVerifiedAt, lastVerifyOk: c.lastVerifyOk });
        }
      }
    }
  }

  /** Key files, counted by how many there are: a root-lost statement says what was searched. */
  get keyFileCount(): number {
    let n = 0;
    for (const list of this.files.values()) n += list.length;
    return n;
  }

  get backupCount(): number {
    return new Set([...this.backups.values()].flat().map((c) => c.backupId)).size;
  }

  of(key: RoleKey): RecoveryKey {
    const id = key.canonicalId ?? key.id;
    const copies = this.backups.get(id) ?? [];
    return {
      keyId: key.id,
      canonicalId: id,
      type: key.type,
      files: (this.files.get(id) ?? []).map((f) => ({ path: f.path })),
      tokens: this.tokens.get(id) ?? [],
      ...(this.inVault.has(id) ? { inVault: true } : {}),
      // Only a copy whose last read-back verified counts: a failed or never-run check proves nothing.
      backups: copies.filter((c) => c.lastVerifyOk === true),
      unverifiedBackups: copies.filter((c) => c.lastVerifyOk !== true),
    };
  }
}

function push<T>(map: Map<string, T[]>, id: string, value: T): void {
  const list = map.get(id);
  if (list) list.push(value);
  else map.set(id, [value]);
}

export const isHeld = (k: RecoveryKey): boolean => k.files.length > 0 || k.tokens.length > 0 || k.inVault === true;
export const isBackedUp = (k: RecoveryKey): boolean => k.backups.length > 0;
