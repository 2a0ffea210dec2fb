import type { App } from 'electron';
import { systemDriveSource } from '../core/drives/system-source';
import type { Clipboard, CorePorts, Dialogs, EventSink, PowerEvents } from '../core/ports';
import type { WorkerHost } from '../core/token/worker-host';
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
  env?: NodeJS.ProcessEnv;
  platform?: string;
}): CorePorts {
  const env = deps.env ?? process.env;
  return {
    dataDir: deps.app.getPath('userData'),
    env: { home: deps.app.getPath('home'), dockerConfig: env.DOCKER_CONFIG || undefined },
    dialogs: deps.dialogs,
    clipboard: deps.clipboard,
    clock: systemClock,
    drives: systemDriveSource(),
    events: deps.events,
    tokenWorker: deps.tokenWorker,
    ...(deps.power ? { power: deps.power } : {}),
    app: {
      version: deps.app.getVersion(),
      platform: deps.platform ?? process.platform,
      shell: 'electron',
      versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
    },
  };
}
