import { useEffect, useRef } from 'react';
import type { MenuCommand } from '../../../shared/dto/app';

/**
 * The window's commands (generate, import, filter, lock, about, report a problem), from the native menu (the `menu`
 * event) or the keyboard (Ctrl/Cmd+N, I, F, L). AppShell routes each to the screen that handles it; a command for a
 * screen that is not open yet waits until that screen takes it (takePending), so Ctrl+N on the Backups screen opens
 * the Keys screen with the generate dialog.
 */
const bus = new EventTarget();
let pending: MenuCommand | null = null;

export function runCommand(command: MenuCommand): void {
  pending = command;
  bus.dispatchEvent(new CustomEvent<MenuCommand>('command', { detail: command }));
}

/** The waiting command, if it is one of `accepted`; taking it clears it. */
export function takePending(accepted: readonly MenuCommand[]): MenuCommand | null {
  if (pending && accepted.includes(pending)) {
    const c = pending;
    pending = null;
    return c;
  }
  return null;
}

/** Runs `handle` for each of `accepted` as it comes, and for one that was waiting when the component mounted. */
export function useCommands(accepted: readonly MenuCommand[], handle: (command: MenuCommand) => void): void {
  const ref = useRef(handle);
  ref.current = handle;
  const key = accepted.join(',');
  useEffect(() => {
    const list = key.split(',') as MenuCommand[];
    const waiting = takePending(list);
    if (waiting) ref.current(waiting);
    const on = (e: Event) => {
      const c = (e as CustomEvent<MenuCommand>).detail;
      if (list.includes(c) && takePending([c])) ref.current(c);
    };
    bus.addEventListener('command', on);
    return () => bus.removeEventListener('command', on);
  }, [key]);
}

/** Hears every command without taking it (AppShell: opens the screen that will take it). */
export function onCommand(listener: (command: MenuCommand) => void): () => void {
  const on = (e: Event) => listener((e as CustomEvent<MenuCommand>).detail);
  bus.addEventListener('command', on);
  return () => bus.removeEventListener('command', on);
}

/** The keyboard shortcut a key press means: Ctrl (Cmd on macOS) with F, N, I or L, nothing else held. */
export function shortcutOf(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }, mac: boolean): MenuCommand | null {
  if (e.altKey || e.shiftKey || (mac ? !e.metaKey || e.ctrlKey : !e.ctrlKey || e.metaKey)) return null;
  switch (e.key.toLowerCase()) {
    case 'f':
      return 'filter';
    case 'n':
      return 'generate';
    case 'i':
      return 'import';
    case 'l':
      return 'lock';
    default:
      return null;
  }
}

/** The shortcut as the menus and tooltips show it on this platform. */
export const shortcutLabel = (letter: string, mac: boolean): string => (mac ? `⌘${letter}` : `Ctrl+${letter}`);

export const isMac = (): boolean => typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform || navigator.userAgent);
