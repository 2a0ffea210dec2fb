import { handleRequest } from './dispatch';
import { READY, type Op } from './protocol';
import { addonMissingReason, operationsWithoutAddon } from './without-addon';

/**
 * The token process: pkcs11js and every PKCS#11 module live here, never in the app, so a module that hangs or
 * crashes takes only this process with it. Runs under child_process.fork (CLI, tests) or as Electron's utility
 * process (the app), and speaks the same protocol over either.
 */

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

interface Transport {
  onMessage(listener: (message: unknown) => void): void;
  send(message: unknown): void;
}

function transport(): Transport | null {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return { onMessage: (l) => parentPort.on('message', (e) => l(e.data)), send: (m) => parentPort.postMessage(m) };
  }
  if (process.send) {
    // Without the app on the other end there is nobody to answer to, and modules must not stay loaded.
    process.on('disconnect', () => process.exit(0));
    return { onMessage: (l) => void process.on('message', l), send: (m) => void process.send?.(m) };
  }
  return null;
}

/**
 * The real operations, or, when pkcs11js cannot load (not built: no compiler at install), ones that say so. Loaded
 * with require, after the check, so a missing addon never stops this process from starting.
 */
function loadOperations(): Record<Op, (args: unknown[]) => unknown> {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { createOperations } = require('./operations') as typeof import('./operations');
    const { TokenSessions } = require('./sessions') as typeof import('./sessions');
    /* eslint-enable @typescript-eslint/no-require-imports */
    return createOperations(new TokenSessions());
  } catch (e) {
    return operationsWithoutAddon(addonMissingReason(e));
  }
}

let started = false;

export function runTokenWorker(): void {
  if (started) return;
  started = true;
  const channel = transport();
  if (!channel) {
    console.error('trust-vault token worker: start it from the app (fork or utility process), not on its own');
    process.exitCode = 2;
    return;
  }
  const ops = loadOperations();
  channel.onMessage((message) => {
    const response = handleRequest(ops, message);
    if (response) channel.send(response);
  });
  channel.send(READY);
}

// Forked directly (the TypeScript source under tsx in tests): start. Bundled, electron/token-worker.ts starts it.
if (typeof require !== 'undefined' && require.main === module) runTokenWorker();
