import type { RestoreKeyPreview, RestorePreview, RestoreRootPreview, RestoreState } from '../../../../shared/dto/backups';
import { VaultError } from '../../errors';
import { listKeys } from '../../keys/store/scan';
import { archiveMatchesManifest, stateInTrustDir } from '../compare';
import type { ArchivedKey, OpenedBackup } from '../open-backup';
import { authenticatedRoot, checkSelfSignedRoot } from './root-check';

/** What restoring each entry of a checked archive into a trust dir would do: write it, or leave what is there. */

export interface RestoreCandidates {
  keys: (RestoreKeyPreview & { entry: ArchivedKey })[];
  roots: RestoreRootPreview[];
  ignored: { path: string; reason: string }[];
}

const fromPresence = (s: 'same' | 'different' | 'missing'): RestoreState => (s === 'missing' ? 'new' : s === 'same' ? 'present' : 'different');

/**
 * Refuses an archive that does not check out as a whole (a vault backup whose files do not match its manifest).
 * A plain archive's unusable files are left out, each with its reason.
 */
export function restoreCandidates(opened: OpenedBackup, trustDir: string): RestoreCandidates {
  if (opened.manifest && !archiveMatchesManifest(opened)) {
    throw new VaultError('BACKUP_DAMAGED', `${opened.file} does not match its own manifest; nothing from it will be restored`);
  }
  // The same key ID elsewhere in the trust dir (say, in the legacy layout) counts as present: never a second copy.
  const existing = new Map(listKeys(trustDir).map((k) => [k.id, k]));
  const ignored = [...opened.ignored];
  const keys: RestoreCandidates['keys'] = [];
  for (const entry of opened.keys.values()) {
    if (entry.problem && !opened.manifest) {
      ignored.push({ path: entry.rel, reason: entry.problem });
      continue;
    }
    let state = fromPresence(stateInTrustDir(trustDir, entry.rel, entry.data ?? entry));
    const other = existing.get(entry.id);
    if (state === 'new' && other) state = fromPresence(stateInTrustDir(trustDir, other.file, entry.data ?? entry)) === 'present' ? 'present' : 'different';
    keys.push({ path: entry.rel, id: entry.id, role: entry.role, gun: entry.gun, state, entry });
  }
  keys.sort((a, b) => (a.path < b.path ? -1 : 1));
  // A root is offered only when the backup authenticates it and it is signed by its own keys (root-check.ts).
  const roots: RestoreRootPreview[] = [];
  for (const r of opened.roots.values()) {
    const unauthenticated = authenticatedRoot(opened, r.gun, r.rel, r.data);
    const verdict = unauthenticated ? null : checkSelfSignedRoot(r.gun, r.data);
    const problem = unauthenticated ?? verdict?.problem ?? null;
    if (problem) {
      ignored.push({ path: r.rel, reason: `pinned root of ${r.gun} not restored: ${problem}` });
      continue;
    }
    roots.push({ gun: r.gun, path: r.rel, state: fromPresence(stateInTrustDir(trustDir, r.rel, r.data)), keyIds: verdict!.keyIds });
  }
  roots.sort((a, b) => (a.gun < b.gun ? -1 : 1));
  return { keys, roots, ignored };
}

export function previewOf(planId: string, opened: OpenedBackup, candidates: RestoreCandidates): RestorePreview {
  return {
    planId,
    file: opened.file,
    format: opened.format,
    encrypted: opened.encrypted,
    backupId: opened.manifest?.backupId ?? null,
    createdAt: opened.manifest?.createdAt ?? null,
    keys: candidates.keys.map(({ entry: _entry, ...k }) => k),
    roots: candidates.roots,
    ignored: candidates.ignored,
  };
}
