import type { StateCreator } from 'zustand';
import type { LooseFolder } from '../../../shared/dto/folders';
import { vault } from '../api';
import type { AppState, Outcome } from './types';

/**
 * Loose folders (issue 12, point 8) in the store: the trust folder, its private/ or the app's data folder open to
 * others or a symbolic link, as main last checked them for one trust folder, and the one-click fix.
 */
export interface FoldersSlice {
  /** The trust folder `looseFolders` is about. */
  looseFoldersDirId: string | null;
  looseFolders: LooseFolder[];
  /** Asks main; an answer about another trust folder than the last asked is dropped. */
  checkLooseFolders: (dirId: string) => Promise<void>;
  /** Tightens what can be tightened to 0700; the value is the folders tightened, `looseFolders` what remains. */
  tightenLooseFolders: (dirId: string) => Promise<Outcome<string[]>>;
}

export const initialFolders = {
  looseFoldersDirId: null,
  looseFolders: [],
} satisfies Partial<FoldersSlice>;

export const createFoldersSlice: StateCreator<AppState, [], [], FoldersSlice> = (set, get) => ({
  ...initialFolders,
  checkLooseFolders: async (dirId) => {
    if (get().looseFoldersDirId !== dirId) set({ looseFoldersDirId: dirId, looseFolders: [] });
    const r = await vault.folders.check({ trustDirId: dirId });
    if (r.ok && get().looseFoldersDirId === dirId) set({ looseFolders: r.value });
  },
  tightenLooseFolders: async (dirId) => {
    const r = await vault.folders.tighten({ trustDirId: dirId });
    if (!r.ok) return { ok: false, error: { code: r.code, message: r.message } };
    if (get().looseFoldersDirId === dirId) set({ looseFolders: r.value.remaining });
    return { ok: true, value: r.value.tightened };
  },
});
