import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Opens a repository's page from the Repositories screen and remembers its notary server the way a person does:
 * the address typed into "Check against the server", the check answered "trusted". Returns the page's view.
 */
export async function openRepoWithServer(page: Page, gun: string, serverUrl: string): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Repositories' }).click();
  await page.getByRole('button', { name: `Open ${gun}` }).click();
  const view = page.getByTestId('repo-view');
  const check = view.getByTestId('server-check');
  await check.getByLabel('Notary server address').fill(serverUrl);
  await check.getByRole('button', { name: 'Check against the server' }).click();
  await expect(check.getByTestId('server-check-result')).toHaveAttribute('data-verdict', 'trusted');
  return view;
}
