/**
 * The time from opening the app to a rendered list of 10,000 keys, in the e2e harness: Debian's Chromium loads the
 * built renderer (npm run build:renderer first), whose window.vault reaches the real core in this process through
 * the guarded dispatcher. The trust dir holds 10,000 notary-format key files (e2e/harness/trust-dirs.ts).
 *
 * Each run opens a fresh window (new browser context) over a fresh core (a new app process), in two kinds,
 * interleaved: the app opened again with the app-data folder a previous run left (its listing index: the cold open
 * a user meets every day), and the very first start with an empty app-data folder (every key file read). The clock
 * starts when the window is told to load the app and stops when the key list shows its 10,000 keys and key rows are
 * on screen. The browser's own start-up is not counted (in Electron the window opens with the app). Prints one
 * JSON line {name, ms, firstStartMs} with the medians.
 *
 *   node --import tsx bench/ui-open.ts [--keys N] [--runs N]
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { WINDOW_SIZE, chromiumLaunchOptions } from '../e2e/harness/chromium';
import { RENDERER_DIR } from '../e2e/harness/paths';
import { createHarnessPorts } from '../e2e/harness/ports';
import { startStaticServer } from '../e2e/harness/static-server';
import { makeLargeTrustDir } from '../e2e/harness/trust-dirs';
import { attachVault, createVaultCore } from '../e2e/harness/vault-bridge';

export interface UiOpenOptions {
  keys?: number;
  runs?: number;
}

export interface UiOpenResult {
  name: string;
  /** The app opened again, its app-data folder as a previous run left it. */
  ms: number;
  /** The first start ever: an empty app-data folder. */
  firstStartMs: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function benchUiOpen(options: UiOpenOptions = {}): Promise<UiOpenResult> {
  const keys = options.keys ?? 10_000;
  const runs = options.runs ?? 5;
  const root = await mkdtemp(join(tmpdir(), 'trust-vault-bench-ui-'));
  const server = await startStaticServer(RENDERER_DIR);
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const home = join(root, 'home');
    const dockerConfig = join(root, 'docker');
    await Promise.all([home, dockerConfig].map((d) => mkdir(d, { recursive: true, mode: 0o700 })));
    await makeLargeTrustDir({ trustDir: join(dockerConfig, 'trust'), home, work: root, count: keys });

    const times: number[] = [];
    const firstStarts: number[] = [];
    // One warm-up run (Chromium's first page load compiles the bundle; it also leaves the app-data folder that the
    // reopening runs use), then the measured runs, alternating first start and reopening.
    for (let i = 0; i <= 2 * runs; i++) {
      const first = i % 2 === 1;
      const dataDir = join(root, first ? `app-data-${i}` : 'app-data');
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      const core = createVaultCore(createHarnessPorts({ home, dockerConfig, dataDir }), server.origin);
      const context = await browser.newContext({ viewport: WINDOW_SIZE });
      try {
        const page = await context.newPage();
        await attachVault(page, core);
        const start = performance.now();
        await page.goto(server.origin + '/', { waitUntil: 'commit' });
        // Rendered: the count says all keys are listed and key rows are on screen (the list is virtualized).
        await page.waitForFunction(
          (n) => {
            const count = document.querySelector('[data-testid="keys-count"]')?.textContent ?? '';
            const listed = Number(/^[\d,]+/.exec(count.trim())?.[0]?.replace(/,/g, '') ?? 0);
            return listed >= n && document.querySelector('[data-testid="key-list"] [data-testid="key-row"]') !== null;
          },
          keys,
          { timeout: 120_000, polling: 'raf' },
        );
        const ms = performance.now() - start;
        if (i > 0) (first ? firstStarts : times).push(ms);
      } finally {
        await context.close();
      }
    }
    return { name: `ui-open-${keys}-keys`, ms: Math.round(median(times)), firstStartMs: Math.round(median(firstStarts)) };
  } finally {
    await browser.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): UiOpenOptions {
  const out: UiOpenOptions = {};
  for (let i = 0; i < argv.length - 1; i++) {
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v <= 0) continue;
    if (argv[i] === '--keys') out.keys = v;
    else if (argv[i] === '--runs') out.runs = v;
  }
  return out;
}

// Run directly (node --import tsx bench/ui-open.ts), not when bench/run.ts imports it.
if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  benchUiOpen(parseArgs(process.argv.slice(2))).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
