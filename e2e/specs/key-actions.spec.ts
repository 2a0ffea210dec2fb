import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NotaryCli, startNotaryServer } from '../harness/notary';
import { expect, test } from '../harness/fixtures';
import { walkPassphraseStep } from '../harness/passphrase-step';
import { E2E_GUN, NOTARY_PASSPHRASES, makeNotaryTrustDir } from '../harness/trust-dirs';

/**
 * The actions on one key, each checked against notary: export a bundle (to the path the "user" picks in the save
 * dialog) that `notary key import` accepts; change the root passphrase, after which notary signs with the new one;
 * remove a key after reading what will be lost and typing the confirmation.
 */

test('export a bundle notary imports, change the root passphrase notary then uses, remove a key with confirmation', async ({ vault }) => {
  const made = await makeNotaryTrustDir({ trustDir: vault.trustDir, home: vault.home, work: await vault.dir('work'), withServer: false });
  const root = made.rows.find((r) => r.role === 'root')!;
  const releases = made.rows.find((r) => r.role === 'targets/releases')!;
  const page = vault.page;
  await vault.open();
  const list = page.getByRole('grid', { name: 'Keys' });
  const rowOf = (id: string) => list.locator(`[data-testid="key-row"][data-key-id="${id}"]`);
  const detail = page.getByTestId('key-detail');

  // Export: the save dialog chooses the path; notary imports the bundle into another trust dir with the same ID.
  await rowOf(releases.id).click();
  const bundle = await vault.path('usb', 'releases-bundle.pem');
  vault.dialogs.nextSave(bundle);
  await detail.getByRole('button', { name: 'Export bundle…' }).click();
  await expect(page.getByTestId('notice').filter({ hasText: bundle })).toBeVisible();
  await vault.screenshot('actions-1-exported');
  expect(await readFile(bundle, 'utf8')).toContain(`path: ${releases.id}`);
  expect((await stat(bundle)).mode & 0o077).toBe(0);
  const elsewhere = new NotaryCli(await vault.dir('other-machine'), vault.home, NOTARY_PASSPHRASES);
  await elsewhere.importKeys([bundle]);
  expect(await elsewhere.keyList()).toEqual([expect.objectContaining({ id: releases.id, role: 'targets/releases', gun: null })]);

  // Change the root passphrase through the passphrase step.
  const newRootPassphrase = 'a brand new root passphrase';
  await rowOf(root.id).click();
  await detail.getByRole('button', { name: 'Change passphrase…' }).click();
  const change = page.getByRole('dialog', { name: 'Change passphrase' });
  await change.getByLabel('Current passphrase').fill(NOTARY_PASSPHRASES.root);
  await change.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(change, newRootPassphrase, 'Change the passphrase');
  await expect(change.getByTestId('change-passphrase-done')).toBeVisible();
  await vault.screenshot('actions-2-passphrase-changed');
  await change.getByTestId('change-passphrase-done').getByRole('button', { name: 'Done' }).click();
  await expect(change).toBeHidden();

  // notary signs with the new passphrase: init + publish a repository with this root key on a loopback server.
  const server = await startNotaryServer(await vault.dir('server'));
  try {
    const online = vault.notary({ passphrases: { ...NOTARY_PASSPHRASES, root: newRootPassphrase }, server: server.url });
    expect(await online.run(['init', E2E_GUN, '--publish'])).toContain(`Root key found, using: ${root.id}`);
  } finally {
    await server.stop();
  }
  // The old passphrase no longer opens it.
  const trustDirId = await page.evaluate(async () => {
    const r = await window.vault.trustDirs.list({});
    return r.ok ? r.value.find((d) => d.selected)!.id : '';
  });
  const withOld = await page.evaluate(
    ([dirId, id, old]) => window.vault.keys.changePassphrase({ trustDirId: dirId, id, oldPassphrase: old, newPassphrase: 'whatever passphrase' }),
    [trustDirId, root.id, NOTARY_PASSPHRASES.root] as const,
  );
  expect(withOld).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' });

  // Remove the delegation key: what will be lost, then the typed confirmation; a wrong text cannot remove.
  await page.reload();
  await rowOf(releases.id).click();
  await detail.getByRole('button', { name: 'Remove key…' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove key' });
  await expect(remove.getByTestId('removal-consequence')).toContainText(releases.id);
  const confirmText = (await remove.locator('.confirm-text').textContent())!.trim();
  const removeButton = remove.getByRole('button', { name: 'Remove key' });
  await remove.getByTestId('remove-confirmation').fill('not it');
  await expect(removeButton).toBeDisabled();
  await remove.getByTestId('remove-confirmation').fill(confirmText);
  const onlyCopy = remove.getByRole('checkbox', { name: 'I understand this is the only copy' });
  if (await onlyCopy.count()) {
    await expect(removeButton).toBeDisabled();
    await onlyCopy.check();
  }
  await vault.screenshot('actions-3-remove-confirm');
  await removeButton.click();
  await expect(rowOf(releases.id)).toHaveCount(0);
  await vault.screenshot('actions-4-removed');

  const after = await made.notary.keyList();
  expect(after.map((r) => r.id)).not.toContain(releases.id);
  expect(after.map((r) => r.id)).toContain(root.id);
  await expect(stat(join(vault.trustDir, 'private', `${releases.id}.key`))).rejects.toThrow();
  expect(vault.pageErrors).toEqual([]);
});
