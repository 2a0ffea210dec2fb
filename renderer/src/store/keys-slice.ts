import type { StateCreator } from 'zustand';
import { vault } from '../api';
import type { AppState, KeysSlice } from './types';

export const initialKeys = {
  keys: [],
  keysTrustDir: null,
  keysState: 'idle',
  keysError: null,
  selectedKeyId: null,
  keysNotices: [],
} satisfies Partial<KeysSlice>;

let loadSeq = 0;

export const createKeysSlice: StateCreator<AppState, [], [], KeysSlice> = (set, get) => ({
  ...initialKeys,
  loadKeys: async () => {
    const dir = get().trustDirs.find((d) => d.selected);
    if (!dir) {
      set({ ...initialKeys, keysState: 'ready' });
      return;
    }
    const seq = ++loadSeq;
    set({ keysState: 'loading' });
    const r = await vault.keys.list({ trustDirId: dir.id });
    if (seq !== loadSeq) return; // a newer load (another folder) won
    if (!r.ok) {
      set({ keys: [], keysTrustDir: dir.path, keysState: 'error', keysError: { code: r.code, message: r.message } });
      return;
    }
    const selected = get().selectedKeyId;
    // A folder the sidebar marks "not found" exists once it has keys (the first key made or restored created it).
    if (!dir.exists && r.value.keys.length > 0) void get().loadTrustDirs();
    set({
      keys: r.value.keys,
      keysTrustDir: r.value.trustDir,
      keysState: 'ready',
      keysError: null,
      // Notices stay until a listing brings new ones: settling happens once, the message should not vanish at once.
      ...(r.value.notices?.length ? { keysNotices: r.value.notices } : {}),
      selectedKeyId: selected && r.value.keys.some((k) => k.id === selected) ? selected : null,
    });
  },
  selectKey: (id) => set({ selectedKeyId: id }),
});

/** The ID of the selected trust dir, for operations that need one. */
export const selectedTrustDirId = (s: AppState): string | null => s.trustDirs.find((d) => d.selected)?.id ?? null;
