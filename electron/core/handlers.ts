import type { Handlers } from './api/dispatcher';
import { VaultError } from './errors';
import type { CorePorts } from './ports';

/**
 * Binds every contract operation to a core function. This is the only place that knows both the contract and the
 * services; electron/ipc.ts, the e2e harness and tests all get their handlers from here.
 */
export function createHandlers(ports: CorePorts): Handlers {
  const notYet = (): never => {
    throw new VaultError('INTERNAL', 'Not implemented yet');
  };
  return {
    app: { info: () => ({ ...ports.app }) },
    trustDirs: { list: notYet, add: notYet, select: notYet, forget: notYet },
    keys: {
      list: notYet,
      generate: notYet,
      chooseImport: notYet,
      import: notYet,
      export: notYet,
      changePassphrase: notYet,
      removalImpact: notYet,
      remove: notYet,
    },
    clipboard: { copySecret: notYet },
  };
}
