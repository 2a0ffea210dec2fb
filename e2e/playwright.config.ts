import { defineConfig } from '@playwright/test';
import { WINDOW_SIZE, chromiumLaunchOptions } from './harness/chromium';

/**
 * e2e: Debian's Chromium over the built renderer (`npm run build:renderer` first), window.vault bound to the real
 * core in the test process (e2e/harness). No webServer: each worker serves dist/renderer itself.
 */
export default defineConfig({
  testDir: 'specs',
  outputDir: '../test-results/e2e',
  // Two cores on these machines; the specs also run notary and notary-server.
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    viewport: WINDOW_SIZE,
    deviceScaleFactor: 1,
    colorScheme: 'light',
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
