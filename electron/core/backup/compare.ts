import { createHash } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { VerifiedKey } from '../../../shared/dto/backups';
import { readSmallFile } from '../keys/store/key-file-info';
import { MAX_KEY_FILE_BYTES } from '../keys/store/layout';
import type { ArchivedKey, OpenedBackup } from './open-backup';

/** Compares a backup's key files with its manifest and with the files of a trust dir. */

export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export type PresentState = 'same' | 'different' | 'missing';

/** A file's bytes, or only their size and SHA-256 (a backup opened to check it keeps no key file's bytes). */
export type FileBytes = Buffer | { size: number; sha256: string };

/** The trust dir's file at `rel`: the same bytes, different bytes, or nothing (a symlink or folder counts as different). */
export function stateInTrustDir(trustDir: string, rel: string, file: FileBytes): PresentState {
  const abs = join(trustDir, rel);
  const st = lstatSync(abs, { throwIfNoEntry: false });
  const size = Buffer.isBuffer(file) ? file.length : file.size;
  if (!st) return 'missing';
  if (!st.isFile() || st.size !== size || st.size > MAX_KEY_FILE_BYTES) return 'different';
  try {
    const bytes = readSmallFile(abs);
    return (Buffer.isBuffer(file) ? bytes.equals(file) : sha256Hex(bytes) === file.sha256) ? 'same' : 'different';
  } catch {
    return 'different';
  }
}

const bytesOf = (k: ArchivedKey): FileBytes => k.data ?? { size: k.size, sha256: k.sha256 };

/** Every key of the backup, as its manifest lists it (vault backups) or as found (plain archives). */
export function compareKeys(opened: OpenedBackup, trustDir: string): VerifiedKey[] {
  const out: VerifiedKey[] = [];
  const listed = new Set<string>();
  for (const m of opened.manifest?.keys ?? []) {
    listed.add(m.path);
    const found = opened.keys.get(m.path);
    const archive = !found ? 'missing' : found.sha256 === m.sha256 ? 'ok' : 'hash-mismatch';
    out.push({ id: m.id, role: m.role, gun: m.gun, path: m.path, archive, trustDir: found ? stateInTrustDir(trustDir, m.path, bytesOf(found)) : 'missing' });
  }
  for (const k of opened.keys.values()) {
    if (listed.has(k.rel)) continue;
    out.push({
      id: k.id,
      role: k.role,
      gun: k.gun,
      path: k.rel,
      archive: opened.manifest ? 'not-in-manifest' : 'ok',
      trustDir: stateInTrustDir(trustDir, k.rel, bytesOf(k)),
    });
  }
  return out;
}

/** Plain-words lines for everything that differs; empty when the backup and the trust dir agree. */
export function describeDifferences(keys: VerifiedKey[], opened: OpenedBackup): string[] {
  const lines: string[] = [];
  const who = (k: VerifiedKey) => `${k.role ?? 'key'}${k.gun ? ` of ${k.gun}` : ''} ${k.id.slice(0, 12)}`;
  for (const k of keys) {
    if (k.archive === 'missing') lines.push(`The manifest lists the ${who(k)} but the archive does not hold ${k.path}.`);
    if (k.archive === 'hash-mismatch') lines.push(`The ${who(k)} in the archive does not match the manifest's hash.`);
    if (k.archive === 'not-in-manifest') lines.push(`The archive holds ${k.path}, which the manifest does not list.`);
    if (k.archive === 'ok' && k.trustDir === 'different') lines.push(`The ${who(k)} differs from the trust folder's copy (its passphrase may have been changed since).`);
    if (k.archive === 'ok' && k.trustDir === 'missing') lines.push(`The ${who(k)} is no longer in the trust folder: this backup may be its only copy.`);
  }
  for (const m of opened.manifest?.pinnedRoots ?? []) {
    const root = opened.roots.get(m.gun);
    if (!root) lines.push(`The manifest lists the pinned root of ${m.gun} but the archive does not hold it.`);
    else if (sha256Hex(root.data) !== m.sha256) lines.push(`The pinned root of ${m.gun} in the archive does not match the manifest's hash.`);
  }
  return lines;
}

/** The archive itself is sound: every key and root it should hold is there with the manifest's hash. */
export function archiveIsSound(keys: VerifiedKey[], opened: OpenedBackup): boolean {
  const rootsOk = (opened.manifest?.pinnedRoots ?? []).every((m) => {
    const root = opened.roots.get(m.gun);
    return root !== undefined && sha256Hex(root.data) === m.sha256;
  });
  return rootsOk && keys.every((k) => k.archive === 'ok');
}

/**
 * archiveIsSound without building a report: every key the manifest lists is in the archive with its hash, the
 * archive holds no key it does not list, and every listed root matches. For a restore's check of 100,000 keys,
 * which needs the verdict, not a list of 100,000 entries (nor a read of each trust-dir file).
 */
export function archiveMatchesManifest(opened: OpenedBackup): boolean {
  const manifest = opened.manifest;
  if (!manifest) return true;
  let matched = 0;
  for (const m of manifest.keys) {
    const found = opened.keys.get(m.path);
    if (!found || found.sha256 !== m.sha256) return false;
    matched++;
  }
  // Manifest paths are unique (manifest-reader.ts refuses a second entry for one), so this says none is unlisted.
  if (matched !== opened.keys.size) return false;
  return manifest.pinnedRoots.every((m) => {
    const root = opened.roots.get(m.gun);
    return root !== undefined && sha256Hex(root.data) === m.sha256;
  });
}
