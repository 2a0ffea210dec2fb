import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { NotaryPassphrases } from './notary';
import { NotaryCli } from './notary';
import type { HarnessClock, HarnessDrives, HarnessEvents, HarnessPower, MemoryClipboard, ScriptedDialogs } from './ports';
import { createHarnessPorts } from './ports';
import type { StaticServer } from './static-server';
import { startStaticServer } from './static-server';
import type { VaultCore } from './vault-bridge';
import { RENDERER_DIR, SCREENSHOT_DIR } from './paths';
import { attachVault, createVaultCore } from './vault-bridge';

/**
 * The e2e fixtures: `vault` gives each test its own temporary home, $DOCKER_CONFIG, trust dir and app-data folder,
 * a page whose window.vault reaches the real core through the guarded dispatcher, scripted dialogs, an in-memory
 * clipboard, the notary CLI on the same trust dir, and screenshots into e2e/screenshots/.
 */


export interface Vault {
  page: Page;
  /** The origin the built renderer is served from; the dispatcher trusts only this origin's main frame. */
  origin: string;
  /** This test's temporary folder; everything below lives in it and is removed afterwards. */
  root: string;
  home: string;
  dockerConfig: string;
  /** The default trust dir the app finds: $DOCKER_CONFIG/trust (not created until a spec or the app does). */
  trustDir: string;
  dataDir: string;
  dialogs: ScriptedDialogs;
  clipboard: MemoryClipboard;
  /** Core's clock: real time, which a spec can move forward (clock.advance(ms)). */
  clock: HarnessClock;
  /** The removable drives core sees (injected device data): plug and unplug them. */
  drives: HarnessDrives;
  /** Every event core sent to the page. */
  events: HarnessEvents;
  /** The system's screen lock and sleep: power.lockScreen(), power.sleep(). */
  power: HarnessPower;
  /** Gives core these PKCS#11 modules (and the token process this environment, e.g. SOFTHSM2_CONF); none by default. */
  useTokenModules(paths: string[], env?: Record<string, string>): void;
  core: VaultCore;
  /** Uncaught errors and console errors (CSP violations show here) of the page. */
  pageErrors: string[];
  consoleErrors: string[];
  /** Opens the app (the built renderer) in the page. */
  open(path?: string): Promise<void>;
  /** Saves e2e/screenshots/<name>.png and attaches it to the report. */
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
  /** The real notary CLI on a trust dir (default: this test's trust dir), with HOME = this test's home. */
  notary(options?: { trustDir?: string; passphrases?: NotaryPassphrases; server?: string }): NotaryCli;
  /** A path inside this test's temporary folder (its parent folder is created). */
  path(...parts: string[]): Promise<string>;
  /** A folder inside this test's temporary folder, created 0700. */
  dir(...parts: string[]): Promise<string>;
}

export const test = base.extend<{ vault: Vault }, { rendererServer: StaticServer }>({
  rendererServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startStaticServer(RENDERER_DIR);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  vault: async ({ page, rendererServer }, use, testInfo) => {
    const root = await mkdtemp(join(tmpdir(), 'trust-vault-e2e-'));
    const home = join(root, 'home');
    const dockerConfig = join(root, 'docker');
    const dataDir = join(root, 'app-data');
    await Promise.all([home, dockerConfig, dataDir].map((d) => mkdir(d, { recursive: true, mode: 0o700 })));

    const ports = createHarnessPorts({ home, dockerConfig, dataDir });
    const core = createVaultCore(ports, rendererServer.origin);
    await attachVault(page, core);

    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const where = m.location().url;
      // Chromium asks every site for /favicon.ico; an Electron window does not, and the app ships none.
      if (where.endsWith('/favicon.ico')) return;
      consoleErrors.push(where ? `${m.text()} (${where})` : m.text());
    });

    const vault: Vault = {
      page,
      origin: rendererServer.origin,
      root,
      home,
      dockerConfig,
      trustDir: join(dockerConfig, 'trust'),
      dataDir,
      dialogs: ports.dialogs,
      clipboard: ports.clipboard,
      clock: ports.clock,
      drives: ports.harnessDrives,
      events: ports.events,
      power: ports.power,
      useTokenModules: (paths, env = {}) => ports.useTokenModules(paths, env),
      core,
      pageErrors,
      consoleErrors,
      async open(path = '/') {
        await page.goto(new URL(path, rendererServer.origin).href);
      },
      async screenshot(name, options = {}) {
        const file = join(SCREENSHOT_DIR, `${name}.png`);
        await mkdir(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
        await testInfo.attach(name, { path: file, contentType: 'image/png' });
        return file;
      },
      notary(options = {}) {
        return new NotaryCli(options.trustDir ?? vault.trustDir, home, options.passphrases, options.server);
      },
      async path(...parts) {
        const dir = join(root, ...parts.slice(0, -1));
        await mkdir(dir, { recursive: true, mode: 0o700 });
        return join(root, ...parts);
      },
      async dir(...parts) {
        const dir = join(root, ...parts);
        await mkdir(dir, { recursive: true, mode: 0o700 });
        return dir;
      },
    };

    await use(vault);
    ports.stopTokenWorkers();

    if (process.env.TRUST_VAULT_KEEP_E2E_TMP && testInfo.status !== testInfo.expectedStatus) {
      console.log(`[harness] kept ${root}`);
    } else {
      // The page is still open (it closes after this fixture) and core may be finishing a write it asked for (a
      // cache, the audit log): a file that appears while the folder is removed is retried, not a failed test.
      await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
    // An INTERNAL answer means core threw something it did not expect: a bug, whatever the spec checked.
    expect(core.unexpectedErrors, 'unexpected errors inside core').toEqual([]);
  },
});

export { expect };
