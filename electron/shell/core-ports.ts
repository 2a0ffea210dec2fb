import type { App } from 'electron';
import { systemDriveSource } from '../core/drives/system-source';
import type { Clipboard, CorePorts, Dialogs, EventSink, PowerEvents } from '../core/ports';
import type { WorkerHost } from '../core/token/worker-host';
import type { Notifier } from '../core/notify/expiry-notices';
import { systemClock } from '../core/ports';

export type AppApi = Pick<App, 'getPath' | 'getVersion'>;

/**
 * What core gets in the desktop app. The data dir is Electron's userData folder, the same one the CLI uses by
 * default, so the app and `trust-vault` share settings and ledgers.
 */
export function createElectronPorts(deps: {
  app: AppApi;
  dialogs: Dialogs;
  clipboard: Clipboard;
  events: EventSink;
  tokenWorker: WorkerHost;
  /** Screen lock and sleep (powerMonitor): the vault locks itself on them. */
  power?: PowerEvents;
  /** Desktop notifications (Electron's Notification): expiry notices. */
  notifier?: Notifier;
  /** The environment core may read: main passes hostEnvironment(process.env, app.isPackaged), without test hooks when packaged. */
  env?: NodeJS.ProcessEnv;
  platform?: string;
}): CorePorts {
  const env = deps.env ?? process.env;
  const tokenModules = env.TRUST_VAULT_PKCS11_MODULES;
  return {
    dataDir: deps.app.getPath('userData'),
    env: { home: deps.app.getPath('home'), dockerConfig: env.DOCKER_CONFIG || undefined },
    dialogs: deps.dialogs,
    clipboard: deps.clipboard,
    clock: systemClock,
    drives: systemDriveSource(env),
    events: deps.events,
    tokenWorker: deps.tokenWorker,
    ...(tokenModules !== undefined ? { tokenModules } : {}),
    ...(deps.power ? { power: deps.power } : {}),
    ...(deps.notifier ? { notifier: deps.notifier } : {}),
    app: {
      version: deps.app.getVersion(),
      platform: deps.platform ?? process.platform,
      shell: 'electron',
      versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
    },
  };
}
