import type { ErrorCode } from './error-codes';

/** Every operation answers with this; no stack or exception object crosses the IPC boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

export const success = <T>(value: T): Result<T> => ({ ok: true, value });
export const failure = <T = never>(code: ErrorCode, message: string): Result<T> => ({ ok: false, code, message });
