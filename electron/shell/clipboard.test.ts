import { describe, expect, it, vi } from 'vitest';
import { createElectronClipboard } from './clipboard';

describe('the Clipboard port over electron.clipboard', () => {
  it('writes, reads and clears the system clipboard', async () => {
    let content = '';
    const electronClipboard = {
      writeText: vi.fn(async (text: string) => void (content = text)),
      readText: vi.fn(async () => content),
      clear: vi.fn(() => void (content = '')),
    };
    const clipboard = createElectronClipboard(electronClipboard);
    await clipboard.writeText('correct horse battery staple');
    expect(electronClipboard.writeText).toHaveBeenCalledWith('correct horse battery staple');
    expect(await clipboard.readText()).toBe('correct horse battery staple');
    clipboard.clear();
    expect(electronClipboard.clear).toHaveBeenCalledTimes(1);
    expect(await clipboard.readText()).toBe('');
  });
});

describe('copied secrets carry the platform hints (issue 12, point 6)', () => {
  class FakeItem {
    constructor(readonly items: Record<string, string | Blob>) {}
  }
  const osFormat = (f: string) => `electron application/osclipboard;format="${f}"`;

  it('Windows: excluded from clipboard history and cloud clipboard; macOS: concealed; KDE: the password hint', async () => {
    for (const [platform, expected] of [
      ['win32', [osFormat('ExcludeClipboardContentFromMonitorProcessing'), osFormat('CanIncludeInClipboardHistory'), osFormat('CanUploadToCloudClipboard')]],
      ['darwin', [osFormat('org.nspasteboard.ConcealedType')]],
      ['linux', [osFormat('x-kde-passwordManagerHint')]],
    ] as const) {
      const written: FakeItem[][] = [];
      const port = createElectronClipboard(
        { writeText: vi.fn(async () => undefined), readText: vi.fn(async () => ''), clear: vi.fn(), write: vi.fn(async (items) => void written.push(items as unknown as FakeItem[])) },
        { ClipboardItem: FakeItem as never, platform },
      );
      await port.writeSecret!('s3cret words');
      const item = written[0]![0]!.items;
      expect(Object.keys(item).sort()).toEqual(['text/plain', ...expected].sort());
      expect(item['text/plain']).toBe('s3cret words');
      if (platform === 'win32') expect(new Uint8Array(await (item[osFormat('CanIncludeInClipboardHistory')] as Blob).arrayBuffer())).toEqual(new Uint8Array(4));
      if (platform === 'linux') expect(item[osFormat('x-kde-passwordManagerHint')]).toBe('secret');
    }
  });

  it('falls back to plain text when the platform refuses a format', async () => {
    const writeText = vi.fn(async () => undefined);
    const port = createElectronClipboard({ writeText, readText: vi.fn(async () => ''), clear: vi.fn(), write: vi.fn(async () => Promise.reject(new Error('format refused'))) }, { ClipboardItem: FakeItem as never, platform: 'linux' });
    await port.writeSecret!('s3cret');
    expect(writeText).toHaveBeenCalledWith('s3cret');
  });
});
