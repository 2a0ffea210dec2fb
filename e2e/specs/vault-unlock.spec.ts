import { stat } from 'node:fs/promises';
import { expect, test } from '../harness/fixtures';
import { createVaultInUi, lockState, MASTER_PASSPHRASE, navTo, unlockInUi } from '../harness/vault-flow';

/**
 * The vault (issue 7, points 1 and 4), as a person first meets it: create it with a master passphrase through the
 * passphrase step and an unlock time (Argon2id calibrated to it on this machine), see its KDF parameters, lock it from
 * the header, get a clear refusal for a wrong passphrase, and unlock it again.
 */

test('create the vault, lock it from the header, a wrong passphrase is refused clearly, the right one unlocks', async ({ vault }) => {
  test.setTimeout(120_000);
  const page = vault.page;
  await vault.open();

  // No vault yet: the header says so, and the Vault screen starts with the unlock time and why.
  await expect(lockState(page)).toHaveAttribute('data-state', 'none');
  await navTo(page, 'Vault');
  await expect(page.getByRole('heading', { name: 'Vault', level: 1 })).toBeVisible();
  const create = page.getByTestId('vault-create');
  await expect(create.getByRole('radio', { name: '1 s (recommended)' })).toBeChecked();
  await expect(create.getByRole('complementary', { name: 'Why this matters' })).toContainText('Argon2id, using 64 MiB of memory');
  await vault.screenshot('vault-0-create');

  await createVaultInUi(page);
  const kdf = page.getByTestId('vault-kdf');
  await expect(kdf.getByTestId('vault-kdf-memory')).toHaveText(/^(64|[1-9]\d{2,}) MiB$/);
  await expect(kdf.getByTestId('vault-kdf-iterations')).toHaveText(/^\d+$/);
  await expect(kdf.getByTestId('vault-kdf-time')).toContainText('target 250 ms');
  await expect(page.getByTestId('vault-autolock')).toHaveValue('5');
  const status = await page.evaluate(() => window.vault.vault.status({}));
  expect(status.ok && status.value.exists && status.value.unlocked).toBe(true);
  if (status.ok) expect((await stat(status.value.file)).isFile()).toBe(true);
  await page.mouse.move(0, 0);
  await vault.screenshot('vault-1-unlocked');

  // The header's lock button locks from anywhere.
  await navTo(page, 'Keys');
  await lockState(page).getByRole('button', { name: 'Lock the vault' }).click();
  await expect(lockState(page)).toHaveAttribute('data-state', 'locked');
  await expect(page.getByTestId('vault-screen')).toHaveAttribute('data-vault', 'locked');
  await expect(page.getByTestId('vault-locked-reason')).toHaveAttribute('data-reason', 'manual');

  // A wrong passphrase: its own clear error, the field cleared, still locked.
  await unlockInUi(page, 'not the master passphrase');
  const error = page.getByTestId('vault-unlock-error');
  await expect(error).toHaveAttribute('data-error-code', 'VAULT_WRONG_PASSPHRASE');
  await expect(error).toContainText('That is not the vault passphrase');
  await expect(page.getByTestId('vault-unlock').getByLabel('Master passphrase', { exact: true })).toHaveValue('');
  await expect(lockState(page)).toHaveAttribute('data-state', 'locked');
  await vault.screenshot('vault-2-wrong-passphrase');

  await unlockInUi(page, MASTER_PASSPHRASE);
  await expect(page.getByTestId('vault-screen')).toHaveAttribute('data-vault', 'unlocked');
  await expect(lockState(page)).toHaveAttribute('data-state', 'unlocked');
  expect(vault.core.calls.filter((c) => c.channel === 'vault:vault.unlock').map((c) => c.code ?? 'ok')).toEqual(['VAULT_WRONG_PASSPHRASE', 'ok']);

  // Re-calibrate to another unlock time: it asks for the master passphrase, and the KDF is measured again.
  await page.getByRole('button', { name: 'Re-calibrate…' }).click();
  const recalibrate = page.getByTestId('vault-recalibrate');
  await recalibrate.getByLabel('Unlock time').selectOption('0.5');
  await recalibrate.getByLabel('Master passphrase', { exact: true }).fill(MASTER_PASSPHRASE);
  await recalibrate.getByRole('button', { name: 'Re-calibrate' }).click();
  await expect(kdf.getByTestId('vault-kdf-time')).toContainText('target 500 ms', { timeout: 60_000 });
  await expect(recalibrate).toBeHidden();

  // The new parameters open the vault: lock, then unlock with the same passphrase.
  await lockState(page).getByRole('button', { name: 'Lock the vault' }).click();
  await unlockInUi(page, MASTER_PASSPHRASE);
  await expect(lockState(page)).toHaveAttribute('data-state', 'unlocked');
});
