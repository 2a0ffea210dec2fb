import { basename } from 'node:path';
import type { BaseWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { Dialogs } from '../core/ports';

export type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

/**
 * Trust folders are hidden (~/.docker/trust, ~/.notary): dialogs show hidden files. Electron 41 deprecated
 * `showHiddenFiles` on Linux (GTK dropped it; Ctrl+H shows them there), so it is asked for on macOS and Windows only.
 */
const HIDDEN = process.platform === 'linux' ? [] : (['showHiddenFiles'] as const);

/**
 * The Dialogs port over Electron's native dialogs. Main, not the renderer, chooses every path (DESIGN.md): the
 * renderer only asks for an action, the user picks in a dialog modal to our window.
 */
export function createElectronDialogs(dialog: DialogApi, getWindow: () => BaseWindow | null): Dialogs {
  const open = (options: OpenDialogOptions) => {
    const window = getWindow();
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  };
  const save = (options: SaveDialogOptions) => {
    const window = getWindow();
    return window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
  };
  return {
    async chooseFolder({ title }) {
      const result = await open({ title, properties: ['openDirectory', 'createDirectory', ...HIDDEN] });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseFilesToOpen({ title }) {
      const result = await open({ title, properties: ['openFile', 'multiSelections', ...HIDDEN] });
      return result.canceled || result.filePaths.length === 0 ? null : [...result.filePaths];
    },
    async chooseFileToSave({ title, defaultName }) {
      // Only a name is suggested; the folder is the user's choice in the dialog.
      const result = await save({
        title,
        defaultPath: basename(defaultName),
        properties: ['createDirectory', 'showOverwriteConfirmation', ...HIDDEN],
      });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
