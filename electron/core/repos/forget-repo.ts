import { resolve } from 'node:path';
import type { ForgetOutcome, ForgottenRepo, PinnedRootInfo, RestoreOutcome } from '../../../shared/dto/repos';
import { VaultError } from '../errors';
import { type ForgottenEntry, forgetRepository, listForgotten, pinnedRootKeyIds, restoreRepository } from '../trust-reset';

/**
 * The Repositories screen's consumer reset (issue 3, point 5) over core/trust-reset: forget a repository's cached
 * trust data only with the GUN typed as confirmation, list what this trust dir forgot, put it back.
 */

export function pinnedRoot(trustDir: string, gun: string): PinnedRootInfo {
  return pinnedRootKeyIds(trustDir, gun);
}

export function forgetRepo(trustDir: string, dataDir: string, gun: string, confirmation: string, now: Date): ForgetOutcome {
  if (confirmation !== gun) {
    throw new VaultError('CONFIRMATION_REQUIRED', `Type ${gun} to confirm forgetting its trust data`);
  }
  const { entry, path } = forgetRepository(trustDir, dataDir, gun, { now });
  return { entryId: entry.id, movedTo: path, pinnedRootKeyIds: entry.pinnedRootKeys.map((k) => k.id) };
}

const dto = (e: ForgottenEntry): ForgottenRepo => ({
  id: e.id,
  gun: e.gun,
  originalPath: e.originalPath,
  forgottenAt: e.forgottenAt,
  pinnedRootKeys: e.pinnedRootKeys,
  rootVersion: e.rootVersion,
});

/** The entries forgotten from this trust dir (the app's data folder holds those of every trust dir), newest first. */
export function forgottenRepos(trustDir: string, dataDir: string): ForgottenRepo[] {
  const here = resolve(trustDir);
  return listForgotten(dataDir)
    .filter((e) => resolve(e.trustDir) === here)
    .map(dto);
}

export function restoreRepo(trustDir: string, dataDir: string, entryId: string): RestoreOutcome {
  if (!forgottenRepos(trustDir, dataDir).some((e) => e.id === entryId)) {
    throw new VaultError('NOT_FOUND', `no trust data forgotten from ${trustDir} with the ID ${entryId}`);
  }
  const { entry, path } = restoreRepository(trustDir, dataDir, entryId);
  return { gun: entry.gun, path };
}
