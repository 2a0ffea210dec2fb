import type { UtilityProcess } from 'electron';
import { minimalChildEnv } from '../core/process/child-env';
import type { WorkerHost } from '../core/token/worker-host';

export type UtilityFork = (
  modulePath: string,
  args?: string[],
  options?: { serviceName?: string; stdio?: 'ignore' | 'inherit' | 'pipe'; env?: Record<string, string | undefined> },
) => UtilityProcess;

/**
 * PKCS#11 work in an Electron utility process: a module that hangs or crashes takes that process down, never main.
 * (Main cannot fork itself as Node: the RunAsNode fuse is off.) Messages are structured-cloned both ways.
 */
export function utilityWorkerHost(fork: UtilityFork, script: string): WorkerHost {
  return () => {
    // Not process.env (Electron's default): only what a PKCS#11 module needs (core/process/child-env.ts).
    const child = fork(script, [], { serviceName: 'Trust Vault token access', stdio: 'inherit', env: minimalChildEnv(process.env) });
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.once('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}
