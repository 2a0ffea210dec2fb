import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test, type Vault } from '../harness/fixtures';
import { startNotaryServer } from '../harness/notary';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';

/**
 * Signer management (issue 6, point 2) against a real notary-server on loopback, on a repository the real notary CLI
 * made: signers added from `.pub` files made by `notary key generate` land in targets/releases and targets/<name>
 * (as `notary delegation list` agrees), one is removed plainly, and removing the last one asks for its name typed
 * and says what consumers that require signers will see.
 */

const GUN = 'example.com/acme/signed';

/** A signer's public key as `notary key generate --output` writes it (NAME.pem), saved as NAME.pub. */
async function signerPub(vault: Vault, name: string): Promise<string> {
  const prefix = await vault.path('work', 'signers', name);
  // A delegation role, so notary encrypts the private half with the delegation passphrase it is given.
  await vault.notary({ passphrases: NOTARY_PASSPHRASES }).run(['key', 'generate', 'ecdsa', '--role', `targets/${name}`, '--output', prefix]);
  const pub = `${prefix}.pub`;
  await copyFile(`${prefix}.pem`, pub);
  return pub;
}

async function addSigner(vault: Vault, page: Page, publisher: Locator, pub: string, name: string) {
  vault.dialogs.nextOpenFiles([pub]);
  await publisher.getByRole('button', { name: 'Add a signer…' }).click();
  const dialog = page.getByTestId('add-signer-dialog');
  await expect(dialog.getByLabel('Signer name')).toHaveValue(name);
  await expect(dialog.getByTestId('signer-choice-key-id')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(dialog.getByTestId('publish-changes')).toContainText(`targets/${name}`);
  await dialog.getByLabel('Passphrase of the targets key', { exact: true }).fill(NOTARY_PASSPHRASES.targets);
  await dialog.getByLabel('Passphrase of the snapshot key', { exact: true }).fill(NOTARY_PASSPHRASES.snapshot);
  await dialog.getByRole('button', { name: 'Add signer' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  const row = publisher.locator(`[data-testid="signer"][data-signer="${name}"]`);
  await expect(row).toHaveAttribute('data-in-releases', 'true');
  await expect(row).toContainText(`targets/${name}`);
  await expect(row).toContainText('targets/releases');
}

test('signers: added from .pub files into targets/releases and targets/<name>, removed, and the last one only with its name typed', async ({ vault }) => {
  test.setTimeout(180_000);
  const work = await vault.dir('work');
  const server = await startNotaryServer(join(work, 'server'));
  try {
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.initWithTag(GUN, work);
    const alicePub = await signerPub(vault, 'alice');
    const bobPub = await signerPub(vault, 'bob');

    await vault.open();
    const page = vault.page;
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Repositories' }).click();
    await page.getByRole('button', { name: `Open ${GUN}` }).click();
    const view = page.getByTestId('repo-view');
    const check = view.getByTestId('server-check');
    await check.getByLabel('Notary server address').fill(server.url);
    await check.getByRole('button', { name: 'Check against the server' }).click();
    await expect(check.getByTestId('server-check-result')).toHaveAttribute('data-verdict', 'trusted');

    const publisher = view.getByTestId('publisher');
    // The check remembered the server: the signers are read from it.
    await expect(publisher.getByTestId('signers-empty')).toBeVisible();

    await addSigner(vault, page, publisher, alicePub, 'alice');
    await addSigner(vault, page, publisher, bobPub, 'bob');
    const delegations = await notary.run(['delegation', 'list', GUN]);
    expect(delegations).toContain('targets/releases');
    expect(delegations).toContain('targets/alice');
    expect(delegations).toContain('targets/bob');
    await page.setViewportSize({ width: 1280, height: 1000 });
    const dismiss = page.getByRole('button', { name: 'Dismiss notice' });
    while ((await dismiss.count()) > 0) await dismiss.first().click();
    await publisher.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await vault.screenshot('signers');

    // Not the last signer: no typed confirmation.
    await publisher.getByRole('button', { name: 'Remove signer bob' }).click();
    let dialog = page.getByTestId('remove-signer-dialog');
    await expect(dialog.getByTestId('last-signer-warning')).toHaveCount(0);
    await expect(dialog.getByTestId('remove-signer-confirmation')).toHaveCount(0);
    await dialog.getByLabel('Passphrase of the targets key', { exact: true }).fill(NOTARY_PASSPHRASES.targets);
    await dialog.getByLabel('Passphrase of the snapshot key', { exact: true }).fill(NOTARY_PASSPHRASES.snapshot);
    await dialog.getByRole('button', { name: 'Remove signer' }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    await expect(publisher.locator('[data-testid="signer"][data-signer="bob"]')).toHaveCount(0);
    await expect(publisher.locator('[data-testid="signer"][data-signer="alice"]')).toBeVisible();

    // The last signer: the warning, and its name typed.
    while ((await dismiss.count()) > 0) await dismiss.first().click();
    await publisher.getByRole('button', { name: 'Remove signer alice' }).click();
    dialog = page.getByTestId('remove-signer-dialog');
    await expect(dialog.getByTestId('last-signer-warning')).toContainText('consumers that require signers');
    await dialog.getByLabel('Passphrase of the targets key', { exact: true }).fill(NOTARY_PASSPHRASES.targets);
    await dialog.getByLabel('Passphrase of the snapshot key', { exact: true }).fill(NOTARY_PASSPHRASES.snapshot);
    const remove = dialog.getByRole('button', { name: 'Remove signer' });
    await expect(remove).toBeDisabled();
    await dialog.getByTestId('remove-signer-confirmation').fill('Alice');
    await expect(remove).toBeDisabled();
    await dialog.getByTestId('remove-signer-confirmation').fill('alice');
    await page.mouse.move(0, 0);
    await vault.screenshot('signers-remove-last');
    await remove.click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    await expect(publisher.getByTestId('signers-empty')).toBeVisible();
    const after = await notary.run(['delegation', 'list', GUN]);
    expect(after).not.toContain('targets/alice');
    expect(after).not.toContain('targets/bob');

    // Rotation per role says what it changes before anything is sent (cancelled here: the recovery spec rotates).
    await publisher.getByRole('button', { name: 'Rotate snapshot…' }).click();
    const rotate = page.getByTestId('rotate-dialog');
    await expect(rotate.getByTestId('publish-changes')).toContainText('a new snapshot key made here');
    await expect(rotate.getByLabel('Passphrase for the new snapshot key', { exact: true })).toBeVisible();
    await rotate.getByLabel('Let the notary server hold the new snapshot key').check();
    await expect(rotate.getByTestId('publish-changes')).toContainText('The server makes a new snapshot key');
    await expect(rotate.getByLabel('Passphrase for the new snapshot key', { exact: true })).toHaveCount(0);
    await expect(rotate.getByLabel('Passphrase of the root key', { exact: true })).toBeVisible();
    await rotate.getByRole('button', { name: 'Cancel' }).click();
    await expect(rotate).toBeHidden();
  } finally {
    await server.stop();
  }
});
