import { join } from 'node:path';
import type { Result } from '../../shared/result';
import { createDispatcher, type Dispatch } from '../../electron/core/api/dispatcher';
import { createHandlers } from '../../electron/core/handlers';
import type { RawDrive } from '../../electron/core/drives/drive-source';
import { injectedDriveSource } from '../../electron/core/drives/drive-source';
import type { Clipboard, Clock, CorePorts, PowerEvents } from '../../electron/core/ports';
import { sourceTokenWorker } from './token-worker';

/**
 * The real core behind the guarded dispatcher, with scripted dialogs: what the UI would ask of main, for tests that
 * walk operations through the contract. Queue the "user's" answers in `folders`, `openFiles` and `saves`; an empty
 * queue is a cancelled dialog.
 */
export interface ScriptedCore {
  ports: CorePorts;
  dispatch: Dispatch;
  folders: (string | null)[];
  openFiles: (string[] | null)[];
  saves: (string | null)[];
  /** What the "user" types into main's registry sign-in prompt; an empty queue is a cancelled prompt. */
  registryLogins: ({ user: string; password: string } | null)[];
  /** The removable drives core sees; a test changes this list to plug drives in and out. */
  drives: RawDrive[];
  /** Every event core sent, in order. */
  events: { name: string; payload: unknown }[];
  /** The operation's value; throws with the error code and message when it fails. */
  call<T>(operation: string, args?: unknown): Promise<T>;
  /** 'ok', or the error code the operation answered. */
  fail(operation: string, args: unknown): Promise<string>;
}

export interface ScriptedCoreOptions {
  now?: () => Date;
  tokenModules?: string;
  /** A clock the test moves (timers included); else real time whose timers never fire. */
  clock?: Clock;
  clipboard?: Clipboard;
  power?: PowerEvents;
}

export function scriptedCore(workDir: string, options: ScriptedCoreOptions = {}): ScriptedCore {
  const folders: (string | null)[] = [];
  const openFiles: (string[] | null)[] = [];
  const saves: (string | null)[] = [];
  const registryLogins: ({ user: string; password: string } | null)[] = [];
  const drives: RawDrive[] = [];
  const events: { name: string; payload: unknown }[] = [];
  const ports: CorePorts = {
    dataDir: join(workDir, 'data'),
    env: { home: join(workDir, 'home') },
    dialogs: {
      chooseFolder: async () => folders.shift() ?? null,
      chooseFilesToOpen: async () => openFiles.shift() ?? null,
      chooseFileToSave: async () => saves.shift() ?? null,
      askRegistryLogin: async () => registryLogins.shift() ?? null,
    },
    clipboard: options.clipboard ?? { writeText: () => undefined, readText: () => '', clear: () => undefined },
    clock: options.clock ?? { now: options.now ?? (() => new Date()), setTimeout: () => ({ cancel: () => undefined }) },
    drives: injectedDriveSource(() => drives),
    events: { emit: (name, payload) => void events.push({ name, payload }) },
    tokenWorker: sourceTokenWorker(),
    tokenModules: options.tokenModules ?? '',
    ...(options.power ? { power: options.power } : {}),
    app: { version: '0', platform: 'linux', shell: 'harness' },
  };
  const dispatch = createDispatcher(createHandlers(ports), { appOrigin: 'app://vault' });
  const me = { isMainFrame: true, url: 'app://vault/index.html' };
  return {
    ports,
    dispatch,
    folders,
    openFiles,
    saves,
    registryLogins,
    drives,
    events,
    async call<T>(operation: string, args: unknown = {}): Promise<T> {
      const r = (await dispatch(`vault:${operation}`, args, me)) as Result<T>;
      if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
      return r.value;
    },
    async fail(operation: string, args: unknown): Promise<string> {
      const r = await dispatch(`vault:${operation}`, args, me);
      return r.ok ? 'ok' : r.code;
    },
  };
}
