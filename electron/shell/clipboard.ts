import type { Clipboard as ElectronClipboard } from 'electron';
import type { Clipboard } from '../core/ports';

export type ClipboardApi = Pick<ElectronClipboard, 'writeText' | 'readText' | 'clear'>;

/** The Clipboard port over Electron's system clipboard (core decides when to clear it). */
export function createElectronClipboard(clipboard: ClipboardApi): Clipboard {
  return {
    writeText: (text) => clipboard.writeText(text),
    readText: () => clipboard.readText(),
    clear: () => clipboard.clear(),
  };
}
