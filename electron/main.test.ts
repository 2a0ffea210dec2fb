import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listOperations } from '../shared/contract';
import { appSchemePrivileges } from './shell/app-origin';
import { hardenedWebPreferences } from './shell/window-options';

/**
 * main.ts against a recording stand-in for Electron (the binary cannot run here): the order of the calls before
 * 'ready', and what is wired once ready. What Chromium then does with these settings needs the real binary.
 */
const fake = vi.hoisted(() => {
  const state = {
    calls: [] as string[],
    gotLock: true,
    appListeners: new Map<string, ((...args: unknown[]) => void)[]>(),
    windows: [] as { options: Record<string, unknown>; loaded: string[]; listeners: Map<string, () => void> }[],
    ipcChannels: [] as string[],
    protocolHandlers: new Map<string, unknown>(),
    session: {
      permissionRequest: null as unknown,
      permissionCheck: null as unknown,
      devicePermission: null as unknown,
      beforeRequest: null as unknown,
    },
    ready: Promise.resolve(),
    menu: null as null | { label: string; submenu: { label?: string; click?: () => void }[] }[],
  };
  return state;
});

vi.mock('electron', () => {
  const record = (name: string) => (..._args: unknown[]) => void fake.calls.push(name);
  const app = {
    isPackaged: true,
    enableSandbox: record('app.enableSandbox'),
    setPath: (name: string, path: string) => fake.calls.push(`app.setPath ${name} ${path}`),
    getPath: (name: string) => (name === 'appData' ? '/home/u/.config' : `/home/u/.config/trust-vault/${name}`),
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => (fake.calls.push('app.requestSingleInstanceLock'), fake.gotLock),
    quit: record('app.quit'),
    exit: record('app.exit'),
    on: (event: string, listener: (...args: unknown[]) => void) => {
      fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), listener]);
    },
    whenReady: () => (fake.calls.push('app.whenReady'), fake.ready),
  };
  class BrowserWindow {
    loaded: string[] = [];
    listeners = new Map<string, () => void>();
    constructor(options: Record<string, unknown>) {
      fake.calls.push('new BrowserWindow');
      fake.windows.push(this as never);
      (this as unknown as { options: unknown }).options = options;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    once(event: string, listener: () => void) {
      this.listeners.set(event, listener);
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener);
    }
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => true;
  }
  const Menu = {
    buildFromTemplate: (template: unknown[]) => ({ template }),
    setApplicationMenu: (menu: { template: unknown[] }) => {
      fake.calls.push('Menu.setApplicationMenu');
      fake.menu = menu.template as never;
    },
  };
  return {
    app,
    Menu,
    BrowserWindow,
    // Named by main.ts since issue 15 (clipboard items, expiry notifications); only passed along here.
    ClipboardItem: class {},
    Notification: class {
      static isSupported = () => false;
      on = vi.fn();
      show = vi.fn();
    },
    clipboard: { writeText: vi.fn(), readText: vi.fn(), clear: vi.fn() },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    powerMonitor: { on: vi.fn(), removeListener: vi.fn() },
    ipcMain: {
      handle: (channel: string) => fake.ipcChannels.push(channel),
      removeHandler: vi.fn(),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => fake.calls.push(`protocol.registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
      handle: (scheme: string, handler: unknown) => {
        fake.calls.push(`protocol.handle ${scheme}`);
        fake.protocolHandlers.set(scheme, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: unknown) => (fake.session.permissionRequest = h),
        setPermissionCheckHandler: (h: unknown) => (fake.session.permissionCheck = h),
        setDevicePermissionHandler: (h: unknown) => (fake.session.devicePermission = h),
        webRequest: { onBeforeRequest: (h: unknown) => (fake.session.beforeRequest = h) },
      },
    },
  };
});

async function startMain(gotLock: boolean) {
  fake.calls.length = 0;
  fake.appListeners.clear();
  fake.windows.length = 0;
  fake.ipcChannels.length = 0;
  fake.protocolHandlers.clear();
  fake.gotLock = gotLock;
  vi.resetModules();
  await import('./main');
  await fake.ready;
  await new Promise((resolve) => setImmediate(resolve));
}

describe('main', () => {
  beforeEach(() => vi.spyOn(console, 'error').mockImplementation(() => undefined));

  it("sandboxes every renderer, registers app:// and fixes the data folder before 'ready'", async () => {
    await startMain(true);
    const ready = fake.calls.indexOf('app.whenReady');
    expect(fake.calls.slice(0, 4)).toEqual([
      'app.enableSandbox',
      `protocol.registerSchemesAsPrivileged ${JSON.stringify([appSchemePrivileges])}`,
      `app.setPath userData ${join('/home/u/.config', 'trust-vault')}`,
      'app.requestSingleInstanceLock',
    ]);
    expect(ready).toBeGreaterThan(3);
    expect(appSchemePrivileges).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('quits at once, without a window or IPC, when another instance holds the lock', async () => {
    await startMain(false);
    expect(fake.calls).toContain('app.quit');
    expect(fake.calls).not.toContain('app.whenReady');
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcChannels).toHaveLength(0);
  });

  it('once ready: hardens the session, serves app://, binds every contract operation, then opens the one window', async () => {
    await startMain(true);
    expect(fake.session.permissionRequest).toBeTypeOf('function');
    expect(fake.session.permissionCheck).toBeTypeOf('function');
    expect(fake.session.devicePermission).toBeTypeOf('function');
    expect(fake.session.beforeRequest).toBeTypeOf('function');
    expect(fake.protocolHandlers.has('app')).toBe(true);
    expect(fake.ipcChannels.sort()).toEqual(listOperations().map((op) => op.channel).sort());
    expect(fake.calls.indexOf('protocol.handle app')).toBeLessThan(fake.calls.indexOf('new BrowserWindow'));

    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0]!;
    const preload = (window.options.webPreferences as { preload: string }).preload;
    expect(preload.endsWith(join('electron', 'preload.js'))).toBe(true);
    // Packaged: DevTools off.
    expect(window.options.webPreferences).toEqual(hardenedWebPreferences(preload));
    expect(window.options.icon).toBe(join(preload, '..', 'icon.png'));
    expect(window.options.show).toBe(false);
    expect(window.loaded).toEqual(['app://vault/index.html']);
  });

  it('hardens every WebContents created, and quits when the window closes', async () => {
    await startMain(true);
    const created = fake.appListeners.get('web-contents-created')!;
    expect(created).toHaveLength(1);
    const on = vi.fn();
    const setWindowOpenHandler = vi.fn();
    created[0]!({}, { on, setWindowOpenHandler });
    expect(on.mock.calls.map(([event]) => event)).toEqual(
      expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']),
    );
    expect(setWindowOpenHandler).toHaveBeenCalledTimes(1);

    fake.appListeners.get('window-all-closed')![0]!();
    expect(fake.calls).toContain('app.quit');
  });

  it('a second launch focuses the existing window', async () => {
    await startMain(true);
    fake.appListeners.get('second-instance')![0]!();
    const window = fake.windows[0] as unknown as { restore: ReturnType<typeof vi.fn>; focus: ReturnType<typeof vi.fn> };
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('replaces the default menu with ours, whose commands reach the window as the menu event', async () => {
    await startMain(true);
    expect(fake.calls.indexOf('Menu.setApplicationMenu')).toBeLessThan(fake.calls.indexOf('new BrowserWindow'));
    const labels = fake.menu!.map((m) => m.label);
    expect(labels).toEqual(expect.arrayContaining(['&File', '&Edit', '&View', '&Help']));
    const window = fake.windows[0] as unknown as { webContents: { send: ReturnType<typeof vi.fn> } };
    window.webContents = { send: vi.fn() };
    fake.menu!.find((m) => m.label === '&File')!.submenu.find((i) => i.label === 'Generate Key…')!.click!();
    expect(window.webContents.send).toHaveBeenCalledWith('vault-event:menu', { command: 'generate' });
  });
});
