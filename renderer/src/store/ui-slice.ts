import type { StateCreator } from 'zustand';
import type { AppState, Notice, UiSlice } from './types';

export const initialUi = {
  dialog: null,
  notices: [],
  pendingRecoveryGun: null,
  recoveryAway: null,
} satisfies Partial<UiSlice>;

let noticeSeq = 0;

const sameNotice = (a: Omit<Notice, 'id'>, b: Omit<Notice, 'id'>) => a.tone === b.tone && a.title === b.title && a.detail === b.detail;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  ...initialUi,
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  // A message never repeats itself: the same notice again replaces the earlier one (and restarts its time).
  notify: (notice) =>
    set((s) => ({ notices: [...s.notices.filter((n) => !sameNotice(n, notice)).slice(-2), { ...notice, id: ++noticeSeq }] })),
  // The Repositories screen opens on its list; AppShell then opens this repository (useRecoveryRequest).
  startRecovery: (gun) => {
    // Coming from another screen, no repository page may still be "open": the Repositories screen closes it as it
    // mounts, and a page rendered for that instant would take the request with it.
    if (get().screen !== 'repos') get().closeRepo();
    set({ pendingRecoveryGun: gun, dialog: null });
    get().showScreen('repos');
  },
  clearPendingRecovery: () => set({ pendingRecoveryGun: null }),
  leaveRecovery: (away) => {
    set({ recoveryAway: away, dialog: null });
    get().showScreen(away.screen);
  },
  returnToRecovery: () => {
    const away = get().recoveryAway;
    if (away) get().startRecovery(away.gun);
  },
  clearRecoveryAway: () => set({ recoveryAway: null }),
  clearNotices: () => set({ notices: [] }),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
