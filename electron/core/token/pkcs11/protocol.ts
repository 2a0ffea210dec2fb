/**
 * The messages between the app and the token process. Requests carry an id so several can be in flight; the worker
 * answers each exactly once. Buffers travel as plain Uint8Array (Electron's utility process uses structured clone,
 * which drops Buffer's prototype) and are rewrapped as Buffer on arrival, on both sides.
 */

export const OPS = [
  'probe',
  'objects',
  'isLoggedIn',
  'login',
  'logout',
  'importEcPrivateKey',
  'generateEcKeyPair',
  'storeCertificate',
  'signEcdsa',
  'destroyObjects',
  'shutdown',
] as const;

export type Op = (typeof OPS)[number];

export interface WorkerRequest {
  id: number;
  op: Op;
  args: unknown[];
}

/** The first message of every token process: requests sent before it are held back, so their timeouts do not
 *  include the process start (slow under tsx or on a busy machine). */
export const READY = { ready: true } as const;

export const isReady = (m: unknown): boolean => typeof m === 'object' && m !== null && (m as { ready?: unknown }).ready === true;

export type WorkerResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; code: string; message: string };

/** Buffers → Uint8Array, deeply (plain objects and arrays only: that is all the protocol carries). */
export function toWire(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.length));
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}

/** Uint8Array → Buffer, deeply. */
export function fromWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length);
  if (Array.isArray(value)) return value.map(fromWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

export const isOp = (op: unknown): op is Op => typeof op === 'string' && (OPS as readonly string[]).includes(op);

export function isResponse(m: unknown): m is WorkerResponse {
  return typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'number' && typeof (m as { ok?: unknown }).ok === 'boolean';
}
