import type { Clipboard as ElectronClipboard, ClipboardItem as ElectronClipboardItem } from 'electron';
import type { Clipboard } from '../core/ports';

export type ClipboardApi = Pick<ElectronClipboard, 'writeText' | 'readText' | 'clear'> & Partial<Pick<ElectronClipboard, 'write'>>;
export type ClipboardItemClass = new (items: Record<string, string | Blob>) => ElectronClipboardItem;

/** A raw platform format through Electron 45's clipboard.write (docs: clipboard.has, "electron application/osclipboard"). */
const os = (format: string) => `electron application/osclipboard;format="${format}"`;
/** A Windows DWORD 0: "no" for CanIncludeInClipboardHistory and CanUploadToCloudClipboard. */
const dwordZero = () => new Blob([new Uint8Array(4)]);

/**
 * The formats that ask clipboard managers not to keep a copied passphrase (issue 12, point 6), beside the text:
 * Windows' clipboard history and cloud clipboard (ExcludeClipboardContentFromMonitorProcessing,
 * CanIncludeInClipboardHistory = 0, CanUploadToCloudClipboard = 0), macOS's concealed type that clipboard managers
 * honour (org.nspasteboard.ConcealedType), and KDE Klipper's password hint (x-kde-passwordManagerHint = secret).
 * GNOME has no such convention; there the 30-second clearing is the protection.
 */
export function secretClipboardFormats(text: string, platform: string): Record<string, string | Blob> {
  const formats: Record<string, string | Blob> = { 'text/plain': text };
  if (platform === 'win32') {
    formats[os('ExcludeClipboardContentFromMonitorProcessing')] = dwordZero();
    formats[os('CanIncludeInClipboardHistory')] = dwordZero();
    formats[os('CanUploadToCloudClipboard')] = dwordZero();
  } else if (platform === 'darwin') {
    formats[os('org.nspasteboard.ConcealedType')] = text;
  } else {
    formats[os('x-kde-passwordManagerHint')] = 'secret';
  }
  return formats;
}

/**
 * The Clipboard port over Electron's system clipboard (core decides when to clear it). With `ClipboardItem` (main
 * passes Electron's), secrets go out with the hints above in one atomic write; if the platform refuses a format,
 * the plain text is written instead so copying still works.
 */
export function createElectronClipboard(clipboard: ClipboardApi, options: { ClipboardItem?: ClipboardItemClass; platform?: string } = {}): Clipboard {
  const Item = options.ClipboardItem;
  const platform = options.platform ?? process.platform;
  return {
    writeText: (text) => clipboard.writeText(text),
    readText: () => clipboard.readText(),
    clear: () => clipboard.clear(),
    ...(Item && clipboard.write
      ? {
          writeSecret: async (text: string) => {
            try {
              await clipboard.write!([new Item(secretClipboardFormats(text, platform))]);
            } catch {
              await clipboard.writeText(text);
            }
          },
        }
      : {}),
  };
}
