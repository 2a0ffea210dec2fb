import type { StateCreator } from 'zustand';
import type { Result } from '../../../shared/result';
import { vault } from '../api';
import type { AppState, Outcome, PublishPassphrases, PublishSlice } from './types';

export const initialPublish = {
  signersGun: null,
  signers: [],
  signersState: 'idle',
  signersError: null,
  recoveryGun: null,
  recoveryPlan: null,
  recoveryPlanState: 'idle',
  recoveryPlanError: null,
} satisfies Partial<PublishSlice>;

const outcome = <T>(r: Result<T>): Outcome<T> => (r.ok ? { ok: true, value: r.value } : { ok: false, error: { code: r.code, message: r.message } });

const noDir = { ok: false, error: { code: 'TRUST_DIR_UNAVAILABLE', message: 'No trust folder is selected' } } as const;

/** Only the passphrases that were given: an empty field is "not asked", never an empty passphrase. */
export function givenPassphrases(p: PublishPassphrases): PublishPassphrases {
  const out: PublishPassphrases = {};
  for (const role of ['root', 'targets', 'snapshot', 'delegation'] as const) {
    const v = p[role];
    if (v !== undefined && v !== '') out[role] = v;
  }
  return out;
}

let signersSeq = 0;
let planSeq = 0;

/**
 * Publisher operations on a repository's notary server (issue 6): signers, rotation, initialising, the recovery plan
 * and deleting trust data. Passphrases pass through these actions to main once and are never put in the store.
 */
export const createPublishSlice: StateCreator<AppState, [], [], PublishSlice> = (set, get) => {
  const dirId = () => get().trustDirs.find((d) => d.selected)?.id ?? null;

  /** After a change on the server: the repository's page is read again in place (the view stays open) and so are its signers. */
  const refresh = async (gun: string) => {
    const dir = dirId();
    if (!dir) return;
    const [status] = await Promise.all([
      vault.repos.status({ trustDirId: dir, gun }),
      get().signersGun === gun ? get().loadSigners(gun) : Promise.resolve(),
    ]);
    if (status.ok && get().selectedGun === gun) set({ repoDetail: status.value, repoDetailState: 'ready', repoDetailError: null });
    void get().loadRepos();
  };

  const afterChange = async <T>(gun: string, r: Result<T>): Promise<Outcome<T>> => {
    if (r.ok) await refresh(gun);
    return outcome(r);
  };

  return {
    ...initialPublish,
    loadSigners: async (gun) => {
      const dir = dirId();
      if (!dir) return;
      const seq = ++signersSeq;
      set(get().signersGun === gun ? { signersState: 'loading' } : { signersGun: gun, signers: [], signersState: 'loading', signersError: null });
      const r = await vault.publish.signers({ trustDirId: dir, gun });
      if (seq !== signersSeq) return;
      if (!r.ok) set({ signers: [], signersState: 'error', signersError: { code: r.code, message: r.message } });
      else set({ signers: r.value, signersState: 'ready', signersError: null });
    },
    loadRecoveryPlan: async (gun) => {
      const dir = dirId();
      if (!dir) return;
      const seq = ++planSeq;
      set({ recoveryGun: gun, recoveryPlan: null, recoveryPlanState: 'loading', recoveryPlanError: null });
      const r = await vault.publish.recoveryPlan({ trustDirId: dir, gun, fromServer: true });
      if (seq !== planSeq) return;
      if (!r.ok) set({ recoveryPlanState: 'error', recoveryPlanError: { code: r.code, message: r.message } });
      else set({ recoveryPlan: r.value, recoveryPlanState: 'ready' });
    },
    chooseSignerKey: async () => outcome(await vault.publish.chooseSignerKey({})),
    addSigner: async (gun, name, selectionId, passphrases) => {
      const dir = dirId();
      if (!dir) return noDir;
      return afterChange(gun, await vault.publish.addSigner({ trustDirId: dir, gun, name, selectionId, passphrases: givenPassphrases(passphrases) }));
    },
    removeSigner: async (gun, name, passphrases, confirmation) => {
      const dir = dirId();
      if (!dir) return noDir;
      const r = await vault.publish.removeSigner({
        trustDirId: dir,
        gun,
        name,
        passphrases: givenPassphrases(passphrases),
        ...(confirmation !== undefined ? { confirmation } : {}),
      });
      return afterChange(gun, r);
    },
    rotateKey: async (gun, role, serverManaged, passphrases) => {
      const dir = dirId();
      if (!dir) return noDir;
      return afterChange(gun, await vault.publish.rotate({ trustDirId: dir, gun, role, serverManaged, passphrases: givenPassphrases(passphrases) }));
    },
    initRepo: async (gun, snapshot, passphrases) => {
      const dir = dirId();
      if (!dir) return noDir;
      return afterChange(gun, await vault.publish.init({ trustDirId: dir, gun, snapshot, passphrases: givenPassphrases(passphrases) }));
    },
    deleteTrustData: async (gun, confirmation) => {
      const dir = dirId();
      if (!dir) return noDir;
      const forgot = await vault.repos.forget({ trustDirId: dir, gun, confirmation });
      if (!forgot.ok && forgot.code !== 'NOT_FOUND') return outcome(forgot);
      const r = await vault.publish.deleteTrustData({ trustDirId: dir, gun, confirmation });
      if (!r.ok) {
        if (forgot.ok) await vault.repos.restore({ trustDirId: dir, entryId: forgot.value.entryId });
        return outcome(r);
      }
      void get().loadRepos();
      return { ok: true, value: { ...r.value, forgottenTo: forgot.ok ? forgot.value.movedTo : null } };
    },
  };
};
