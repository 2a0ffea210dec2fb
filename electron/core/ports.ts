import type { EventName, VaultEvents } from '../../shared/contract';
import type { DriveSource } from './drives/drive-source';
import type { WorkerHost } from './token/worker-host';
import type { Notifier } from './notify/expiry-notices';

/**
 * What core needs from the shell it runs in. Electron's main implements these with native dialogs and its
 * clipboard; the CLI and the e2e harness with their own. Core never imports electron.
 */

export interface Dialogs {
  /** A folder the user picks; null when cancelled. */
  chooseFolder(options: { title: string }): Promise<string | null>;
  /** Files the user picks to read; null when cancelled. */
  chooseFilesToOpen(options: { title: string }): Promise<string[] | null>;
  /** A file path the user picks to write; null when cancelled. */
  chooseFileToSave(options: { title: string; defaultName: string }): Promise<string | null>;
  /**
   * A registry user name and password typed into main's own prompt (issue 14, point 6): they never pass through the
   * renderer. Null when cancelled; absent where the shell has no prompt (the CLI reads them from its environment).
   */
  askRegistryLogin?(options: { registry: string }): Promise<{ user: string; password: string } | null>;
}

/** Electron 45's clipboard answers with promises; the test ports answer at once. Both are accepted. */
export interface Clipboard {
  writeText(text: string): void | Promise<void>;
  /** Writes a secret with the platform's "do not keep in clipboard history" hints, where the host supports them. */
  writeSecret?(text: string): Promise<void>;
  readText(): string | Promise<string>;
  clear(): void;
}

export interface HostEnvironment {
  home: string;
  /** $DOCKER_CONFIG, when set. */
  dockerConfig?: string | undefined;
}

export interface Clock {
  now(): Date;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

/** Main → renderer events (progress, drives coming and going). Fire and forget: nobody listening is fine. */
export interface EventSink {
  emit<K extends EventName>(name: K, payload: VaultEvents[K]): void;
}

export const silentEvents: EventSink = { emit: () => undefined };

/** The system locking its screen or going to sleep: Electron's powerMonitor in the app, a trigger in the harness. */
export interface PowerEvents {
  /** Calls `listener` when the screen locks or the machine suspends; returns the way to stop listening. */
  onLockOrSleep(listener: () => void): () => void;
}

export interface CorePorts {
  /** The app's own data folder: settings, ledgers, vault, audit log. */
  dataDir: string;
  env: HostEnvironment;
  dialogs: Dialogs;
  clipboard: Clipboard;
  clock: Clock;
  /** Removable drives: the system's in the app and CLI, injected device data in tests. */
  drives: DriveSource;
  events: EventSink;
  /** The process PKCS#11 work runs in (a utility process in the app, a forked Node elsewhere). */
  tokenWorker: WorkerHost;
  /** Where to look for PKCS#11 modules besides the usual paths (TRUST_VAULT_PKCS11_MODULES), for tests. */
  tokenModules?: string | undefined;
  /** Lock-screen and sleep notices; absent in the CLI (each command is its own short session). */
  power?: PowerEvents;
  /** Desktop notifications (expiry notices, issue 15); absent in the CLI. */
  notifier?: Notifier;
  app: { version: string; platform: string; shell: 'electron' | 'harness'; versions?: { electron?: string; chrome?: string; node?: string } };
}
