import { create } from 'zustand';
import { createBackupsSlice, initialBackups } from './backups-slice';
import { createKeysSlice, initialKeys } from './keys-slice';
import { createPublishSlice, initialPublish } from './publish-slice';
import { createReposSlice, initialRepos } from './repos-slice';
import { createTokensSlice, initialTokens } from './tokens-slice';
import { createTrustDirsSlice, initialTrustDirs } from './trust-dirs-slice';
import type { AppState } from './types';
import { createUiSlice, initialUi } from './ui-slice';
import { createAuditSlice, initialAudit } from './audit-slice';
import { createVaultSlice, initialVault } from './vault-slice';
import { createLookupSlice, initialLookup } from './lookup-slice';
import { createMigrateSlice } from './migrate-slice';
import { createTagsSlice, initialTags } from './tags-slice';
import { createFoldersSlice, initialFolders } from './folders-slice';

/**
 * The one store, made of slices. It holds IDs and metadata only: passphrases never enter it (they live in the
 * local state of the form that uses them and are cleared right after the call).
 */
export const useStore = create<AppState>()((...a) => ({
  ...createTrustDirsSlice(...a),
  ...createKeysSlice(...a),
  ...createReposSlice(...a),
  ...createBackupsSlice(...a),
  ...createTokensSlice(...a),
  ...createPublishSlice(...a),
  ...createVaultSlice(...a),
  ...createAuditSlice(...a),
  ...createUiSlice(...a),
  ...createLookupSlice(...a),
  ...createMigrateSlice(...a),
  ...createTagsSlice(...a),
  ...createFoldersSlice(...a),
  resetAll: () => a[0](initialState()),
}));

/** Every slice's data (no actions) as it is when the app starts: what `resetAll` puts back. */
export function initialState() {
  return {
    ...initialTrustDirs,
    ...initialKeys,
    ...initialRepos,
    ...initialBackups,
    ...initialTokens,
    ...initialPublish,
    ...initialVault,
    ...initialAudit,
    ...initialUi,
    ...initialLookup,
    ...initialTags,
    ...initialFolders,
  };
}

export { selectedTrustDirId } from './keys-slice';
export type * from './types';
export type { LookupSlice } from './lookup-slice';
export type { TagsSlice } from './tags-slice';
export type { FoldersSlice } from './folders-slice';
