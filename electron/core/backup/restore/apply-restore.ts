import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RestoreReport } from '../../../../shared/dto/backups';
import { VaultError } from '../../errors';
import type { FileToWrite } from '../../fs/atomic-write';
import { writeNewFilesAtomically } from '../../fs/atomic-write';
import type { OpenedBackup } from '../open-backup';
import { restoreCandidates } from './restore-preview';

const STATE_REASONS = {
  present: 'already in the trust folder with the same bytes',
  different: 'a different file with this key ID is already in the trust folder; it was kept',
} as const;

/**
 * Writes the chosen entries of a checked archive into the trust dir: states are worked out again against the trust
 * dir as it is now, only new files are written, all or none, each 0600 in 0700 folders, never over a file.
 */
export async function applyRestore(opened: OpenedBackup, trustDir: string, chosen: { keyPaths: string[]; rootGuns: string[] }): Promise<RestoreReport> {
  const candidates = restoreCandidates(opened, trustDir);
  const keys = new Map(candidates.keys.map((k) => [k.path, k]));
  const roots = new Map(candidates.roots.map((r) => [r.gun, r]));
  const unknown = [...chosen.keyPaths.filter((p) => !keys.has(p)), ...chosen.rootGuns.filter((g) => !roots.has(g))];
  if (unknown.length > 0) throw new VaultError('NOT_FOUND', `The archive has nothing restorable at ${unknown[0]}`);

  // A root that would replace or contradict the one the trust folder pins is refused outright: nothing is written.
  const conflicting = [...new Set(chosen.rootGuns)].filter((g) => roots.get(g)!.state === 'different');
  if (conflicting.length > 0) {
    throw new VaultError(
      'ALREADY_EXISTS',
      `The trust folder already pins a different root for ${conflicting.join(', ')}; a backup never replaces a pinned root. Nothing was restored (forget the repository's trust data first if its publisher started over)`,
    );
  }
  const files: FileToWrite[] = [];
  const staged: { temp: string; path: string; rel: string }[] = [];
  const skipped: RestoreReport['skipped'] = [];
  for (const path of new Set(chosen.keyPaths)) {
    const k = keys.get(path)!;
    if (k.state !== 'new') skipped.push({ path, reason: STATE_REASONS[k.state] });
    else if (k.entry.data) files.push({ path: join(trustDir, path), data: k.entry.data });
    // Staged as the archive streamed past (restore/key-staging.ts): linked into place below.
    else if (k.entry.staged && opened.staging) staged.push({ temp: k.entry.staged, path: join(trustDir, path), rel: path });
    // A backup opened to check it (keepKeyData: false) lacks the bytes, and a staged restore those of keys the trust
    // dir held when the archive was read: one removed since then is not restored from a stale look.
    else throw new VaultError('NOT_FOUND', `${path} was in the trust folder when the backup was read and is gone now; nothing was restored: restore again`);
  }
  for (const gun of new Set(chosen.rootGuns)) {
    const r = roots.get(gun)!;
    if (r.state === 'new') files.push({ path: join(trustDir, r.path), data: opened.roots.get(gun)!.data });
    else skipped.push({ path: r.path, reason: STATE_REASONS.present });
  }
  // All or none: the staged keys first; if the rest cannot be written, they are taken away again.
  if (staged.length > 0) await opened.staging!.place(staged);
  try {
    writeNewFilesAtomically(files);
  } catch (e) {
    for (const f of staged) rmSync(f.path, { force: true });
    throw e;
  }
  const written = [...staged.map((f) => f.rel), ...files.map((f) => f.path.slice(trustDir.length + 1))];
  return { trustDir, written, skipped };
}
