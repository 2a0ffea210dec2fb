import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** axe-core on the page as it is: the serious and critical violations, each with its rule, help and first nodes. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.mouse.move(0, 0);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** The same check in light and in dark mode (the app follows prefers-color-scheme); leaves the page light. */
export async function violationsLightAndDark(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
    found.push(...(await seriousViolations(page)).map((v) => `${scheme}: ${v}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}
