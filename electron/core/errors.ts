import type { ErrorCode } from '../../shared/error-codes';
import { noSpaceOn } from './fs/device-of';

/** The one error type core throws on purpose; its code and message cross IPC, its stack never does. */
export class VaultError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

/**
 * Also by name and code: the CLI's command bundles each carry their own copy of this class (scripts/cli-chunks.mjs),
 * and an error thrown in one is caught in another.
 */
export const isVaultError = (e: unknown): e is VaultError =>
  e instanceof VaultError || (e instanceof Error && e.name === 'VaultError' && typeof (e as { code?: unknown }).code === 'string');

/** Turns a Node I/O error into a VaultError that names the file and says what went wrong. */
export function ioError(what: string, path: string, e: unknown): VaultError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'does not exist',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'the disk is full',
    EROFS: 'the file system is read-only',
    EEXIST: 'already exists',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'is a folder',
    EIO: 'input/output error (the device may have been removed)',
  };
  // A full disk names the device and says the file was left as it was (writes go through temporary files).
  if (code === 'ENOSPC') return new VaultError('IO_ERROR', `${what} ${path}: ${noSpaceOn(path)}; ${path} was left as it was, nothing was half-written`);
  const reason = (code && reasons[code]) ?? (e instanceof Error ? e.message : String(e));
  return new VaultError(code === 'EEXIST' ? 'ALREADY_EXISTS' : code === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR', `${what} ${path}: ${reason}`);
}
