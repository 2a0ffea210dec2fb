import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { REPO_ROOT } from '../harness/paths';
import { electronBinary, NO_ELECTRON, packagedApp } from './electron-binary';

/**
 * The real app, wherever Electron can be had (`npm run test:electron`, after `npm run build`): Playwright's Electron
 * launcher starts dist/electron/main.js. The window loads the renderer from app:// under its CSP, window.vault
 * answers a real round trip through the preload and the guarded IPC, a token listing goes through the token
 * utility process, locking works; and after `npm run dist`, the packaged binary's fuses read as electron-builder.yml
 * sets them. Where no Electron binary exists (these build machines cannot download it), every test skips and says so.
 */

const binary = electronBinary();
test.skip(binary === null, NO_ELECTRON);

let app: ElectronApplication;
let home: string;

test.beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'trust-vault-electron-'));
  app = await electron.launch({
    executablePath: binary!,
    args: [join(REPO_ROOT, 'dist', 'electron', 'main.js')],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), DOCKER_CONFIG: join(home, 'docker') },
  });
});
test.afterAll(async () => {
  await app?.close();
  await rm(home, { recursive: true, force: true });
});

test('the window loads the renderer from app:// under its CSP, and window.vault answers through the preload', async () => {
  const page = await app.firstWindow();
  await expect(page).toHaveURL('app://vault/index.html');
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  const info = await page.evaluate(() => window.vault.app.info({}));
  expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });
  // No Node in the page, and the preload gave only its three objects.
  expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
});

test('a token listing goes through the token utility process', async () => {
  const page = await app.firstWindow();
  const tokens = await page.evaluate(() => window.vault.tokens.list({}));
  expect(tokens.ok).toBe(true);
});

test('locking works', async () => {
  const page = await app.firstWindow();
  const locked = await page.evaluate(() => window.vault.vault.lock({}));
  expect(locked).toMatchObject({ ok: true, value: { unlocked: false } });
});

test('the packaged binary’s fuses read as electron-builder.yml sets them', async () => {
  const packaged = packagedApp();
  test.skip(packaged === null, 'No packaged app in release/linux-unpacked: run npm run dist first.');
  const { stdout } = await promisify(execFile)('npx', ['--no-install', '@electron/fuses', 'read', '--app', packaged!], { cwd: REPO_ROOT });
  for (const [fuse, state] of [
    ['RunAsNode', 'Disabled'],
    ['EnableNodeOptionsEnvironmentVariable', 'Disabled'],
    ['EnableNodeCliInspectArguments', 'Disabled'],
    ['EnableCookieEncryption', 'Enabled'],
    ['OnlyLoadAppFromAsar', 'Enabled'],
    ['EnableEmbeddedAsarIntegrityValidation', 'Enabled'],
    ['GrantFileProtocolExtraPrivileges', 'Disabled'],
  ]) {
    expect(stdout).toMatch(new RegExp(`${fuse} is ${state}`));
  }
});
