import { unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { OfflineOutcome, OnlineOutcome, VaultStatus } from '../../../shared/dto/vault';
import { VaultError, ioError } from '../errors';
import { writeNewFileAtomically } from '../fs/atomic-write';
import { ensureSecureDir } from '../fs/secure-dir';
import { decryptKeyBlock } from '../keys/key-block';
import { decodePem, type PemBlock } from '../keys/pem';
import { readKeyBlock, requireKey } from '../keys/store/find-key';
import { findKeyFiles } from '../keys/store/scan';
import { trustDirIdOf } from '../trustdir/trust-dir-id';
import { insideTrustDir } from './derived-path';
import { isKeyFilePath } from './payload';
import { readKeyFileBytes, type LocatedEntry } from './sweep';
import { sha256Hex, type OfflineIndexEntry } from './vault-file';
import type { VaultSession } from './vault-session';

/**
 * Offline keys (issue 7, point 3). "Offline" moves a key file out of the trust dir into the vault: its exact
 * bytes (notary's own PKCS#8 encryption, inside the vault's AES-256-GCM), so "online" writes back exactly the file
 * notary wrote, with the same ID and the same passphrase. The order never risks the key: the vault is written and
 * read back before the trust-dir file is deleted, and going online deletes nothing. Putting the file away again
 * when its time is over is the sweep (sweep.ts), which deletes only a byte-identical file.
 */

export const MIN_ONLINE_SECONDS = 10;
export const MAX_ONLINE_SECONDS = 7 * 24 * 3600;
export const DEFAULT_ONLINE_SECONDS = 300;

export interface TakeOfflineOptions {
  /** The user insists past the "no other copy" warning (CLI: --force). */
  insist: boolean;
  /** Where else the key is: verified backups (the ledger), token copies. Empty = this file is the only copy. */
  otherCopies: string[];
}

const who = (e: { role: string | null; gun: string | null }) => (e.gun ? `${e.role ?? 'unknown role'} key of ${e.gun}` : `${e.role ?? 'unknown role'} key`);

export function takeOffline(session: VaultSession, trustDir: string, keyId: string, options: TakeOfflineOptions): OfflineOutcome {
  const dir = resolve(trustDir);
  const existing = session.offlineEntry(keyId); // throws VAULT_LOCKED / VAULT_NOT_CREATED first
  const outcome = (status: VaultStatus, warned = true): OfflineOutcome => ({
    keyId,
    otherCopies: [...options.otherCopies],
    insisted: warned && options.insist && options.otherCopies.length === 0,
    status,
  });

  if (existing) return takeBackOffline(session, dir, existing, outcome);

  const info = requireKey(dir, keyId);
  const files = findKeyFiles(dir, keyId);
  if (files.length > 1) {
    // Moving one would leave the key in the trust dir (notary lists both layouts): refuse rather than half-do it.
    throw new VaultError('INVALID_ARGUMENT', `Key ${keyId} has ${files.length} files in ${dir} (${files.map((f) => f.file).join(', ')}); taking one offline would leave the key online. Remove the duplicate first`);
  }
  if (options.otherCopies.length === 0 && !options.insist) {
    throw new VaultError(
      'ONLY_COPY',
      `${info.file} is the only known copy of the ${who(info)}: no verified backup holds it and no token copy is known. In the vault it depends on the vault file and its passphrase alone; lose either and the key is gone. Make and verify a backup first, or insist (--force) to take it offline anyway`,
    );
  }
  const bytes = readKeyFileBytes(info.path);
  if (!bytes || bytes.length === 0) throw new VaultError('BAD_KEY_FILE', `${info.path} could not be read as a key file`);
  const sha256 = sha256Hex(bytes);
  const entry: OfflineIndexEntry = {
    keyId,
    role: info.role,
    gun: info.gun,
    algorithm: info.algorithm,
    trustDirId: trustDirIdOf(dir),
    takenOfflineAt: session.clock.now().toISOString(),
    onlineUntil: null,
    sha256,
  };
  session.update((d) => {
    d.index.push(entry);
    d.payload.offlineKeys.set(keyId, Buffer.from(bytes));
    // Where it goes back to is authenticated (in the payload), never in the public header.
    d.payload.locations.set(keyId, { trustDir: dir, file: info.file });
  });
  // update() read the file back and decrypted it; check the copy it holds is these bytes before deleting anything.
  const stored = session.offlineKeyBytes(keyId);
  const same = stored?.equals(bytes) ?? false;
  stored?.fill(0);
  if (!same) throw new VaultError('VAULT_DAMAGED', `The vault did not keep an identical copy of ${info.path}; the key file was left in place`);
  removeIfIdentical(info.path, sha256);
  bytes.fill(0);
  return outcome(session.status());
}

/** A key already in the vault: remove a trust-dir copy that is exactly the vault's (it was online); else refuse. */
function takeBackOffline(session: VaultSession, dir: string, entry: LocatedEntry, outcome: (s: VaultStatus, warned: boolean) => OfflineOutcome): OfflineOutcome {
  // The trust dir asked about and the one the key was last brought online in (they differ when the user switched).
  const files = [...new Set([dir, entry.trustDir])].flatMap((d) => findKeyFiles(d, entry.keyId));
  for (const f of files) {
    const bytes = readKeyFileBytes(f.path);
    if (bytes && sha256Hex(bytes) !== entry.sha256) {
      throw new VaultError('ALREADY_EXISTS', `The vault already holds key ${entry.keyId}, and ${f.path} differs from that copy (changed since it was brought online?); nothing was changed. Remove or rename one of them first`);
    }
  }
  session.update((d) => {
    const e = d.index.find((x) => x.keyId === entry.keyId);
    if (e) e.onlineUntil = null;
  });
  for (const f of files) removeIfIdentical(f.path, entry.sha256);
  // No "only copy" warning applies: the vault already held the key.
  return outcome(session.status(), false);
}

/** Deletes a key file only if it still holds exactly the bytes with this hash. */
function removeIfIdentical(path: string, sha256: string): void {
  const now = readKeyFileBytes(path);
  if (now === null) return;
  if (sha256Hex(now) !== sha256) throw new VaultError('IO_ERROR', `${path} changed while it was being taken offline; the vault holds the earlier copy and the file was left in place`);
  try {
    unlinkSync(path);
  } catch (e) {
    throw ioError('The key is in the vault, but could not remove', path, e);
  }
}

export function bringOnline(session: VaultSession, trustDir: string, keyId: string, options: { forSeconds?: number } = {}): OnlineOutcome {
  const forSeconds = options.forSeconds ?? DEFAULT_ONLINE_SECONDS;
  if (!Number.isInteger(forSeconds) || forSeconds < MIN_ONLINE_SECONDS || forSeconds > MAX_ONLINE_SECONDS) {
    throw new VaultError('INVALID_ARGUMENT', `A key comes online for ${MIN_ONLINE_SECONDS} to ${MAX_ONLINE_SECONDS} seconds`);
  }
  const dir = resolve(trustDir);
  const entry = session.offlineEntry(keyId);
  if (!entry) throw new VaultError('NOT_FOUND', `Key ${keyId} is not in the vault`);
  if (!isKeyFilePath(entry.file)) throw new VaultError('VAULT_DAMAGED', `The vault's index names ${entry.file}, which is not a key file inside the trust dir`);
  const path = insideTrustDir(dir, entry.file);
  const bytes = session.offlineKeyBytes(keyId);
  if (!bytes) throw new VaultError('VAULT_DAMAGED', `The vault's index lists key ${keyId}, but the vault holds no copy of it`);
  try {
    const there = readKeyFileBytes(path);
    if (there && !there.equals(bytes)) throw new VaultError('ALREADY_EXISTS', `${path} already exists and is not the vault's copy of the key; it was not overwritten`);
    const until = new Date(session.clock.now().getTime() + forSeconds * 1000).toISOString();
    // Record the time first: if writing the file then fails, the sweep has nothing to remove.
    session.update((d) => {
      const e = d.index.find((x) => x.keyId === keyId);
      if (e) {
        e.onlineUntil = until;
        e.trustDirId = trustDirIdOf(dir);
      }
      d.payload.locations.set(keyId, { trustDir: dir, file: entry.file });
    });
    if (!there) {
      ensureSecureDir(dirname(path));
      writeNewFileAtomically(path, bytes);
    }
    return { keyId, path, until, status: session.status() };
  } finally {
    bytes.fill(0);
  }
}

/**
 * Checks that a passphrase opens a key before the vault saves it: the trust-dir file, else the vault's offline
 * copy (while unlocked). Returns the key's role and GUN. Throws WRONG_PASSPHRASE, NOT_FOUND, BAD_KEY_FILE.
 */
export function verifyKeyPassphrase(session: VaultSession | null, trustDir: string, keyId: string, passphrase: string): { role: string | null; gun: string | null } {
  const dir = resolve(trustDir);
  if (findKeyFiles(dir, keyId).length > 0) {
    const info = requireKey(dir, keyId);
    opensKey(readKeyBlock(info), passphrase, keyId, info.path);
    return { role: info.role, gun: info.gun };
  }
  const entry = session?.isUnlocked() ? session.offlineEntry(keyId) : undefined;
  const bytes = entry ? session!.offlineKeyBytes(keyId) : undefined;
  if (!entry || !bytes) throw new VaultError('NOT_FOUND', `No key ${keyId} in ${dir} or in the vault`);
  try {
    const where = `the vault's copy of ${keyId}`;
    const block = decodePem(bytes.toString('utf8'))[0];
    if (!block) throw new VaultError('BAD_KEY_FILE', `${where} holds no PEM block`);
    opensKey(block, passphrase, keyId, where);
    return { role: entry.role, gun: entry.gun };
  } finally {
    bytes.fill(0);
  }
}

function opensKey(block: PemBlock, passphrase: string, keyId: string, where: string): void {
  const key = decryptKeyBlock(block, passphrase);
  try {
    if (key.id !== keyId) throw new VaultError('BAD_KEY_FILE', `${where} holds key ${key.id}, not ${keyId}`);
  } finally {
    key.wipe();
  }
}

/** Verifies the passphrase opens the key, then saves it in the vault. */
export function savePassphraseChecked(session: VaultSession, trustDir: string, keyId: string, passphrase: string): VaultStatus {
  const meta = verifyKeyPassphrase(session, trustDir, keyId, passphrase);
  return session.savePassphrase(keyId, passphrase, meta);
}
