import type { EventName, VaultEvents } from '../../shared/contract';
import type { RawDrive } from '../../electron/core/drives/drive-source';
import { injectedDriveSource } from '../../electron/core/drives/drive-source';
import type { Clipboard, Clock, CorePorts, Dialogs, EventSink, PowerEvents } from '../../electron/core/ports';
import type { DesktopNotice, Notifier } from '../../electron/core/notify/expiry-notices';
import type { WorkerChannel } from '../../electron/core/token/worker-host';
import { sourceTokenWorker } from '../../test/support/token-worker';

/**
 * The shell side of core in the harness: scripted dialogs (the spec says what the "user" picks), an in-memory
 * clipboard, and temporary folders instead of the real home and app-data folders.
 */

export type DialogKind = 'folder' | 'open' | 'save' | 'registry-login';

/** Native dialogs, scripted: a spec queues the answers; a dialog with nothing queued is cancelled (null). */
export class ScriptedDialogs implements Dialogs {
  private readonly folders: (string | null)[] = [];
  private readonly openFiles: (string[] | null)[] = [];
  private readonly saves: (string | null)[] = [];
  private readonly logins: ({ user: string; password: string } | null)[] = [];
  /** Every dialog core opened, in order, with its title: specs can check that the right question was asked. */
  readonly asked: { kind: DialogKind; title: string; answer: string | string[] | null }[] = [];

  nextFolder(path: string | null): this {
    this.folders.push(path);
    return this;
  }

  nextOpenFiles(paths: string[] | null): this {
    this.openFiles.push(paths);
    return this;
  }

  nextSave(path: string | null): this {
    this.saves.push(path);
    return this;
  }

  /** What the "user" types into main's registry sign-in prompt (null: cancelled). */
  nextRegistryLogin(answer: { user: string; password: string } | null): this {
    this.logins.push(answer);
    return this;
  }

  /** Answers still queued (a spec can assert the UI really opened the dialog it expected). */
  pending(): { folders: number; openFiles: number; saves: number } {
    return { folders: this.folders.length, openFiles: this.openFiles.length, saves: this.saves.length };
  }

  async chooseFolder(options: { title: string }): Promise<string | null> {
    const answer = this.folders.shift() ?? null;
    this.asked.push({ kind: 'folder', title: options.title, answer });
    return answer;
  }

  async chooseFilesToOpen(options: { title: string }): Promise<string[] | null> {
    const answer = this.openFiles.shift() ?? null;
    this.asked.push({ kind: 'open', title: options.title, answer });
    return answer;
  }

  async chooseFileToSave(options: { title: string; defaultName: string }): Promise<string | null> {
    const answer = this.saves.shift() ?? null;
    this.asked.push({ kind: 'save', title: options.title, answer });
    return answer;
  }

  async askRegistryLogin(options: { registry: string }): Promise<{ user: string; password: string } | null> {
    const answer = this.logins.shift() ?? null;
    // Only the user name is recorded: the password stays where main keeps it.
    this.asked.push({ kind: 'registry-login', title: options.registry, answer: answer ? answer.user : null });
    return answer;
  }
}

/** The system clipboard, in memory. */
export class MemoryClipboard implements Clipboard {
  private text = '';
  writeText(text: string): void {
    this.text = text;
  }
  readText(): string {
    return this.text;
  }
  clear(): void {
    this.text = '';
  }
}

/**
 * Real time that a spec can move forward: timers run on their own when due, or at once when `advance` passes their
 * due time (e.g. the clipboard clearing 30 s after a copy, without waiting 30 s).
 */
interface Timer {
  due: number;
  fn: () => void;
  real: ReturnType<typeof setTimeout>;
}

export class HarnessClock implements Clock {
  private offsetMs = 0;
  private readonly timers = new Set<Timer>();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer: Timer = {
      due: this.now().getTime() + ms,
      fn,
      real: setTimeout(() => this.fire(timer), ms),
    };
    timer.real.unref?.();
    this.timers.add(timer);
    return { cancel: () => this.drop(timer) };
  }

  /** Moves the clock forward and runs every timer that falls due, in due order. */
  advance(ms: number): void {
    this.offsetMs += ms;
    const due = [...this.timers].filter((t) => t.due <= this.now().getTime()).sort((a, b) => a.due - b.due);
    for (const t of due) this.fire(t);
  }

  private fire(timer: Timer): void {
    if (!this.timers.has(timer)) return;
    this.drop(timer);
    timer.fn();
  }

  private drop(timer: Timer): void {
    clearTimeout(timer.real);
    this.timers.delete(timer);
  }
}

/** Removable drives as injected device data: a spec plugs drives in and pulls them out. */
export class HarnessDrives {
  private drives: RawDrive[] = [];
  readonly source = injectedDriveSource(() => this.drives);

  plug(drive: RawDrive): this {
    this.drives = [...this.drives.filter((d) => d.device !== drive.device), drive];
    return this;
  }

  unplug(device: string): this {
    this.drives = this.drives.filter((d) => d.device !== device);
    return this;
  }

  list(): RawDrive[] {
    return [...this.drives];
  }
}

/** The system's screen lock and sleep, as Electron's powerMonitor reports them: a spec triggers them. */
export class HarnessPower implements PowerEvents {
  private readonly listeners = new Set<() => void>();

  onLockOrSleep(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The screen locks (powerMonitor 'lock-screen'). */
  lockScreen(): void {
    this.fire();
  }

  /** The machine goes to sleep (powerMonitor 'suspend'). */
  sleep(): void {
    this.fire();
  }

  /** How many listeners core registered (a spec can check that core listens at all). */
  get listening(): number {
    return this.listeners.size;
  }

  private fire(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** Events core sends, recorded, and relayed to the page once one is attached (as webContents.send does). */
export class HarnessEvents implements EventSink {
  readonly sent: { name: EventName; payload: unknown }[] = [];
  private relay: ((name: EventName, payload: unknown) => void) | null = null;

  attach(relay: (name: EventName, payload: unknown) => void): void {
    this.relay = relay;
  }

  emit<K extends EventName>(name: K, payload: VaultEvents[K]): void {
    this.sent.push({ name, payload });
    this.relay?.(name, payload);
  }
}

/** The desktop's notifications, recorded: a spec reads what was shown and clicks it (issue 15, expiry notices). */
export class HarnessNotifier implements Notifier {
  readonly shown: DesktopNotice[] = [];
  show(notice: DesktopNotice): void {
    this.shown.push(notice);
  }
  /** Clicks the notice shown at `index` (default the latest), as the person would. */
  click(index = this.shown.length - 1): void {
    const n = this.shown[index];
    if (!n) throw new Error('no notification was shown');
    n.onClick();
  }
}

export interface HarnessFolders {
  /** The app's own data folder (settings, ledgers). */
  dataDir: string;
  /** Stands in for the user's home directory. */
  home: string;
  /** $DOCKER_CONFIG: the default trust dir is <dockerConfig>/trust. */
  dockerConfig: string;
}

export function createHarnessPorts(
  folders: HarnessFolders,
  options: { dialogs?: ScriptedDialogs; clipboard?: MemoryClipboard; clock?: HarnessClock; version?: string; tokenModules?: string } = {},
): CorePorts & {
  dialogs: ScriptedDialogs;
  clipboard: MemoryClipboard;
  clock: HarnessClock;
  events: HarnessEvents;
  harnessDrives: HarnessDrives;
  power: HarnessPower;
  notifier: HarnessNotifier;
  useTokenModules(paths: string[], env: Record<string, string>): void;
  /** Ends every token process this test started. */
  stopTokenWorkers(): void;
} {
  const harnessDrives = new HarnessDrives();
  const tokenEnv: Record<string, string> = {};
  const started: WorkerChannel[] = [];
  let stopped = false;
  const startWorker = sourceTokenWorker(() => ({ ...process.env, ...tokenEnv }));
  return {
    dataDir: folders.dataDir,
    env: { home: folders.home, dockerConfig: folders.dockerConfig },
    dialogs: options.dialogs ?? new ScriptedDialogs(),
    clipboard: options.clipboard ?? new MemoryClipboard(),
    clock: options.clock ?? new HarnessClock(),
    drives: harnessDrives.source,
    harnessDrives,
    events: new HarnessEvents(),
    power: new HarnessPower(),
    notifier: new HarnessNotifier(),
    tokenWorker: () => {
      // After the test, the token service's watcher may still poll: it gets an error, never a new process.
      if (stopped) throw new Error('the test has ended: no new token process');
      const channel = startWorker();
      started.push(channel);
      return channel;
    },
    stopTokenWorkers: () => {
      stopped = true;
      started.splice(0).forEach((c) => c.kill());
    },
    // No PKCS#11 module unless a spec gives one: the machine's own SoftHSM2 tokens are not the test's.
    tokenModules: options.tokenModules ?? '',
    /** Before the first token call: these modules only, and this environment (SOFTHSM2_CONF) for the token process. */
    useTokenModules(paths, env) {
      this.tokenModules = paths.join(':');
      Object.assign(tokenEnv, env);
    },
    app: { version: options.version ?? '0.0.0-harness', platform: process.platform, shell: 'harness', versions: { node: process.versions.node } },
  };
}
