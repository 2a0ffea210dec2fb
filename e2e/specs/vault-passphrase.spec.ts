import { expect, test } from '../harness/fixtures';
import { walkPassphraseStep } from '../harness/passphrase-step';
import { readPageText, readStore } from '../harness/store-probe';
import { createVaultInUi, lockState, MASTER_PASSPHRASE, unlockInUi } from '../harness/vault-flow';

/**
 * Changing the vault's master passphrase (vault.changePassphrase) as a person does on the unlocked Vault screen: the
 * current passphrase, then the new one through the passphrase step. A wrong current one is refused and changes
 * nothing; after the change the old one no longer unlocks the vault and the new one does. Neither stays in the page
 * or the store.
 */

const NEW_MASTER = 'a new master passphrase for the vault';

test('change the master passphrase: a wrong current one is refused, then the old one no longer unlocks and the new one does', async ({ vault }) => {
  test.setTimeout(120_000);
  const page = vault.page;
  await vault.open();
  await createVaultInUi(page);

  // The unlocked vault offers the change in its "Master passphrase" card.
  const card = page.getByRole('region', { name: 'Master passphrase' });
  await expect(card).toContainText('Unlocks everything in the vault');
  await card.getByRole('button', { name: 'Change master passphrase…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change the master passphrase' });
  await expect(dialog).toBeVisible();
  const current = dialog.getByTestId('vault-passwd-current');

  // A wrong current passphrase: refused by main after the new one is chosen, and back to step 1 with a clear error.
  await current.getByLabel('Current master passphrase', { exact: true }).fill('not the master passphrase');
  await current.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByTestId('vault-passwd-note')).toContainText('same unlock time (250 ms)');
  await walkPassphraseStep(dialog, NEW_MASTER, 'Change the master passphrase');
  const refused = dialog.getByTestId('vault-passwd-error');
  await expect(refused).toHaveAttribute('data-error-code', 'VAULT_WRONG_PASSPHRASE', { timeout: 60_000 });
  await expect(refused).toContainText('Nothing in the vault was changed');
  await expect(dialog.getByTestId('vault-passwd-not-set')).toContainText('The new passphrase you chose was not set');
  await expect(current.getByLabel('Current master passphrase', { exact: true })).toHaveValue('');
  await vault.screenshot('vault-passphrase-0-wrong-current');

  // The right one: the new passphrase is chosen again, and the vault is re-encrypted under it.
  await current.getByLabel('Current master passphrase', { exact: true }).fill(MASTER_PASSPHRASE);
  await current.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByTestId('passphrase-step')).toContainText('Choose the master passphrase');
  await vault.screenshot('vault-passphrase-1-new');
  await walkPassphraseStep(dialog, NEW_MASTER, 'Change the master passphrase');
  const done = dialog.getByTestId('vault-passwd-done');
  await expect(done).toContainText('Master passphrase changed', { timeout: 60_000 });
  await expect(done).toContainText('opens only with the new one');
  await expect(lockState(page)).toHaveAttribute('data-state', 'unlocked');
  await vault.screenshot('vault-passphrase-2-changed');
  expect(vault.core.calls.filter((c) => c.channel === 'vault:vault.changePassphrase').map((c) => c.code ?? 'ok')).toEqual(['VAULT_WRONG_PASSPHRASE', 'ok']);

  // Neither passphrase stays in the page (text and input values) or in the store.
  for (const secret of [MASTER_PASSPHRASE, NEW_MASTER]) {
    expect(await readPageText(page), 'the page text and input values').not.toContain(secret);
    expect(await readStore(page), 'the zustand store').not.toContain(secret);
  }
  await done.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('vault-screen')).toHaveAttribute('data-vault', 'unlocked');
  // Re-encrypting keeps the unlock time it was calibrated to.
  await expect(page.getByTestId('vault-kdf').getByTestId('vault-kdf-time')).toContainText('target 250 ms');

  // Lock: the old passphrase is refused, the new one unlocks.
  await lockState(page).getByRole('button', { name: 'Lock the vault' }).click();
  await expect(page.getByTestId('vault-screen')).toHaveAttribute('data-vault', 'locked');
  await unlockInUi(page, MASTER_PASSPHRASE);
  const error = page.getByTestId('vault-unlock-error');
  await expect(error).toHaveAttribute('data-error-code', 'VAULT_WRONG_PASSPHRASE');
  await expect(lockState(page)).toHaveAttribute('data-state', 'locked');
  await unlockInUi(page, NEW_MASTER);
  await expect(page.getByTestId('vault-screen')).toHaveAttribute('data-vault', 'unlocked');
  await expect(lockState(page)).toHaveAttribute('data-state', 'unlocked');
  expect(vault.core.calls.filter((c) => c.channel === 'vault:vault.unlock').map((c) => c.code ?? 'ok')).toEqual(['VAULT_WRONG_PASSPHRASE', 'ok']);
  await page.mouse.move(0, 0);
  await vault.screenshot('vault-passphrase-3-unlocked-with-new');

  // The audit log has one entry per attempt.
  const audit = await page.evaluate(() => window.vault.audit.list({ actions: ['vault.master-passphrase-changed'] }));
  expect(audit.ok && audit.value.map((e) => [e.result, e.error])).toEqual([
    ['failed', 'VAULT_WRONG_PASSPHRASE'],
    ['ok', null],
  ]);
});
