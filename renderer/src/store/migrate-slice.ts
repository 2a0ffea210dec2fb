import type { StateCreator } from 'zustand';
import type { ArgsIn } from '../../../shared/contract';
import { vault } from '../api';
import type { AppState, MigrateSlice } from './types';

export type MigrationKitRequest = Omit<ArgsIn<'migrate', 'kit'>, 'trustDirId' | 'gun'>;

/**
 * Leaving content trust (issue 18): writing the migration kit. It holds nothing: the passphrases pass through to
 * main once, and the result (file names, key ID, hashes) stays in the wizard that asked.
 */
export const createMigrateSlice: StateCreator<AppState, [], [], MigrateSlice> = (_set, get) => ({
  writeMigrationKit: async (gun, request) => {
    const dir = get().trustDirs.find((d) => d.selected)?.id;
    if (!dir) return { ok: false, error: { code: 'TRUST_DIR_UNAVAILABLE', message: 'No trust folder is selected' } };
    const r = await vault.migrate.kit({ trustDirId: dir, gun, ...request });
    return r.ok ? { ok: true, value: r.value } : { ok: false, error: { code: r.code, message: r.message } };
  },
});
