import type { StateCreator } from 'zustand';
import { dropAnswersInFlight, vault, vaultEvents } from '../api';
import type { Result } from '../../../shared/result';
import type { VaultStatus } from '../../../shared/dto/vault';
import type { AppState, UiError, VaultSlice } from './types';

export const initialVault = {
  vaultStatus: null,
  vaultState: 'idle',
  vaultError: null,
  quarantine: null,
} satisfies Partial<VaultSlice>;

/** At most one `vault.touch` per this many milliseconds: activity only has to restart a minutes-long countdown. */
export const TOUCH_EVERY_MS = 30_000;
let lastTouch = Number.NEGATIVE_INFINITY;

/**
 * The vault's state as main reports it (never a secret: KDF parameters, saved passphrases' key IDs, offline keys).
 * Every passphrase an action takes goes to main in that one call and is not kept.
 */
export const createVaultSlice: StateCreator<AppState, [], [], VaultSlice> = (set, get) => {
  /** Keeps main's answer; on failure keeps the error and returns it. */
  const apply = (r: Result<VaultStatus>): UiError | null => {
    if (r.ok) {
      set({ vaultStatus: r.value, vaultState: 'ready', vaultError: null });
      return null;
    }
    return { code: r.code, message: r.message };
  };

  /** After unlocking: the screens read their data again (locking wiped it). */
  const reloadAfterUnlock = async () => {
    if (get().tokensState === 'idle') void get().loadTokens();
    if (get().trustDirsState === 'idle') await get().loadTrustDirs();
    else await get().loadKeys();
  };

  return {
    ...initialVault,
    loadVaultStatus: async () => {
      set({ vaultState: get().vaultStatus ? 'ready' : 'loading' });
      const r = await vault.vault.status({});
      const error = apply(r);
      if (error) set({ vaultState: 'error', vaultError: error });
    },
    createVault: async (passphrase, unlockSeconds) => {
      const r = await vault.vault.create({ passphrase, unlockSeconds });
      const error = apply(r);
      if (!error) await reloadAfterUnlock();
      return error;
    },
    unlockVault: async (passphrase) => {
      const r = await vault.vault.unlock({ passphrase });
      const error = apply(r);
      if (!error) {
        lastTouch = Date.now();
        await reloadAfterUnlock();
      }
      return error;
    },
    lockVault: async () => {
      const r = await vault.vault.lock({});
      if (!r.ok) return { code: r.code, message: r.message };
      // Main also sends `vaultLocked`; wiping here as well does not depend on the event arriving.
      get().wipeOnLock();
      set({ vaultStatus: r.value, vaultState: 'ready' });
      return null;
    },
    setAutoLock: async (autoLockMinutes) => apply(await vault.vault.settings({ autoLockMinutes })),
    recalibrate: async (passphrase, unlockSeconds, allowWeakerKdf) =>
      apply(await vault.vault.recalibrate(allowWeakerKdf ? { passphrase, unlockSeconds, allowWeakerKdf } : { passphrase, unlockSeconds })),
    changeMasterPassphrase: async (passphrase, newPassphrase, unlockSeconds) =>
      apply(await vault.vault.changePassphrase(unlockSeconds === undefined ? { passphrase, newPassphrase } : { passphrase, newPassphrase, unlockSeconds })),
    savePassphrase: async (trustDirId, keyId, passphrase) => {
      const error = apply(await vault.vault.savePassphrase({ trustDirId, keyId, passphrase }));
      if (!error) await get().loadKeys();
      return error;
    },
    forgetPassphrase: async (keyId) => {
      const error = apply(await vault.vault.forgetPassphrase({ keyId }));
      if (!error) await get().loadKeys();
      return error;
    },
    takeOffline: async (trustDirId, keyId, insist) => {
      const r = await vault.vault.takeOffline({ trustDirId, keyId, insist });
      if (!r.ok) return { ok: false, error: { code: r.code, message: r.message } };
      set({ vaultStatus: r.value.status, vaultState: 'ready', vaultError: null });
      await get().loadKeys();
      return { ok: true, value: r.value };
    },
    bringOnline: async (trustDirId, keyId, forSeconds) => {
      const r = await vault.vault.bringOnline({ trustDirId, keyId, forSeconds });
      if (!r.ok) return { ok: false, error: { code: r.code, message: r.message } };
      set({ vaultStatus: r.value.status, vaultState: 'ready', vaultError: null });
      await get().loadKeys();
      return { ok: true, value: r.value };
    },
    loadQuarantine: async () => {
      const r = await vault.vault.quarantine({});
      if (r.ok) set({ quarantine: r.value });
    },
    restoreQuarantined: async (name) => {
      const r = await vault.vault.restoreQuarantined({ name });
      if (!r.ok) return { code: r.code, message: r.message };
      set({ quarantine: r.value });
      if (get().keysState !== 'idle') await get().loadKeys();
      return null;
    },
    touchVault: () => {
      if (!get().vaultStatus?.unlocked) return;
      const now = Date.now();
      if (now - lastTouch < TOUCH_EVERY_MS) return;
      lastTouch = now;
      void vault.vault.touch({});
    },
    wipeOnLock: () => {
      dropAnswersInFlight();
      get().resetAll();
      set({ screen: 'vault' });
      lastTouch = Number.NEGATIVE_INFINITY;
    },
    watchVaultEvents: () => {
      const offLocked = vaultEvents.on('vaultLocked', () => {
        get().wipeOnLock();
        void get().loadVaultStatus();
      });
      // With no vault to lock, main still forgets the registry logins it was given: the tag list says who is signed in.
      const offLogins = vaultEvents.on('registryLoginsCleared', () => void get().afterRegistryLoginsCleared());
      return () => {
        offLocked();
        offLogins();
      };
    },
  };
};
