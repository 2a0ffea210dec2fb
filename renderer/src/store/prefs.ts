import { create } from 'zustand';

/**
 * How this person likes the window: appearance, the weak-encryption notice dismissed, the key list's sort. Not
 * secret and not vault state, so it lives outside the main store (a lock wipes that one) and is kept in the page's
 * localStorage.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';
export type KeySort = 'role' | 'gun' | 'created' | 'backup';

export interface Prefs {
  theme: ThemeChoice;
  weakNoticeDismissed: boolean;
  keySort: KeySort;
}

export interface PrefsStore extends Prefs {
  setTheme: (theme: ThemeChoice) => void;
  setWeakNoticeDismissed: (dismissed: boolean) => void;
  setKeySort: (sort: KeySort) => void;
}

const STORAGE_KEY = 'trust-vault.prefs';
export const DEFAULT_PREFS: Prefs = { theme: 'system', weakNoticeDismissed: false, keySort: 'role' };

const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const SORTS: readonly KeySort[] = ['role', 'gun', 'created', 'backup'];

/** Reads what was saved, keeping only known values: a damaged entry gives the defaults. */
export function parsePrefs(text: string | null): Prefs {
  if (!text) return { ...DEFAULT_PREFS };
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    return {
      theme: THEMES.includes(raw.theme as ThemeChoice) ? (raw.theme as ThemeChoice) : DEFAULT_PREFS.theme,
      weakNoticeDismissed: raw.weakNoticeDismissed === true,
      keySort: SORTS.includes(raw.keySort as KeySort) ? (raw.keySort as KeySort) : DEFAULT_PREFS.keySort,
    };
  } catch {
    return { ...DEFAULT_PREFS };
  }
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export const usePrefs = create<PrefsStore>()((set, get) => {
  const save = (patch: Partial<Prefs>) => {
    set(patch);
    const { theme, weakNoticeDismissed, keySort } = get();
    try {
      storage()?.setItem(STORAGE_KEY, JSON.stringify({ theme, weakNoticeDismissed, keySort }));
    } catch {
      // A full or disabled storage only loses the preference, never the action.
    }
  };
  return {
    ...parsePrefs(storage()?.getItem(STORAGE_KEY) ?? null),
    setTheme: (theme) => save({ theme }),
    setWeakNoticeDismissed: (weakNoticeDismissed) => save({ weakNoticeDismissed }),
    setKeySort: (keySort) => save({ keySort }),
  };
});

/** The theme actually shown: the choice, or the system's when the choice is 'system'. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}
