import { useEffect, useSyncExternalStore } from 'react';
import { resolveTheme, usePrefs } from '../store/prefs';

/**
 * Follows the system's light or dark appearance (prefers-color-scheme) unless the person chose one, and writes the
 * result as data-theme on <html>, where styles/theme.css picks it up.
 */
const query = () => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);

function subscribe(onChange: () => void): () => void {
  const q = query();
  q?.addEventListener('change', onChange);
  return () => q?.removeEventListener('change', onChange);
}
const systemDark = () => query()?.matches ?? false;

/** Sets the theme once before React renders, so the first frame is already in the right colours. */
export function applyInitialTheme(): void {
  document.documentElement.dataset.theme = resolveTheme(usePrefs.getState().theme, systemDark());
}

/** Keeps <html data-theme> in step with the choice and the system; returns the theme shown. */
export function useTheme(): 'light' | 'dark' {
  const choice = usePrefs((s) => s.theme);
  const dark = useSyncExternalStore(subscribe, systemDark);
  const theme = resolveTheme(choice, dark);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
