import { findLooseFolders, looseFolderWarnings, tightenFolders } from '../core/fs/loose-folders';
import type { CliContext } from './context';

/**
 * Issue 12, point 8, for `keys list` and `vault status`: with --tighten, sets the flagged folders to 0700 first and
 * says so; then warns on stderr about every folder still flagged. Never changes a mode unasked.
 */
export function warnLooseFolders(ctx: CliContext): void {
  const set = { trustDir: ctx.trustDir, dataDir: ctx.dataDir };
  if (ctx.args.values.tighten) {
    const { tightened } = tightenFolders(set);
    for (const path of tightened) ctx.stderr(`trust-vault: tightened ${path} to 0700\n`);
  }
  ctx.stderr(looseFolderWarnings(findLooseFolders(set)));
}
