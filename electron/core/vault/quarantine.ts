import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { QuarantinedKey } from '../../../shared/dto/vault';
import { VaultError, ioError } from '../errors';
import { replaceFileAtomically, writeNewFileAtomically } from '../fs/atomic-write';
import { readRegularFile } from '../fs/read-regular-file';
import { ensureSecureDir } from '../fs/secure-dir';
import { trustDirIdOf } from '../trustdir/trust-dir-id';
import { derivedKeyPath } from './derived-path';
import { trustDirById } from './registered-trust-dirs';
import { sha256Hex } from './vault-file';

/**
 * The quarantine (issue 12, point 2): where a locked vault puts a key file whose time online is over, instead of
 * deleting it. A locked vault's index is unauthenticated, so what it asks for may at most move a file here, never
 * destroy one: `<dataDir>/vault/quarantine/<name>.key` with `<name>.json` saying which key and which trust dir it came
 * from. Listed in the app and the CLI (`vault quarantine`), restorable to where it came from (`vault quarantine
 * restore NAME`), and deleted only once an unlock shows the vault holds the very same bytes.
 */

export const quarantineDir = (dataDir: string): string => join(dataDir, 'vault', 'quarantine');

const NAME = /^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{64}-[0-9a-f]{8}$/;
const MAX_KEY_FILE_BYTES = 64 * 1024;
const MAX_NOTE_BYTES = 4096;

interface Note {
  keyId: string;
  trustDirId: string;
  /** Where it was, for the user to read; restoring derives the path again. */
  from: string;
  movedAt: string;
  reason: string;
  sha256: string;
}

/** Moves a trust-dir key file into the quarantine; returns its name. The file is renamed (or copied, then removed, across file systems). */
export function quarantineKeyFile(dataDir: string, path: string, note: { keyId: string; trustDir: string; reason: string; now: Date }): string {
  const dir = quarantineDir(dataDir);
  ensureSecureDir(dir);
  const stamp = note.now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const name = `${stamp}-${note.keyId}-${randomBytes(4).toString('hex')}`;
  const read = readRegularFile(path, MAX_KEY_FILE_BYTES);
  if (read.kind !== 'ok') throw new VaultError('IO_ERROR', `${path} is not a key file that can be moved into the quarantine`);
  const record: Note = { keyId: note.keyId, trustDirId: trustDirIdOf(note.trustDir), from: path, movedAt: note.now.toISOString(), reason: note.reason, sha256: sha256Hex(read.bytes) };
  writeNewFileAtomically(join(dir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  const target = join(dir, `${name}.key`);
  try {
    renameSync(path, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') {
      unlinkQuietly(join(dir, `${name}.json`));
      throw ioError('Could not move into the quarantine', path, e);
    }
    // Another file system: a durable copy first, then the original goes.
    writeNewFileAtomically(target, read.bytes);
    unlinkSync(path);
  }
  return name;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

function readNote(dir: string, name: string): Note | null {
  const r = readRegularFile(join(dir, `${name}.json`), MAX_NOTE_BYTES);
  if (r.kind !== 'ok') return null;
  try {
    const v = JSON.parse(r.bytes.toString('utf8')) as Partial<Note>;
    if (typeof v.keyId !== 'string' || !/^[0-9a-f]{64}$/.test(v.keyId) || typeof v.trustDirId !== 'string' || typeof v.from !== 'string' || typeof v.movedAt !== 'string' || typeof v.reason !== 'string' || typeof v.sha256 !== 'string') return null;
    return { keyId: v.keyId, trustDirId: v.trustDirId, from: v.from.slice(0, 4096), movedAt: v.movedAt.slice(0, 40), reason: v.reason.slice(0, 300), sha256: v.sha256 };
  } catch {
    return null;
  }
}

/** Every quarantined key file, oldest first. `trustDirs` are the registered ones: where each would go back to. */
export function listQuarantine(dataDir: string, trustDirs: readonly string[]): QuarantinedKey[] {
  const dir = quarantineDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: QuarantinedKey[] = [];
  for (const f of names.sort()) {
    if (!f.endsWith('.key')) continue;
    const name = f.slice(0, -4);
    if (!NAME.test(name)) continue;
    try {
      if (!lstatSync(join(dir, f)).isFile()) continue;
    } catch {
      continue;
    }
    const note = readNote(dir, name);
    const keyId = note?.keyId ?? name.split('-')[1]!;
    const trustDir = note ? trustDirById(trustDirs, note.trustDirId) : null;
    out.push({
      name,
      keyId,
      from: note?.from ?? null,
      restoreTo: trustDir ? derivedKeyPath(trustDir, keyId) : null,
      movedAt: note?.movedAt ?? null,
      reason: note?.reason ?? null,
    });
  }
  return out;
}

/**
 * Puts a quarantined key file back into its trust dir, at the derived path <trust dir>/private/<id>.key (never a path
 * read from the note), never over an existing file. Returns the path written.
 */
export function restoreQuarantined(dataDir: string, name: string, trustDirs: readonly string[]): string {
  if (!NAME.test(name)) throw new VaultError('INVALID_ARGUMENT', `${name.slice(0, 120)} is not the name of a quarantined key file`);
  const item = listQuarantine(dataDir, trustDirs).find((q) => q.name === name);
  if (!item) throw new VaultError('NOT_FOUND', `Nothing named ${name} is in the quarantine (${quarantineDir(dataDir)})`);
  if (!item.restoreTo) throw new VaultError('NOT_FOUND', `The trust folder ${item.keyId} came from is not one the app knows; add it (or pass --trust-dir) and try again`);
  const dir = quarantineDir(dataDir);
  const r = readRegularFile(join(dir, `${name}.key`), MAX_KEY_FILE_BYTES);
  if (r.kind !== 'ok') throw new VaultError('IO_ERROR', `The quarantined file ${name}.key cannot be read`);
  ensureSecureDir(join(item.restoreTo, '..'));
  writeNewFileAtomically(item.restoreTo, r.bytes); // ALREADY_EXISTS rather than over a file
  // So that the next locked sweep does not move it straight back: the user put it there (see wasPutBack).
  const marker = { keyId: item.keyId, sha256: sha256Hex(r.bytes), restoredAt: new Date().toISOString() };
  try {
    replaceFileAtomically(join(dir, `put-back-${item.keyId}.json`), `${JSON.stringify(marker)}\n`);
  } catch {
    /* at worst the next locked sweep moves it aside again */
  }
  unlinkQuietly(join(dir, `${name}.key`));
  unlinkQuietly(join(dir, `${name}.json`));
  return item.restoreTo;
}

/**
 * True when the user put this very file back from the quarantine after the key's time online ended: a locked sweep
 * then leaves it alone. The marker lives in the data dir, which anyone may write, but it can only stop a move,
 * never cause one; an unlocked vault does not read it.
 */
export function wasPutBack(dataDir: string, keyId: string, sha256: string, onlineUntil: string): boolean {
  const r = readRegularFile(join(quarantineDir(dataDir), `put-back-${keyId}.json`), MAX_NOTE_BYTES);
  if (r.kind !== 'ok') return false;
  try {
    const v = JSON.parse(r.bytes.toString('utf8')) as { sha256?: unknown; restoredAt?: unknown };
    return v.sha256 === sha256 && typeof v.restoredAt === 'string' && Date.parse(v.restoredAt) >= Date.parse(onlineUntil);
  } catch {
    return false;
  }
}

/**
 * Once unlocked (the index authenticated): drops quarantined files whose bytes are exactly the vault's copy of that
 * key, since nothing is lost. Returns the names dropped. Anything else stays until the user restores it.
 */
export function dropQuarantinedCopies(dataDir: string, vaultCopy: (keyId: string) => Buffer | undefined): string[] {
  const dir = quarantineDir(dataDir);
  const dropped: string[] = [];
  for (const q of listQuarantine(dataDir, [])) {
    const copy = vaultCopy(q.keyId);
    if (!copy) continue;
    try {
      const r = readRegularFile(join(dir, `${q.name}.key`), MAX_KEY_FILE_BYTES);
      if (r.kind === 'ok' && r.bytes.equals(copy)) {
        unlinkSync(join(dir, `${q.name}.key`));
        unlinkQuietly(join(dir, `${q.name}.json`));
        dropped.push(q.name);
      }
    } catch {
      /* left for the user */
    } finally {
      copy.fill(0);
    }
  }
  return dropped;
}
