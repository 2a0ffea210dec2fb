import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { walkPassphraseStep } from './passphrase-step';

/** The master passphrase the vault specs create the vault with. */
export const MASTER_PASSPHRASE = 'vault master horse battery staple';

export const navTo = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name }).click();

/** The header's vault control: data-state none | locked | unlocked. */
export const lockState = (page: Page) => page.getByTestId('vault-lock-state');

/**
 * Creates the vault as a person does on the Vault screen: the shortest unlock time offered (0.25 s, so the spec stays
 * fast: core calibrates Argon2id to it), then the passphrase step. Ends unlocked.
 */
export async function createVaultInUi(page: Page, passphrase = MASTER_PASSPHRASE): Promise<void> {
  await navTo(page, 'Vault');
  const create = page.getByTestId('vault-create');
  await expect(create).toBeVisible();
  await create.getByRole('radio', { name: /^0\.25 s/ }).check();
  await create.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(create, passphrase, 'Create the vault');
  // Creating measures this machine first (Argon2id at 64 MiB, several runs): slow when the machine is busy.
  await expect(page.getByTestId('vault-screen')).toHaveAttribute('data-vault', 'unlocked', { timeout: 60_000 });
  await expect(lockState(page)).toHaveAttribute('data-state', 'unlocked');
}

/** Types the master passphrase into the unlock form and waits for the answer. */
export async function unlockInUi(page: Page, passphrase = MASTER_PASSPHRASE): Promise<void> {
  const form = page.getByTestId('vault-unlock');
  await form.getByLabel('Master passphrase', { exact: true }).fill(passphrase);
  await form.getByRole('button', { name: 'Unlock' }).click();
}
