import type { StateCreator } from 'zustand';
import { vault } from '../api';
import type { AppState, ReposSlice } from './types';

export const initialRepos = {
  screen: 'keys',
  repos: [],
  radar: [],
  reposState: 'idle',
  reposError: null,
  selectedGun: null,
  repoDetail: null,
  repoDetailState: 'idle',
  repoDetailError: null,
  forgotten: [],
} satisfies Partial<ReposSlice>;

let listSeq = 0;
let detailSeq = 0;

export const createReposSlice: StateCreator<AppState, [], [], ReposSlice> = (set, get) => ({
  ...initialRepos,
  showScreen: (screen) => set({ screen }),
  loadRepos: async () => {
    const dir = get().trustDirs.find((d) => d.selected);
    if (!dir) {
      set({ repos: [], radar: [], forgotten: [], reposState: 'ready', reposError: null });
      return;
    }
    const seq = ++listSeq;
    set({ reposState: 'loading' });
    const [list, radar, forgotten] = await Promise.all([
      vault.repos.list({ trustDirId: dir.id }),
      vault.repos.expiryRadar({ trustDirId: dir.id }),
      vault.repos.forgotten({ trustDirId: dir.id }),
    ]);
    if (seq !== listSeq) return;
    const forgottenList = forgotten.ok ? forgotten.value : [];
    if (!list.ok) {
      set({ repos: [], radar: [], forgotten: forgottenList, reposState: 'error', reposError: { code: list.code, message: list.message } });
      return;
    }
    set({ repos: list.value, radar: radar.ok ? radar.value : [], forgotten: forgottenList, reposState: 'ready', reposError: null });
  },
  openRepo: async (gun) => {
    const dir = get().trustDirs.find((d) => d.selected);
    if (!dir) return;
    const seq = ++detailSeq;
    set({ selectedGun: gun, repoDetail: null, repoDetailState: 'loading', repoDetailError: null });
    const r = await vault.repos.status({ trustDirId: dir.id, gun });
    if (seq !== detailSeq) return;
    if (!r.ok) set({ repoDetailState: 'error', repoDetailError: { code: r.code, message: r.message } });
    else set({ repoDetail: r.value, repoDetailState: 'ready' });
  },
  closeRepo: () => {
    ++detailSeq;
    set({ selectedGun: null, repoDetail: null, repoDetailState: 'idle', repoDetailError: null });
  },
  forgetRepo: async (gun, confirmation) => {
    const dir = get().trustDirs.find((d) => d.selected);
    if (!dir) return { code: 'TRUST_DIR_UNAVAILABLE', message: 'No trust folder is selected' };
    const r = await vault.repos.forget({ trustDirId: dir.id, gun, confirmation });
    if (!r.ok) return { code: r.code, message: r.message };
    if (get().selectedGun === gun) get().closeRepo();
    get().notify({ tone: 'success', title: `Forgot the trust data of ${gun}`, detail: `Kept in ${r.value.movedTo}; restore it from “Forgotten trust data”.` });
    await get().loadRepos();
    return null;
  },
  restoreForgotten: async (entryId) => {
    const dir = get().trustDirs.find((d) => d.selected);
    if (!dir) return { code: 'TRUST_DIR_UNAVAILABLE', message: 'No trust folder is selected' };
    const r = await vault.repos.restore({ trustDirId: dir.id, entryId });
    if (!r.ok) return { code: r.code, message: r.message };
    get().notify({ tone: 'success', title: `Restored the trust data of ${r.value.gun}`, detail: r.value.path });
    await get().loadRepos();
    return null;
  },
});
