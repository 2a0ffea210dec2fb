import type { StateCreator } from 'zustand';
import type { ArchiveVerifyResult, ArchiveWriteResult } from '../../../shared/dto/archive';
import type { ArgsIn } from '../../../shared/contract';
import type { PublishResult } from '../../../shared/dto/publish';
import type { RepoAddOutcome, RepoCheckResult, RepoLookupPreview, ServerForName } from '../../../shared/dto/repo-lookup';
import { vault, vaultEvents } from '../api';
import { outcome } from './outcome';
import { givenPassphrases } from './publish-slice';
import type { AppState, Outcome, PublishPassphrases, UiError } from './types';

/** How the add dialog accepts a repository's root: pinned key IDs, a CA (main's file dialog), or first use. */
export type RepoAcceptance = Pick<ArgsIn<'repos', 'add'>, 'pinRootIds' | 'pinCa' | 'acceptFirstUse'>;

/**
 * Issue 15 in the store: adding a repository (the dialog is navigation state, so any screen can open it), checks
 * against servers (one, or all with progress), and archives. Results are kept by GUN for the selected trust folder.
 */
export interface LookupSlice {
  addRepoOpen: boolean;
  /** The last check of each repository this session, by GUN (cleared with the trust folder). */
  checkResults: Record<string, RepoCheckResult>;
  /** The trust folder checkResults and serverFor are about. */
  checkResultsDirId: string | null;
  checkingGun: string | null;
  /** "Check all" while it runs: how far it got. */
  checkAllProgress: { done: number; total: number; gun: string | null } | null;
  archiveProgress: { done: number; total: number; gun: string | null } | null;
  lastArchive: ArchiveWriteResult | null;
  lastArchiveVerify: ArchiveVerifyResult | null;
  /** The server each repository would be checked against (remembered, or none with a suggestion), by GUN. */
  serverFor: Record<string, ServerForName>;
  loadServerFor: (gun: string) => Promise<void>;
  /** A click on an expiry notification: the repository and roles to re-sign (shown in its view). */
  resignRequest: { gun: string; roles: string[] } | null;
  /** Follows main's expiry-notification clicks: selects the folder, opens the repository. Returns the way to stop. */
  watchExpiryNotices: () => () => void;
  clearResignRequest: () => void;
  openAddRepo: () => void;
  closeAddRepo: () => void;
  /** After the add dialog wrote a repository: reload the list and open it. */
  repoAdded: (outcome: RepoAddOutcome) => Promise<void>;
  checkRepoNow: (gun: string) => Promise<UiError | null>;
  checkAllRepos: () => Promise<UiError | null>;
  archiveRepos: (guns: string[]) => Promise<UiError | null>;
  verifyArchiveFolder: () => Promise<UiError | null>;
  /** The add dialog's steps, in the selected trust folder: the name as docker normalises it and its server. */
  findRepoServer: (name: string) => Promise<Outcome<ServerForName>>;
  /** Fetches and verifies the repository and shows its root keys; writes nothing. The token goes to main once. */
  lookUpRepo: (gun: string, server: string, token: string) => Promise<Outcome<RepoLookupPreview>>;
  /** Adds the looked-up repository as accepted, then does what repoAdded does. */
  addRepo: (gun: string, server: string, how: RepoAcceptance) => Promise<Outcome<RepoAddOutcome>>;
  /** Re-signs roles before they expire (where an expiry notice leads); then the request is done and the repository read again. */
  resignRoles: (dirId: string, gun: string, roles: string[], passphrases: PublishPassphrases) => Promise<Outcome<PublishResult>>;
}

export const initialLookup = {
  addRepoOpen: false,
  checkResults: {},
  checkResultsDirId: null,
  checkingGun: null,
  checkAllProgress: null,
  archiveProgress: null,
  lastArchive: null,
  lastArchiveVerify: null,
  serverFor: {},
  resignRequest: null,
} satisfies Partial<LookupSlice>;

let jobSeq = 0;
const newJobId = () => `lookup${Date.now().toString(36)}${(++jobSeq).toString(36)}`;
const noDir: UiError = { code: 'TRUST_DIR_UNAVAILABLE', message: 'No trust folder is selected' };

export const createLookupSlice: StateCreator<AppState, [], [], LookupSlice> = (set, get) => {
  const dirId = () => get().trustDirs.find((d) => d.selected)?.id ?? null;
  /** Results belong to one trust folder: switching folders starts afresh. */
  const sameDir = () => {
    const id = dirId();
    if (id !== get().checkResultsDirId) set({ checkResultsDirId: id, checkResults: {}, serverFor: {} });
  };
  const afterChecks = async (results: RepoCheckResult[]) => {
    set((s) => ({ checkResults: { ...s.checkResults, ...Object.fromEntries(results.map((r) => [r.gun, r])) } }));
    await get().loadRepos();
    const open = get().selectedGun;
    if (open && results.some((r) => r.gun === open)) await get().openRepo(open);
  };
  return {
    ...initialLookup,
    loadServerFor: async (gun) => {
      const id = dirId();
      if (!id) return;
      const r = await vault.repos.serverFor({ trustDirId: id, name: gun });
      sameDir();
      if (r.ok && dirId() === id) set((s) => ({ serverFor: { ...s.serverFor, [gun]: r.value } }));
    },
    watchExpiryNotices: () =>
      vaultEvents.on('expiryNotificationClicked', (e) => {
        void (async () => {
          if (dirId() !== e.trustDirId) await get().selectTrustDir(e.trustDirId);
          set({ screen: 'repos', resignRequest: { gun: e.gun, roles: e.roles } });
          await get().loadRepos();
          await get().openRepo(e.gun);
        })();
      }),
    clearResignRequest: () => set({ resignRequest: null }),
    openAddRepo: () => set({ addRepoOpen: true, screen: 'repos' }),
    closeAddRepo: () => set({ addRepoOpen: false }),
    repoAdded: async (outcome) => {
      sameDir();
      set((s) => ({ addRepoOpen: false, checkResults: { ...s.checkResults, [outcome.gun]: outcome.check } }));
      get().notify({ tone: 'success', title: `Added ${outcome.gun}`, detail: `Verified against ${outcome.server}: ${outcome.check.verdict}.` });
      await get().loadRepos();
      await get().openRepo(outcome.gun);
    },
    checkRepoNow: async (gun) => {
      const id = dirId();
      if (!id) return noDir;
      sameDir();
      set({ checkingGun: gun });
      const r = await vault.repos.check({ trustDirId: id, gun });
      set({ checkingGun: null });
      if (!r.ok) return { code: r.code, message: r.message };
      await afterChecks([r.value]);
      return null;
    },
    checkAllRepos: async () => {
      const id = dirId();
      if (!id) return noDir;
      sameDir();
      const jobId = newJobId();
      set({ checkAllProgress: { done: 0, total: get().repos.length, gun: null } });
      const off = vaultEvents.on('repoCheck', (p) => {
        if (p.jobId !== jobId) return;
        set((s) => ({ checkAllProgress: { done: p.done, total: p.total, gun: p.gun }, checkResults: { ...s.checkResults, [p.gun]: p.result } }));
      });
      try {
        const r = await vault.repos.checkAll({ trustDirId: id, jobId });
        if (!r.ok) return { code: r.code, message: r.message };
        await afterChecks(r.value);
        const n = r.value.length;
        const unreachable = r.value.filter((x) => x.verdict === 'unreachable').length;
        get().notify({
          tone: unreachable > 0 ? 'info' : 'success',
          title: `Checked ${n === 1 ? '1 repository' : `${n} repositories`}`,
          detail: unreachable > 0 ? `${unreachable} could not reach their server; their last verdict is shown with its age.` : 'Every repository was checked against its server.',
        });
        return null;
      } finally {
        off();
        set({ checkAllProgress: null });
      }
    },
    archiveRepos: async (guns) => {
      const id = dirId();
      if (!id) return noDir;
      const jobId = newJobId();
      set({ archiveProgress: { done: 0, total: guns.length, gun: null }, lastArchive: null });
      const off = vaultEvents.on('progress', (p) => {
        if (p.jobId === jobId) set({ archiveProgress: { done: p.done, total: p.total, gun: p.target ?? null } });
      });
      try {
        const r = await vault.repos.archive({ trustDirId: id, guns, jobId });
        if (!r.ok) return { code: r.code, message: r.message };
        set({ lastArchive: r.value });
        return null;
      } finally {
        off();
        set({ archiveProgress: null });
      }
    },
    verifyArchiveFolder: async () => {
      const r = await vault.repos.verifyArchive({});
      if (!r.ok) return { code: r.code, message: r.message };
      if (r.value) set({ lastArchiveVerify: r.value });
      return null;
    },
    findRepoServer: async (name) => {
      const id = dirId();
      return id ? outcome(await vault.repos.serverFor({ trustDirId: id, name })) : { ok: false, error: noDir };
    },
    lookUpRepo: async (gun, server, token) => {
      const id = dirId();
      return id ? outcome(await vault.repos.lookup({ trustDirId: id, name: gun, server, ...(token ? { token } : {}) })) : { ok: false, error: noDir };
    },
    addRepo: async (gun, server, how) => {
      const id = dirId();
      if (!id) return { ok: false, error: noDir };
      const r = outcome(await vault.repos.add({ trustDirId: id, name: gun, server, ...how }));
      if (r.ok) await get().repoAdded(r.value);
      return r;
    },
    resignRoles: async (id, gun, roles, passphrases) => {
      const r = outcome(await vault.publish.resign({ trustDirId: id, gun, roles, passphrases: givenPassphrases(passphrases) }));
      if (r.ok) {
        set({ resignRequest: null });
        await get().openRepo(gun);
      }
      return r;
    },
  };
};

/** This session's last check of a repository of the selected trust folder, if any. */
export function checkResultOf(s: AppState, gun: string): RepoCheckResult | null {
  const id = s.trustDirs.find((d) => d.selected)?.id ?? null;
  return id !== null && s.checkResultsDirId === id ? (s.checkResults[gun] ?? null) : null;
}

export function serverForOf(s: AppState, gun: string): ServerForName | null {
  const id = s.trustDirs.find((d) => d.selected)?.id ?? null;
  return id !== null && s.checkResultsDirId === id ? (s.serverFor[gun] ?? null) : null;
}
