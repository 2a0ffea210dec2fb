import { join } from 'node:path';
import { forkWorkerHost } from '../../electron/core/token/worker-host';

/** The token process from its TypeScript source (no build needed), as tests and the e2e harness run it. */
export const TOKEN_WORKER_SOURCE = join(__dirname, '..', '..', 'electron', 'core', 'token', 'pkcs11', 'worker-main.ts');

/** `env` is read when the process starts: point SOFTHSM2_CONF at a test's own tokens. */
export const sourceTokenWorker = (env: () => NodeJS.ProcessEnv = () => process.env) => forkWorkerHost(TOKEN_WORKER_SOURCE, ['--import', 'tsx'], env);
