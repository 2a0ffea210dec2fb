export { forgetRepository, listForgotten, restoreRepository, forgottenRoot } from './forget';
export type { ForgetOptions, ForgetResult, ForgottenEntry, RestoreResult } from './forget';
export { pinnedRootKeyIds } from './pinned-root';
export type { PinnedRoot, PinnedRootKey } from './pinned-root';
