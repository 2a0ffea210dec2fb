import type { Page } from '@playwright/test';
import type { Vault } from './fixtures';

/**
 * Screenshots in the sizes and themes the app must look right in: the window's minimum size (800x560, from
 * electron/shell/window-options.ts) and 1280x800, each in light and dark (prefers-color-scheme, which the app follows
 * unless the person chose). Leaves the page at 1280x800 light.
 */
export const MIN_WINDOW = { width: 800, height: 560 };
export const WIDE_WINDOW = { width: 1280, height: 800 };

export async function setLook(page: Page, size: { width: number; height: number }, scheme: 'light' | 'dark'): Promise<void> {
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: scheme });
  await page.mouse.move(0, 0);
}

export async function screenshotLooks(vault: Vault, name: string): Promise<void> {
  for (const [size, sizeName] of [
    [WIDE_WINDOW, '1280'],
    [MIN_WINDOW, 'min'],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await setLook(vault.page, size, scheme);
      await vault.page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
      await vault.screenshot(`${name}-${sizeName}-${scheme}`);
    }
  }
  await setLook(vault.page, WIDE_WINDOW, 'light');
}
