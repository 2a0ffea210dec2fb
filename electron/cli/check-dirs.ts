import { statSync } from 'node:fs';
import { VaultError } from '../core/errors';
import type { CliContext } from './context';

/**
 * `--trust-dir` and `--data-dir` name folders: one that names a file (or anything else that is not a folder) is
 * an error that says so, before a command reads it as an empty trust dir or fails later with a confusing ENOTDIR.
 * A folder that does not exist yet is fine: commands that write create it.
 */
export function checkDirOptions(ctx: CliContext): void {
  for (const [option, path] of [['--trust-dir', ctx.trustDir], ['--data-dir', ctx.dataDir]] as const) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      if (code === 'ENOTDIR') throw new VaultError('INVALID_ARGUMENT', `${option} ${path}: a part of the path is a file, not a folder`);
      throw new VaultError('IO_ERROR', `${option} ${path}: ${(e as Error).message}`);
    }
    if (!isDir) throw new VaultError('INVALID_ARGUMENT', `${option} ${path} is a file, not a folder`);
  }
}
