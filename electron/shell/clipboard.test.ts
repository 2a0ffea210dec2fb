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
