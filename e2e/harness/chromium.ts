import { mainWindowOptions } from '../../electron/shell/window-options';

/**
 * How the harness starts Debian's Chromium: the Playwright config and bench/ui-open.ts share these options so the
 * specs and the bench run the same browser the same way. Playwright's own browsers cannot be downloaded here.
 */
export const CHROMIUM_PATH = process.env.TRUST_VAULT_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const chromiumLaunchOptions = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };

const appWindow = mainWindowOptions('');

/** The size the desktop app's window opens with (electron/shell/window-options.ts); screenshots are taken at it. */
export const WINDOW_SIZE = { width: appWindow.width ?? 1200, height: appWindow.height ?? 800 };
