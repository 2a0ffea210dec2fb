import { VaultError } from '../../errors';
import { ERROR_CODES, type ErrorCode } from '../../../../shared/error-codes';
import type { TokenClient, TokenRef } from '../token-client';
import type { WorkerChannel, WorkerHost } from '../worker-host';
import { fromWire, isReady, isResponse, toWire, type Op } from './protocol';

export interface TokenClientOptions {
  /** Per request; a module that does not answer in time gets its process killed. Default 15 s. */
  timeoutMs?: number;
  /** Signing may wait for a touch on the device. Default 30 s (never less than timeoutMs). */
  signTimeoutMs?: number;
  /** For the process to start and say it is ready (a cold start under load is slow); not counted in timeoutMs. Default 30 s. */
  startTimeoutMs?: number;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: VaultError) => void;
  timer: NodeJS.Timeout | undefined;
  modulePath: string;
}

/** One running token process and the calls waiting on it. */
interface Worker {
  channel: WorkerChannel;
  pending: Map<number, Pending>;
  /** Requests not sent yet: the process is not ready, or busy with the one before. */
  backlog: (() => void)[];
  ready: boolean;
  busy: boolean;
  /** Set once we stopped using it (timeout, exit, close): late answers and exits are then ignored. */
  retired: boolean;
}

const SHUTDOWN_GRACE_MS = 2000;

const asErrorCode = (code: string): ErrorCode => ((ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'TOKEN_ERROR');

/**
 * The app's side of the token process: started on the first call, restarted after a timeout or a crash. The app
 * itself never waits longer than the timeouts and never sees a module fault, only a VaultError.
 *
 * Requests go to the process one at a time. PKCS#11 calls are synchronous in there anyway, and this way each timeout
 * measures its own request only: a probe queued behind a signature waiting for a touch must not kill that signature.
 */
export function createTokenClient(host: WorkerHost, options: TokenClientOptions = {}): TokenClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const signTimeoutMs = options.signTimeoutMs ?? Math.max(30_000, timeoutMs);
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  let worker: Worker | null = null;
  let nextId = 1;

  function retire(w: Worker, failure: (p: Pending) => VaultError): void {
    if (w.retired) return;
    w.retired = true;
    if (worker === w) worker = null;
    for (const p of w.pending.values()) {
      clearTimeout(p.timer);
      p.reject(failure(p));
    }
    w.pending.clear();
    w.backlog = [];
  }

  function pump(w: Worker): void {
    if (w.retired || !w.ready || w.busy) return;
    const next = w.backlog.shift();
    if (!next) return;
    w.busy = true;
    next();
  }

  function start(): Worker {
    const channel = host();
    const w: Worker = { channel, pending: new Map(), backlog: [], ready: false, busy: false, retired: false };
    const startTimer = setTimeout(() => {
      retire(w, () => new VaultError('TOKEN_TIMEOUT', `the token process did not start within ${Math.round(startTimeoutMs / 1000)} s`));
      channel.kill();
    }, startTimeoutMs);
    channel.onMessage((message) => {
      if (isReady(message)) {
        clearTimeout(startTimer);
        w.ready = true;
        pump(w);
        return;
      }
      if (!isResponse(message)) return;
      const p = w.pending.get(message.id);
      if (!p) return;
      w.pending.delete(message.id);
      clearTimeout(p.timer);
      w.busy = false;
      if (message.ok) p.resolve(fromWire(message.value));
      else p.reject(new VaultError(asErrorCode(message.code), message.message));
      pump(w);
    });
    channel.onExit((code) => {
      clearTimeout(startTimer);
      const exitCode = code === null ? '' : ` (exit code ${code})`;
      // Before "ready" no module was touched yet: the process itself failed to start.
      const started = w.ready;
      retire(w, (p) =>
        started
          ? new VaultError('TOKEN_MODULE_INVALID', `the module ${p.modulePath} crashed the token process${exitCode}`)
          : new VaultError('TOKEN_ERROR', `the token process ended before it was ready${exitCode}`),
      );
    });
    return w;
  }

  function call<T>(op: Op, modulePath: string, args: unknown[], ms = timeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let w: Worker;
      try {
        w = worker ?? (worker = start());
      } catch (e) {
        reject(new VaultError('TOKEN_ERROR', `could not start the token process: ${e instanceof Error ? e.message : String(e)}`));
        return;
      }
      const id = nextId++;
      const pending: Pending = { resolve: resolve as (v: unknown) => void, reject, timer: undefined, modulePath };
      w.pending.set(id, pending);
      w.backlog.push(() => {
        pending.timer = setTimeout(() => {
          // A module stuck inside a PKCS#11 call cannot be interrupted: the only way out is to end its process.
          retire(w, (p) =>
            p === pending
              ? new VaultError('TOKEN_TIMEOUT', `the module ${modulePath} did not answer within ${Math.round(ms / 1000)} s (${op})`)
              : new VaultError('TOKEN_TIMEOUT', `the token process was restarted because the module ${modulePath} stopped answering`),
          );
          w.channel.kill();
        }, ms);
        try {
          w.channel.send({ id, op, args: toWire(args) });
        } catch (e) {
          w.pending.delete(id);
          clearTimeout(pending.timer);
          w.busy = false;
          reject(new VaultError('TOKEN_ERROR', `could not reach the token process: ${e instanceof Error ? e.message : String(e)}`));
          pump(w);
        }
      });
      pump(w);
    });
  }

  const onToken = <T>(op: Op, ref: TokenRef, args: unknown[], ms?: number): Promise<T> => call<T>(op, ref.modulePath, [ref, ...args], ms);

  return {
    probe: (modulePath) => call('probe', modulePath, [modulePath]),
    objects: (ref) => onToken('objects', ref, []),
    isLoggedIn: (ref) => onToken('isLoggedIn', ref, []),
    login: (ref, pin) => onToken('login', ref, [pin]),
    logout: (ref) => onToken('logout', ref, []),
    importEcPrivateKey: (ref, key) => onToken('importEcPrivateKey', ref, [key]),
    generateEcKeyPair: (ref, key) => onToken('generateEcKeyPair', ref, [key]),
    storeCertificate: (ref, cert) => onToken('storeCertificate', ref, [cert]),
    signEcdsa: (ref, ckaId, digest) => onToken('signEcdsa', ref, [ckaId, digest], signTimeoutMs),
    destroyObjects: (ref, ckaId) => onToken('destroyObjects', ref, [ckaId]),
    close: async () => {
      const w = worker;
      if (!w) return;
      // Ask for a clean logout and C_Finalize first; a module that will not let go is killed anyway.
      await call('shutdown', '(all modules)', [], SHUTDOWN_GRACE_MS).catch(() => undefined);
      retire(w, () => new VaultError('TOKEN_ERROR', 'the token process was closed'));
      w.channel.kill();
    },
  };
}
