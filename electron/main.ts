import { join } from 'node:path';
import { app, BrowserWindow, clipboard, ClipboardItem, dialog, ipcMain, Menu, Notification, powerMonitor, protocol, session, utilityProcess } from 'electron';
import { eventChannelOf } from '../shared/contract';
import { createVaultDispatch, registerIpc } from './ipc';
import { APP_ENTRY_URL, APP_SCHEME, appSchemePrivileges } from './shell/app-origin';
import { createAppProtocolHandler } from './shell/app-protocol';
import { appMenuTemplate } from './shell/app-menu';
import { createElectronClipboard } from './shell/clipboard';
import { hostEnvironment } from './core/process/test-hooks';
import { createElectronPorts } from './shell/core-ports';
import { askRegistryLoginIn } from './shell/registry-login-prompt';
import { electronPowerEvents } from './shell/power-events';
import { electronNotifier } from './shell/notifier';
import { userDataPath } from './shell/data-dir';
import { createElectronDialogs } from './shell/dialogs';
import { hardenSession } from './shell/session-hardening';
import { utilityWorkerHost } from './shell/token-worker-host';
import { hardenWebContents } from './shell/web-contents';
import { mainWindowOptions } from './shell/window-options';

// These must all happen before 'ready': every renderer sandboxed, app:// a standard secure scheme, and one data
// folder (set before the single-instance lock below, which lives in it).
app.enableSandbox();
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
app.setPath('userData', userDataPath(app.getPath('appData')));

// One instance only: two would write the same trust dir and ledgers. A second launch focuses the first window.
if (app.requestSingleInstanceLock()) {
  start();
} else {
  app.quit();
}

function start(): void {
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Every WebContents, ours or any other, gets navigation, window.open and <webview> denied.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  // A vault does not linger without its window, on macOS either.
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession);
      // Built layout: dist/electron/main.js serves dist/renderer.
      protocol.handle(APP_SCHEME, createAppProtocolHandler(join(__dirname, '..', 'renderer')));
      const ports = createElectronPorts({
        app,
        dialogs: {
          ...createElectronDialogs(dialog, () => mainWindow),
          // Registry credentials are typed into main's own window, never the renderer (issue 14, point 6).
          askRegistryLogin: ({ registry }) => askRegistryLoginIn(BrowserWindow, session.fromPartition('trust-vault-registry-login'), mainWindow, registry),
        },
        clipboard: createElectronClipboard(clipboard, { ClipboardItem }),
        // Events go to our window only, and only while it lives.
        events: { emit: (name, payload) => mainWindow?.webContents.send(eventChannelOf(name), payload) },
        // Built beside main.js (scripts/build-electron.mjs); pkcs11js loads only in that process.
        tokenWorker: utilityWorkerHost((...a) => utilityProcess.fork(...a), join(__dirname, 'token-worker.js')),
        power: electronPowerEvents(powerMonitor),
        notifier: electronNotifier(Notification, () => mainWindow),
        // Test hooks (TRUST_VAULT_*) only in development: a packaged app never reads them.
        env: hostEnvironment(process.env, app.isPackaged),
      });
      registerIpc(ipcMain, createVaultDispatch(ports));

      // The native menu instead of Electron's default; its commands go to our window as the `menu` event.
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          appMenuTemplate({
            platform: process.platform,
            productName: 'Trust Vault',
            isDev: !app.isPackaged,
            send: (command) => mainWindow?.webContents.send(eventChannelOf('menu'), { command }),
          }),
        ),
      );

      // The icon beside main.js (scripts/build-electron.mjs copies it): Linux shows it in the window list; Windows
      // and macOS take theirs from the packaged app.
      const window = new BrowserWindow({
        ...mainWindowOptions(join(__dirname, 'preload.js'), { devTools: !app.isPackaged }),
        icon: join(__dirname, 'icon.png'),
      });
      mainWindow = window;
      window.once('ready-to-show', () => window.show());
      window.on('closed', () => {
        mainWindow = null;
      });
      return window.loadURL(APP_ENTRY_URL);
    })
    .catch((error: unknown) => {
      console.error('Trust Vault could not start:', error);
      app.exit(1);
    });
}
