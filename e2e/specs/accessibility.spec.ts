import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import { E2E_GUN, makeNotaryTrustDir } from '../harness/trust-dirs';

/**
 * Accessibility checked, not assumed: axe-core on every screen (and the generate dialog, the backup wizard's tabs,
 * a repository's page), in light and in dark mode, over a trust folder notary made and published. No serious or
 * critical violation may remain.
 */

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`).join('\n  ')}`);
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name, exact: true });

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen passes axe without serious or critical violations (${scheme})`, async ({ vault }) => {
    test.setTimeout(120_000);
    await makeNotaryTrustDir({ trustDir: vault.trustDir, home: vault.home, work: await vault.dir('work') });
    const page = vault.page;
    await page.emulateMedia({ colorScheme: scheme });
    await vault.open();
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    const found: Record<string, string[]> = {};
    const check = async (name: string) => {
      await page.mouse.move(0, 0);
      found[name] = await seriousViolations(page);
    };

    await expect(page.getByTestId('key-row').first()).toBeVisible();
    await page.getByTestId('key-row').first().click();
    await check('keys');
    await page.getByTestId('generate-key-button').click();
    await expect(page.getByRole('dialog', { name: 'Generate a key' })).toBeVisible();
    await check('generate dialog');
    await page.keyboard.press('Escape');

    await nav(page, 'Repositories').click();
    await expect(page.getByRole('heading', { name: 'Repositories', level: 1 })).toBeVisible();
    await expect(page.getByText(E2E_GUN).first()).toBeVisible();
    await check('repositories');
    await page.getByText(E2E_GUN).first().click();
    await expect(page.getByTestId('publisher')).toBeVisible();
    await check('repository');

    await nav(page, 'Backups').click();
    for (const tab of ['Coverage', 'Back up keys', 'Verify a backup', 'Restore']) {
      await page.getByRole('tab', { name: tab }).click();
      await check(`backups: ${tab}`);
    }
    await nav(page, 'Tokens').click();
    await expect(page.getByRole('heading', { name: 'Tokens', level: 1 })).toBeVisible();
    await check('tokens');
    await nav(page, 'Vault').click();
    await expect(page.getByRole('heading', { name: 'Vault', level: 1 })).toBeVisible();
    await check('vault');
    await nav(page, 'Audit').click();
    await expect(page.getByRole('heading', { name: 'Audit', level: 1 })).toBeVisible();
    await check('audit');
    await page.getByRole('link', { name: 'About and settings' }).click();
    await check('about');

    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual({});
  });
}
