/**
 * The time from opening the app to a rendered list of 10,000 keys, in the e2e harness: Debian's Chromium loads the
 * built renderer (npm run build:renderer first), whose window.vault reaches the real core through the guarded
 * dispatcher. The trust dir holds 10,000 notary-format key files (e2e/harness/trust-dirs.ts).
 *
 * Each run is a cold open: a fresh window (new browser context: no HTTP or code cache) over a fresh core in a new
 * Node process (bench/ui-open-core.ts: nothing compiled or optimized by earlier runs, as in a just-started app), in
 * two kinds, interleaved: the app opened again with the app-data folder a previous run left (its listing index: the
 * cold open a user meets every day), and the very first start with an empty app-data folder (every key file read).
 * The clock starts when the window is told to load the app and stops when the key list shows its 10,000 keys, key
 * rows are on screen, and the core has answered the page's check: the test process hears of it, so main is free to
 * take input (a list on screen under a main process still busy does not scroll). The browser's and the core's own
 * start-up are not counted (in Electron the window opens once main has loaded). Also counted: the CPU time of the
 * core's process and of the page's main thread until then, less noisy than wall time on a shared machine. Prints one
 * JSON line {name, ms, firstStartMs, coreCpuMs, pageCpuMs} with the medians.
 *
 *   node --import tsx bench/ui-open.ts [--keys N] [--runs N]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Page, chromium } from '@playwright/test';
import { WINDOW_SIZE, chromiumLaunchOptions } from '../e2e/harness/chromium';
import { RENDERER_DIR } from '../e2e/harness/paths';
import { startStaticServer } from '../e2e/harness/static-server';
import { makeLargeTrustDir } from '../e2e/harness/trust-dirs';
import { BINDING, EMIT, vaultBridgeScript } from '../e2e/harness/vault-bridge';
import { eventChannelOf, type EventName } from '../shared/contract';
import type { CoreCall } from './ui-open-core';

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
  /** CPU time of the core's process from the load to the rendered list (reopening runs). */
  coreCpuMs: number;
  /** Time the page's main thread was busy from the load to the rendered list (reopening runs). */
  pageCpuMs: number;
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
    const coreCpu: number[] = [];
    const pageCpu: number[] = [];
    // One warm-up run (it also leaves the app-data folder that the reopening runs use), then the measured runs,
    // alternating first start and reopening.
    for (let i = 0; i <= 2 * runs; i++) {
      const first = i % 2 === 1;
      const dataDir = join(root, first ? `app-data-${i}` : 'app-data');
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      const core = await startCore([home, dockerConfig, dataDir, server.origin]);
      const context = await browser.newContext({ viewport: WINDOW_SIZE });
      try {
        const page = await context.newPage();
        await bindCore(page, core);
        const cdp = await context.newCDPSession(page);
        await cdp.send('Performance.enable');
        const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
        const busyBefore = await busy();
        const cpuBefore = await core.cpuMs();
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
        // Main is free: the core answers a call made now (what any click or scroll that needs main waits for).
        await core.cpuMs();
        const ms = performance.now() - start;
        const cpu = (await core.cpuMs()) - cpuBefore;
        const pageBusy = ((await busy()) - busyBefore) * 1000;
        if (i > 0) {
          (first ? firstStarts : times).push(ms);
          if (!first) {
            coreCpu.push(cpu);
            pageCpu.push(pageBusy);
          }
        }
      } finally {
        await context.close();
        core.stop();
      }
    }
    return {
      name: `ui-open-${keys}-keys`,
      ms: Math.round(median(times)),
      firstStartMs: Math.round(median(firstStarts)),
      coreCpuMs: Math.round(median(coreCpu)),
      pageCpuMs: Math.round(median(pageCpu)),
    };
  } finally {
    await browser.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

interface CoreProcess {
  call(message: Omit<CoreCall, 'id'>): Promise<string>;
  onEvent(listener: (name: EventName, json: string) => void): void;
  /** The process's CPU time so far (user + system), asked of the process itself: it answers once it is free. */
  cpuMs(): Promise<number>;
  stop(): void;
}

/** bench/ui-open-core.ts in a new Node process, once it has loaded the core. */
async function startCore(args: string[]): Promise<CoreProcess> {
  const child: ChildProcess = fork(join(__dirname, 'ui-open-core.ts'), args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, (text: string) => void>();
  let listener: (name: EventName, json: string) => void = () => undefined;
  let next = 0;
  await new Promise<void>((ready, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`the core process ended (${code}) before it was ready`)));
    child.on('message', (m: { ready?: boolean; id?: number; text?: string; event?: EventName; json?: string; cpu?: number }) => {
      if (m.ready) ready();
      else if (m.event) listener(m.event, m.json ?? 'null');
      else if (m.id !== undefined) {
        waiting.get(m.id)?.(m.text ?? String(m.cpu));
        waiting.delete(m.id);
      }
    });
  });
  const send = (message: object) =>
    new Promise<string>((answered) => {
      const id = next++;
      waiting.set(id, answered);
      child.send({ ...message, id });
    });
  return {
    call: (message) => send(message),
    onEvent: (l) => {
      listener = l;
    },
    cpuMs: async () => Number(await send({ cpu: true })),
    stop: () => {
      child.disconnect();
      if (child.pid && child.exitCode === null) child.kill();
    },
  };
}

/** window.vault in the page bound to the core process, as e2e/harness/vault-bridge.ts attachVault binds the in-process core. */
async function bindCore(page: Page, core: CoreProcess): Promise<void> {
  core.onEvent((name, json) => {
    void page
      .evaluate(([fn, channel, text]) => (window as unknown as Record<string, (c: string, j: string) => void>)[fn]?.(channel, text), [EMIT, eventChannelOf(name), json] as const)
      .catch(() => undefined);
  });
  await page.exposeBinding(BINDING, async (source, channel: unknown, args: unknown) => {
    // As electron/ipc.ts senderOf() (and attachVault): the page's current top frame, not a subframe, not a detached one.
    const frame = source.frame;
    const isMainFrame = frame === source.page.mainFrame() && frame.parentFrame() === null && !frame.isDetached();
    return core.call({ channel, args, sender: { isMainFrame, url: frame.url() } });
  });
  await page.addInitScript({ content: await vaultBridgeScript() });
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
