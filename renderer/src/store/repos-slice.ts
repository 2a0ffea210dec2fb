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
} satisfies Partial<ReposSlice>;

let listSeq = 0;
let detailSeq = 0;

export const createReposSlice: StateCreator<AppState, [], [], ReposSlice> = (set, get) => ({
  ...initialRepos,
  showScreen: (screen) => set({ screen }),
  loadRepos: async () => {
    const dir = get().trustDirs.find((d) => d.selected);
    if (!dir) {
      set({ repos: [], radar: [], reposState: 'ready', reposError: null });
      return;
    }
    const seq = ++listSeq;
    set({ reposState: 'loading' });
    const [list, radar] = await Promise.all([vault.repos.list({ trustDirId: dir.id }), vault.repos.expiryRadar({ trustDirId: dir.id })]);
    if (seq !== listSeq) return;
    if (!list.ok) {
      set({ repos: [], radar: [], reposState: 'error', reposError: { code: list.code, message: list.message } });
      return;
    }
    set({ repos: list.value, radar: radar.ok ? radar.value : [], reposState: 'ready', reposError: null });
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
});
