import type { StateCreator } from 'zustand';
import { vault } from '../api';
import type { AppState, TrustDirsSlice } from './types';

export const initialTrustDirs = {
  trustDirs: [],
  trustDirsState: 'idle',
  trustDirsError: null,
} satisfies Partial<TrustDirsSlice>;

export const createTrustDirsSlice: StateCreator<AppState, [], [], TrustDirsSlice> = (set, get) => {
  /** After any change to the list: keep it, and reload keys if the selected folder changed. */
  const apply = async (dirs: AppState['trustDirs']): Promise<void> => {
    const before = get().trustDirs.find((d) => d.selected)?.id ?? null;
    set({ trustDirs: dirs, trustDirsState: 'ready', trustDirsError: null });
    const after = dirs.find((d) => d.selected)?.id ?? null;
    if (after !== before) {
      // Another folder: never show the previous folder's keys while the new list loads.
      set({ keys: [], keysTrustDir: null, keysError: null, selectedKeyId: null });
      await get().loadKeys();
    } else if (get().keysState === 'idle') {
      await get().loadKeys();
    }
  };

  return {
    ...initialTrustDirs,
    loadTrustDirs: async () => {
      set({ trustDirsState: 'loading' });
      const r = await vault.trustDirs.list({});
      if (!r.ok) {
        set({ trustDirsState: 'error', trustDirsError: { code: r.code, message: r.message } });
        return;
      }
      await apply(r.value);
    },
    addTrustDir: async () => {
      const r = await vault.trustDirs.add({});
      if (!r.ok) {
        if (r.code !== 'CANCELLED') get().notify({ tone: 'error', title: 'Could not add the folder', detail: r.message });
        return;
      }
      if (!r.value) return; // cancelled in the dialog
      const listed = await vault.trustDirs.list({});
      const added = r.value;
      if (listed.ok && !listed.value.find((d) => d.id === added.id)?.selected) {
        const selected = await vault.trustDirs.select({ id: added.id });
        if (selected.ok) return apply(selected.value);
      }
      if (listed.ok) await apply(listed.value);
    },
    selectTrustDir: async (id) => {
      const r = await vault.trustDirs.select({ id });
      if (!r.ok) {
        get().notify({ tone: 'error', title: 'Could not open that folder', detail: r.message });
        return;
      }
      await apply(r.value);
    },
    forgetTrustDir: async (id) => {
      const r = await vault.trustDirs.forget({ id });
      if (!r.ok) {
        get().notify({ tone: 'error', title: 'Could not forget the folder', detail: r.message });
        return;
      }
      await apply(r.value);
    },
  };
};
