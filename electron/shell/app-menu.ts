import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/dto/app';

/**
 * The native application menu, as a pure function of the platform so it is unit-tested without Electron
 * (app-menu.test.ts). Commands that belong to the window (generate, import, filter, lock, about, report a problem)
 * are sent to the renderer as the `menu` event; the renderer's own shortcuts (components/shortcuts.ts) use the same
 * keys, so the accelerators shown here are the ones that work. No Reload or DevTools in a packaged app: a vault's
 * window is not a web page to be reloaded.
 */
export interface AppMenuOptions {
  platform: NodeJS.Platform;
  productName: string;
  /** Development builds add Reload and the developer tools to View. */
  isDev: boolean;
  send: (command: MenuCommand) => void;
}

export function appMenuTemplate({ platform, productName, isDev, send }: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(command),
  });
  const about = item(`About ${productName}`, 'about');

  const appMenu: MenuItemConstructorOptions = {
    label: productName,
    submenu: [about, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
  };
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      item('Generate Key…', 'generate', 'CmdOrCtrl+N'),
      item('Import Keys…', 'import', 'CmdOrCtrl+I'),
      { type: 'separator' },
      item('Lock Vault', 'lock', 'CmdOrCtrl+L'),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      item('Filter Keys', 'filter', 'CmdOrCtrl+F'),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(isDev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [item('Report a Problem…', 'report-problem'), ...(mac ? [] : [{ type: 'separator' } as const, about])],
  };
  return mac ? [appMenu, file, edit, view, help] : [file, edit, view, help];
}
