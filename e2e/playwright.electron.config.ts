import { defineConfig } from '@playwright/test';
import { electronBinary, NO_ELECTRON } from './electron/electron-binary';

/**
 * `npm run test:electron`: the built app in a real Electron (e2e/electron). Needs `npm run build` first and an
 * Electron binary; without one every test skips with the reason.
 */
export default defineConfig({
  testDir: 'electron',
  outputDir: '../test-results/electron',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: 'list',
});

// Said once, up front: the list reporter shows skipped tests without their reason.
if (!process.env.TEST_WORKER_INDEX && electronBinary() === null) console.log(`[test:electron] skipping: ${NO_ELECTRON}`);
