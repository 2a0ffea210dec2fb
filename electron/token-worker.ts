// Entry point of the token process (bundled to dist/electron/token-worker.js): the app starts it as a utility
// process, the CLI and the tests fork it. All the work is in electron/core/token/pkcs11.
import { runTokenWorker } from './core/token/pkcs11/worker-main';

runTokenWorker();
