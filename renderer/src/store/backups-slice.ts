import type { StateCreator } from 'zustand';
import type { Result } from '../../../shared/result';
import { vault, vaultEvents } from '../api';
import { applyProgress, newJobId, NO_JOB } from '../screens/backups/progress';
import type { AppState, BackupsSlice, Outcome } from './types';

export const initialBackups = {
  backupsTab: 'coverage',
  drives: [],
  drivesState: 'idle',
  drivesError: null,
  coverage: null,
  coverageState: 'idle',
  coverageError: null,
  backupProgress: NO_JOB,
} satisfies Partial<BackupsSlice>;

const outcome = <T>(r: Result<T>): Outcome<T> => (r.ok ? { ok: true, value: r.value } : { ok: false, error: { code: r.code, message: r.message } });
const noTrustDir = { ok: false, error: { code: 'TRUST_DIR_UNAVAILABLE', message: 'No trust folder is selected' } } as const;

let coverageSeq = 0;

export const createBackupsSlice: StateCreator<AppState, [], [], BackupsSlice> = (set, get) => {
  const selectedDir = () => get().trustDirs.find((d) => d.selected) ?? null;

  /** Starts watching a new job's progress events; returns its ID. */
  const beginJob = (): string => {
    const jobId = newJobId();
    set({ backupProgress: { jobId, entries: {} } });
    return jobId;
  };
  /** Stops watching, keeping what was shown; late events of the finished job are ignored. */
  const endJob = () => set((s) => ({ backupProgress: { ...s.backupProgress, jobId: null } }));

  return {
    ...initialBackups,
    showBackupsTab: (tab) => set({ backupsTab: tab }),
    loadDrives: async () => {
      set({ drivesState: 'loading' });
      const r = await vault.drives.list({});
      if (!r.ok) set({ drivesState: 'error', drivesError: { code: r.code, message: r.message } });
      else set({ drives: r.value, drivesState: 'ready', drivesError: null });
    },
    setDrives: (drives) => set({ drives, drivesState: 'ready', drivesError: null }),
    trackProgress: (event) => {
      const before = get().backupProgress;
      const after = applyProgress(before, event);
      if (after !== before) set({ backupProgress: after });
    },
    watchBackupEvents: () => {
      const offDrives = vaultEvents.on('drives', (drives) => get().setDrives(drives));
      const offProgress = vaultEvents.on('progress', (event) => get().trackProgress(event));
      return () => {
        offDrives();
        offProgress();
      };
    },
    loadCoverage: async () => {
      const dir = selectedDir();
      if (!dir) {
        set({ coverage: null, coverageState: 'ready', coverageError: null });
        return;
      }
      const seq = ++coverageSeq;
      set({ coverageState: 'loading' });
      const r = await vault.backups.coverage({ trustDirId: dir.id });
      if (seq !== coverageSeq) return; // another folder's report won
      if (!r.ok) set({ coverage: null, coverageState: 'error', coverageError: { code: r.code, message: r.message } });
      else set({ coverage: r.value, coverageState: 'ready', coverageError: null });
    },
    createBackup: async ({ keyIds, includePinnedRoots, destinations, passphrase, archiveIds }) => {
      const dir = selectedDir();
      if (!dir) return noTrustDir;
      const jobId = beginJob();
      const r = await vault.backups.create({
        trustDirId: dir.id,
        ...(keyIds ? { keyIds } : {}),
        includePinnedRoots,
        destinations,
        passphrase,
        jobId,
        ...(archiveIds && archiveIds.length > 0 ? { archiveIds } : {}),
      });
      endJob();
      if (r.ok) void get().loadCoverage();
      return outcome(r);
    },
    chooseBackupFile: async () => {
      const r = await vault.backups.chooseFile({});
      if (!r.ok && r.code === 'CANCELLED') return { ok: true, value: null };
      return outcome(r);
    },
    verifyBackup: async (fileId, passphrase) => {
      const dir = selectedDir();
      if (!dir) return noTrustDir;
      const jobId = beginJob();
      const r = await vault.backups.verify({ trustDirId: dir.id, fileId, passphrase, jobId });
      endJob();
      if (r.ok) void get().loadCoverage();
      return outcome(r);
    },
    previewRestore: async (trustDirId, fileId, passphrase) => {
      const jobId = beginJob();
      const r = await vault.backups.previewRestore({ trustDirId, fileId, jobId, ...(passphrase === null ? {} : { passphrase }) });
      endJob();
      return outcome(r);
    },
    restoreBackup: async (request) => {
      const r = await vault.backups.restore(request);
      if (r.ok) {
        // The restored folder may be the selected one: its keys and coverage changed.
        if (selectedDir()?.id === request.trustDirId) {
          void get().loadKeys();
          void get().loadCoverage();
        }
      }
      return outcome(r);
    },
    discardRestore: async (planId) => {
      await vault.backups.discardRestore({ planId });
    },
    addRestoreTarget: async () => {
      const before = selectedDir()?.id ?? null;
      const r = await vault.trustDirs.add({});
      if (!r.ok) return r.code === 'CANCELLED' ? { ok: true, value: null } : outcome(r);
      if (!r.value) return { ok: true, value: null };
      // Adding selects the folder in main; the restore only needs it known, so the app stays on the folder it was on.
      if (before && before !== r.value.id) await vault.trustDirs.select({ id: before });
      await get().loadTrustDirs();
      return { ok: true, value: r.value.id };
    },
  };
};
