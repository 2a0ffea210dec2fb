import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { MenuCommand } from '../../shared/dto/app';
import { appMenuTemplate } from './app-menu';

const sub = (m: MenuItemConstructorOptions) => m.submenu as MenuItemConstructorOptions[];
const find = (menu: MenuItemConstructorOptions[], label: string) =>
  menu.flatMap(sub).find((i) => i.label === label) ?? null;

describe('the application menu', () => {
  it('has File, Edit, View and Help on Windows and Linux, the app menu first on macOS', () => {
    const send = vi.fn();
    expect(appMenuTemplate({ platform: 'linux', productName: 'Trust Vault', isDev: false, send }).map((m) => m.label)).toEqual([
      '&File',
      '&Edit',
      '&View',
      '&Help',
    ]);
    expect(appMenuTemplate({ platform: 'darwin', productName: 'Trust Vault', isDev: false, send }).map((m) => m.label)).toEqual([
      'Trust Vault',
      '&File',
      '&Edit',
      '&View',
      '&Help',
    ]);
  });

  it('shows the shortcuts the window answers to, and sends each command to the window', () => {
    const sent: MenuCommand[] = [];
    const menu = appMenuTemplate({ platform: 'win32', productName: 'Trust Vault', isDev: false, send: (c) => sent.push(c) });
    const expected: [string, string | undefined, MenuCommand][] = [
      ['Generate Key…', 'CmdOrCtrl+N', 'generate'],
      ['Import Keys…', 'CmdOrCtrl+I', 'import'],
      ['Lock Vault', 'CmdOrCtrl+L', 'lock'],
      ['Filter Keys', 'CmdOrCtrl+F', 'filter'],
      ['Report a Problem…', undefined, 'report-problem'],
      ['About Trust Vault', undefined, 'about'],
    ];
    for (const [label, accelerator, command] of expected) {
      const item = find(menu, label);
      expect(item, label).not.toBeNull();
      expect(item!.accelerator).toBe(accelerator);
      (item!.click as () => void)();
      expect(sent.at(-1)).toBe(command);
    }
  });

  it('offers Reload and the developer tools only in development', () => {
    const roles = (isDev: boolean) =>
      sub(appMenuTemplate({ platform: 'linux', productName: 'Trust Vault', isDev, send: vi.fn() })[2]!).map((i) => i.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });
});
