import { fork } from 'node:child_process';
import { minimalChildEnv } from '../process/child-env';

/**
 * The process token work runs in. Electron's main uses a utility process (electron/shell/token-worker-host.ts: the
 * RunAsNode fuse is off, so main cannot fork itself as Node); the CLI, the tests and the e2e harness fork Node.
 */
export interface WorkerChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process ends, for whatever reason (crash included). */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type WorkerHost = () => WorkerChannel;

/**
 * A forked Node process running `script` (the built dist/electron/token-worker.js, or the TypeScript source with
 * tsx), with a minimal environment (core/process/child-env.ts): never a secret's variable.
 */
export function forkWorkerHost(script: string, execArgv: string[] = [], envOf: () => NodeJS.ProcessEnv = () => minimalChildEnv(process.env)): WorkerHost {
  return () => {
    // The environment is read at each start: a test can point SOFTHSM2_CONF at its own tokens before the first call.
    const child = fork(script, [], { execArgv, env: envOf(), stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
    // An 'error' event with no listener would throw in the parent (a send racing the worker's death, a failed spawn);
    // the worker's end is reported through 'exit' anyway, and the client then rejects what was pending.
    child.on('error', () => undefined);
    return {
      send: (message) => {
        if (child.connected) child.send(message as never);
      },
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.once('exit', (code) => listener(code)),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}
