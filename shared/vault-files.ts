import type { ImportSelection } from './dto/keys';
import type { Result } from './result';
import { channelOf } from './contract';

/**
 * window.vaultFiles: files dropped on the window become an import preview. The preload turns each dropped File into
 * its path with Electron's webUtils.getPathForFile and sends the paths straight to keys.previewFiles, so the page
 * never sees a path and can only ever ask main to *read* files for an import (nothing here writes). The e2e harness
 * builds the same object with a stand-in for getPathForFile. Generic over the file type: shared/ has no DOM types.
 */
export interface VaultFilesApi<F = unknown> {
  previewDropped(files: readonly F[]): Promise<Result<ImportSelection>>;
}

export function makeVaultFiles<F>(pathOf: (file: F) => string, invoke: (channel: string, args: unknown) => Promise<unknown>): VaultFilesApi<F> {
  return Object.freeze({
    async previewDropped(files: readonly F[]): Promise<Result<ImportSelection>> {
      // A File made by the page (not from disk) has no path: it is left out, not guessed.
      const paths = [...files].slice(0, 100).map((f) => pathOf(f)).filter((p) => typeof p === 'string' && p.length > 0);
      if (paths.length === 0) return { ok: false, code: 'INVALID_ARGUMENT', message: 'Only files from disk can be dropped here' };
      return (await invoke(channelOf('keys', 'previewFiles'), { paths })) as Result<ImportSelection>;
    },
  });
}
