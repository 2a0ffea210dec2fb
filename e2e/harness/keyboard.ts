import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Keyboard-only walking: Tab (or Shift+Tab) until the wanted control has focus, as a person does, then the key that
 * acts on it. Fails if the control is not reached within `max` presses, so a control that Tab skips fails the spec.
 */
export async function tabTo(page: Page, target: Locator, options: { max?: number; back?: boolean } = {}): Promise<void> {
  await expect(target).toBeVisible();
  const max = options.max ?? 80;
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160) ?? 'nothing');
  throw new Error(`Tab did not reach ${target.toString()} in ${max} presses (focus is on ${focused})`);
}

/** Tab to a button (or link) and press Enter. */
export async function press(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key);
}
