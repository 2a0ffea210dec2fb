import { join } from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, Page } from '@playwright/test';
import type { Dispatch, Handlers } from '../../electron/core/api/dispatcher';
import { createDispatcher } from '../../electron/core/api/dispatcher';
import { createHandlers } from '../../electron/core/handlers';
import type { CorePorts } from '../../electron/core/ports';
import { eventChannelOf } from '../../shared/contract';
import { contractNamesPlugin } from '../../scripts/contract-names';
import { encodeAnswer } from '../../shared/wire/codecs';
import type { HarnessEvents } from './ports';
import { REPO_ROOT } from './paths';

/**
 * window.vault in the harness, built exactly as the preload builds it: makeVaultApi(invoke) from shared/, with an
 * invoke that crosses into the test process through page.exposeBinding and lands in the same guarded dispatcher
 * electron/ipc.ts uses (sender check, contract schema, error codes), in front of the real core.
 */

/** The name of the binding the init script calls; the dispatcher decides whether the calling frame may use it. */
export const BINDING = '__vaultInvoke';
/** The hidden function the test process calls to deliver core's events to the page's listeners. */
export const EMIT = '__vaultEmit';
/** Where a spec puts the paths of files it drops (file name → path), standing in for webUtils.getPathForFile. */
export const DROP_PATHS = '__harnessDropPaths';

let bridgeScript: Promise<string> | undefined;

/** shared/vault-api.ts (and the contract it reads) bundled to one classic script that defines window.vault. */
export function vaultBridgeScript(): Promise<string> {
  bridgeScript ??= build({
    stdin: {
      contents: [
        `import { makeVaultApi } from './shared/vault-api';`,
        `import { makeVaultEvents } from './shared/vault-events';`,
        `import { makeVaultFiles } from './shared/vault-files';`,
        // The binding answers JSON text (see attachVault); parsing it here gives the page a fresh plain object, as
        // Electron's structured clone does.
        `const invoke = (channel, args) => window[${JSON.stringify(BINDING)}](channel, args).then((text) => JSON.parse(text));`,
        `const vault = makeVaultApi(invoke);`,
        // Dropped files: webUtils.getPathForFile stands in as a name → path table a spec fills (dropFiles in
        // harness/drop.ts); the paths then reach core's keys.previewFiles through the same guarded binding.
        `const files = makeVaultFiles((file) => (window.${DROP_PATHS} ?? {})[file.name] ?? '', invoke);`,
        `Object.defineProperty(window, 'vaultFiles', { value: files, writable: false, configurable: false, enumerable: true });`,
        // As contextBridge.exposeInMainWorld does: a read-only property the page cannot replace.
        `Object.defineProperty(window, 'vault', { value: vault, writable: false, configurable: false, enumerable: true });`,
        // Events: the test process relays core's events by calling the hidden ${EMIT}(channel, json), as
        // webContents.send reaches ipcRenderer.on listeners in the preload.
        `const listeners = new Map();`,
        `const events = makeVaultEvents((channel, listener) => {`,
        `  const set = listeners.get(channel) ?? new Set(); listeners.set(channel, set); set.add(listener);`,
        `  return () => set.delete(listener);`,
        `});`,
        `Object.defineProperty(window, 'vaultEvents', { value: events, writable: false, configurable: false, enumerable: true });`,
        `Object.defineProperty(window, ${JSON.stringify(EMIT)}, { value: (channel, json) => { for (const l of listeners.get(channel) ?? []) l(JSON.parse(json)); }, enumerable: false });`,
      ].join('\n'),
      resolveDir: REPO_ROOT,
      sourcefile: 'harness-preload.ts',
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
    // As the preload is built (scripts/build-electron.mjs): the contract's names, not its schemas.
    plugins: [contractNamesPlugin(join(REPO_ROOT, 'shared', 'contract.ts'))],
  }).then((r) => r.outputFiles[0]!.text);
  return bridgeScript;
}

/** One IPC call as the test process saw it. Arguments are never recorded: they may hold passphrases. */
export interface CallRecord {
  channel: string;
  frameUrl: string;
  isMainFrame: boolean;
  ok: boolean;
  code?: string;
}

export interface VaultCore {
  ports: CorePorts;
  dispatch: Dispatch;
  /** Every call that reached the dispatcher, with its outcome. */
  calls: CallRecord[];
  /** `group.name` of every handler that actually ran (after the guard let the call through). */
  handlerRuns: string[];
  /** Errors core did not expect (answered INTERNAL): always a bug; the fixture fails the test on any. */
  unexpectedErrors: string[];
}

/** The real core behind the guarded dispatcher; handlers are wrapped only to record that they ran. */
export function createVaultCore(ports: CorePorts, appOrigin: string): VaultCore {
  const handlerRuns: string[] = [];
  const unexpectedErrors: string[] = [];
  const real = createHandlers(ports) as unknown as Record<string, Record<string, (a: unknown) => unknown>>;
  const recorded: Record<string, Record<string, (a: unknown) => unknown>> = {};
  for (const [group, ops] of Object.entries(real)) {
    recorded[group] = {};
    for (const [name, fn] of Object.entries(ops)) {
      recorded[group]![name] = (args: unknown) => {
        handlerRuns.push(`${group}.${name}`);
        return fn(args);
      };
    }
  }
  const dispatch = createDispatcher(recorded as unknown as Handlers, {
    appOrigin,
    onUnexpectedError: (channel, error) => {
      unexpectedErrors.push(`${channel}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      console.error(`[harness] unexpected error in ${channel}:`, error);
    },
  });
  return { ports, dispatch, calls: [], handlerRuns, unexpectedErrors };
}

/**
 * Binds window.vault in every page of the context (or one page) to the core. The binding and the init script reach
 * every frame, subframes included, on purpose: the guard, not the harness, must refuse what is not our main frame.
 */
export async function attachVault(target: Page | BrowserContext, core: VaultCore): Promise<void> {
  // Core's events reach the page's main frame, as webContents.send reaches the window (a page not yet loaded misses them).
  // Delivered in order, and before the answer of the call that sent them: Electron's IPC keeps webContents.send
  // messages and invoke replies in one ordered pipe, so the page sees a call's last progress before its result.
  let delivered: Promise<unknown> = Promise.resolve();
  const events = core.ports.events as Partial<HarnessEvents>;
  if ('context' in target && typeof events.attach === 'function') {
    const page = target;
    events.attach((name, payload) => {
      const json = JSON.stringify(payload);
      delivered = delivered
        .then(() => page.evaluate(([fn, channel, text]) => (window as unknown as Record<string, (c: string, j: string) => void>)[fn]?.(channel, text), [EMIT, eventChannelOf(name), json] as const))
        .catch(() => undefined);
    });
  }
  await target.exposeBinding(BINDING, async (source, channel: unknown, args: unknown) => {
    // As electron/ipc.ts senderOf(): the page's current top frame, not a subframe, not a detached one.
    const frame = source.frame;
    const isMainFrame = frame === source.page.mainFrame() && frame.parentFrame() === null && !frame.isDetached();
    const sender = { isMainFrame, url: frame.url() };
    const result = await core.dispatch(channel, args, sender);
    await delivered;
    core.calls.push({
      channel: String(channel),
      frameUrl: sender.url,
      isMainFrame: sender.isMainFrame,
      ok: result.ok,
      ...(result.ok ? {} : { code: result.code }),
    });
    // JSON text, not the object: Playwright serializes a returned object value by value through the protocol,
    // which costs seconds for a 10,000-key listing (4.6 MB) where Electron's IPC takes milliseconds.
    // Encoded as main's IPC sends it (shared/wire/codecs.ts); makeVaultApi in the init script decodes it.
    return JSON.stringify(encodeAnswer(String(channel), result));
  });
  await target.addInitScript({ content: await vaultBridgeScript() });
}
