import { useEffect } from 'react';
import { vaultEvents } from '../api';
import { useStore } from '../store';
import { isMac, onCommand, runCommand, shortcutOf, useCommands } from './commands';

/**
 * The window's commands, wherever they come from: the native menu (the `menu` event) and the keyboard shortcuts
 * (Ctrl/Cmd+F, N, I, L, the same keys the menu shows). Generate, import and filter open the Keys screen, which takes
 * them; About and Report a problem open the About screen; Lock locks the vault.
 */
export function useShellCommands(): void {
  const showScreen = useStore((s) => s.showScreen);
  const lockVault = useStore((s) => s.lockVault);
  const notify = useStore((s) => s.notify);

  useEffect(() => {
    const mac = isMac();
    const onKey = (e: KeyboardEvent) => {
      const command = shortcutOf(e, mac);
      if (!command) return;
      // A dialog is modal: its own fields keep the keys (Ctrl+F in a dialog is not the key filter).
      if (command !== 'lock' && document.querySelector('dialog[open]')) return;
      e.preventDefault();
      runCommand(command);
    };
    window.addEventListener('keydown', onKey);
    const offMenu = vaultEvents?.on('menu', ({ command }) => runCommand(command));
    const offCommands = onCommand((command) => {
      if (command === 'generate' || command === 'import' || command === 'filter') showScreen('keys');
      if (command === 'about' || command === 'report-problem') showScreen('about');
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      offMenu?.();
      offCommands();
    };
  }, [showScreen]);

  useCommands(['lock', 'about'], (command) => {
    if (command !== 'lock') return;
    const status = useStore.getState().vaultStatus;
    if (!status?.unlocked) {
      notify({ tone: 'info', title: status?.exists ? 'The vault is already locked' : 'There is no vault to lock yet' });
      return;
    }
    void lockVault().then((e) => {
      if (e) notify({ tone: 'error', title: 'Could not lock the vault', detail: e.message });
    });
  });
}
