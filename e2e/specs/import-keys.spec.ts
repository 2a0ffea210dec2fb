import type { Page } from '@playwright/test';
import { NotaryCli, opensslKey } from '../harness/notary';
import { expect, test } from '../harness/fixtures';
import { walkPassphraseStep } from '../harness/passphrase-step';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';

/**
 * Importing: the "user" picks files in the (scripted) native file dialog; the import dialog previews what they
 * hold; the keys land in the trust folder and appear in the list. Checked against notary both ways: the vault gives
 * an imported key the same ID as `notary key import` gives the same file, and a `notary key export` bundle imports.
 */

async function openImport(page: Page) {
  await page.getByTestId('import-keys-button').click();
  const dialog = page.getByRole('dialog', { name: 'Import keys' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('an openssl-made key is imported as a delegation key with a new passphrase, with the ID notary gives it', async ({ vault }) => {
  const page = vault.page;
  const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES });
  const rootId = await notary.generate('root');
  const pem = await opensslKey(await vault.path('incoming', 'releases-ec.pem'), 'ec');
  // What notary makes of the very same file, in a trust dir of its own.
  const reference = new NotaryCli(await vault.dir('reference-trust'), vault.home, NOTARY_PASSPHRASES);
  await reference.importKeys([pem], { role: 'targets/releases' });
  const [expected] = await reference.keyList();

  await vault.open();
  await expect(page.getByTestId('keys-count')).toHaveText('1 key');

  // Cancelling the file dialog changes nothing.
  await page.getByTestId('import-keys-button').click();
  await expect(page.getByRole('dialog', { name: 'Import keys' })).toHaveCount(0);
  expect(vault.dialogs.asked.at(-1)).toMatchObject({ kind: 'open', answer: null });

  vault.dialogs.nextOpenFiles([pem]);
  const dialog = await openImport(page);
  const preview = dialog.getByTestId('import-preview');
  await expect(preview.getByTestId('import-block')).toHaveCount(1);
  await expect(preview).toContainText('releases-ec.pem');
  // An openssl key has no role header: the dialog asks for one before any passphrase step.
  await expect(dialog.getByTestId('import-missing-role')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Next' })).toBeDisabled();
  await dialog.getByLabel('Role (optional)').fill('targets/releases');
  await expect(dialog.getByTestId('import-missing-role')).toHaveCount(0);
  await vault.screenshot('import-1-preview');
  await dialog.getByRole('button', { name: 'Next' }).click();

  // An unencrypted key is encrypted on import: the passphrase step.
  const passphrase = 'release signing passphrase';
  await walkPassphraseStep(dialog, passphrase, 'Import the keys');

  const report = dialog.getByTestId('import-report');
  await expect(report.getByTestId('imported-key')).toHaveCount(1);
  await expect(report.getByTestId('refused-key')).toHaveCount(0);
  await expect(report.getByTestId('imported-key')).toHaveAttribute('data-key-id', expected!.id);
  await vault.screenshot('import-2-report');
  await report.getByRole('button', { name: 'Done' }).click();

  const row = page.getByRole('grid', { name: 'Keys' }).locator(`[data-testid="key-row"][data-key-id="${expected!.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator('.badge').first()).toHaveText('targets/releases');
  await expect(page.getByTestId('keys-count')).toHaveText('2 keys');
  await expect(page.getByTestId('key-detail')).toHaveAttribute('data-key-id', expected!.id);
  await vault.screenshot('import-3-listed');

  // notary lists it identically, and the file is encrypted with the chosen passphrase: notary can re-export it
  // as a bundle only by reading it, and the vault can change its passphrase only by decrypting it.
  const rows = await notary.keyList();
  expect(rows.map((r) => [r.role, r.gun, r.id]).sort()).toEqual(
    [
      ['root', null, rootId],
      ['targets/releases', null, expected!.id],
    ].sort(),
  );
  const changed = await page.evaluate(
    ([trustDirId, id, oldPassphrase]) =>
      window.vault.keys.changePassphrase({ trustDirId, id, oldPassphrase, newPassphrase: 'another passphrase 2' }),
    [await selectedTrustDirId(page), expected!.id, passphrase] as const,
  );
  expect(changed).toMatchObject({ ok: true });

  // The same file again is refused, saying the key is already here; nothing is overwritten.
  vault.dialogs.nextOpenFiles([pem]);
  const again = await openImport(page);
  await again.getByLabel('Role (optional)').fill('targets/releases');
  await again.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(again, passphrase, 'Import the keys');
  const refused = again.getByTestId('import-report').getByTestId('refused-key');
  await expect(refused).toHaveCount(1);
  await expect(again.getByTestId('imported-key')).toHaveCount(0);
  await expect(refused).toContainText(/already/i);
  await vault.screenshot('import-4-duplicate-refused');
  expect(await notary.keyList()).toHaveLength(2);
  expect(vault.pageErrors).toEqual([]);
});

test('a notary export bundle imports with its passphrase and keeps its IDs, roles and GUNs', async ({ vault }) => {
  const page = vault.page;
  // Another machine's trust dir, made by notary, exported as a bundle (encrypted keys with `path` headers).
  const other = new NotaryCli(await vault.dir('other-machine'), vault.home, {
    ...NOTARY_PASSPHRASES,
    delegation: NOTARY_PASSPHRASES.targets,
  });
  await other.importKeys([await opensslKey(await vault.path('ci-ec.pem'), 'ec')], { role: 'targets/ci' });
  await other.importKeys([await opensslKey(await vault.path('bob-ec.pem'), 'ec')], { role: 'bob' });
  const exported = await other.keyList();
  const bundle = await vault.path('bundle.pem');
  await other.run(['key', 'export', '-o', bundle]);

  await vault.dir('docker', 'trust');
  await vault.open();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  // Encrypted inputs ask for the passphrase they were exported with (both share it here). A wrong one writes
  // nothing and keeps the person on the same step, the files still chosen, the field empty and focused to retype.
  vault.dialogs.nextOpenFiles([bundle]);
  await page.getByTestId('empty-state').getByRole('button', { name: 'Import key files' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import keys' });
  await expect(dialog.getByTestId('import-block')).toHaveCount(2);
  await vault.screenshot('import-bundle-1-preview');
  await dialog.getByRole('button', { name: 'Next' }).click();
  const field = dialog.getByLabel('Passphrase of the imported keys');
  await expect(field).toBeFocused();
  await field.fill('wrong passphrase');
  await dialog.getByRole('button', { name: 'Import the keys' }).click();
  await expect(dialog.getByTestId('error-note')).toHaveAttribute('data-error-code', 'WRONG_PASSPHRASE');
  await expect(dialog.getByTestId('error-note')).toContainText('still chosen');
  await expect(field).toHaveValue('');
  await expect(field).toBeFocused();
  await vault.screenshot('import-bundle-2-wrong-passphrase');
  expect(await vault.notary().keyList()).toEqual([]);
  // One message, not one per attempt.
  await field.fill('still wrong');
  await dialog.getByRole('button', { name: 'Import the keys' }).click();
  await expect(field).toHaveValue('');
  await expect(dialog.getByTestId('error-note')).toHaveCount(1);

  await field.fill(NOTARY_PASSPHRASES.targets);
  await dialog.getByRole('button', { name: 'Import the keys' }).click();
  await expect(dialog.getByTestId('imported-key')).toHaveCount(2);
  await expect(dialog.getByTestId('refused-key')).toHaveCount(0);
  // The first screen after an import offers the backup wizard.
  await expect(dialog.getByTestId('back-up-now')).toBeFocused();
  await vault.screenshot('import-bundle-3-report');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const list = page.getByRole('grid', { name: 'Keys' });
  for (const key of exported) {
    const row = list.locator(`[data-testid="key-row"][data-key-id="${key.id}"]`);
    await expect(row).toBeVisible();
    await expect(row.locator('.badge').first()).toHaveText(key.role);
  }
  const mine = await vault.notary().keyList();
  expect(mine.map((r) => [r.role, r.gun, r.id]).sort()).toEqual(exported.map((r) => [r.role, r.gun, r.id]).sort());
  expect(vault.pageErrors).toEqual([]);
});

async function selectedTrustDirId(page: Page): Promise<string> {
  const r = await page.evaluate(() => window.vault.trustDirs.list({}));
  if (!r.ok) throw new Error(r.message);
  return r.value.find((d) => d.selected)!.id;
}
