import type { StateCreator } from 'zustand';
import type { AppState, UiSlice } from './types';

export const initialUi = {
  dialog: null,
  notices: [],
} satisfies Partial<UiSlice>;

let noticeSeq = 0;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  ...initialUi,
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  notify: (notice) => set((s) => ({ notices: [...s.notices.slice(-3), { ...notice, id: ++noticeSeq }] })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
