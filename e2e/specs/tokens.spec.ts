import { type Page } from '@playwright/test';
import { expect, test, type Vault } from '../harness/fixtures';
import { walkPassphraseStep } from '../harness/passphrase-step';
import { privateSoftHsm, SOFTHSM2_MODULE, type SoftHsmToken } from '../harness/softhsm';

/**
 * Hardware tokens with a real PKCS#11 token: a private SoftHSM2 in the test's temporary folder, reached through the
 * token process exactly as a YubiKey would be. The Tokens screen lists it, takes its PIN (a wrong one shows the
 * token's own error), puts a root key on it both ways, and explains why a module was not found.
 */

const TOKEN = { label: 'E2E Token', pin: '246810', soPin: '97531086' };

async function openTokens(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Tokens' }).click();
  await expect(page.getByRole('heading', { name: 'Tokens', level: 1 })).toBeVisible();
}

const tokenCard = (page: Page, label: string) => page.getByRole('article', { name: label });

/** Unlocks the token through the PIN dialog (opened by whatever button the spec pressed). */
async function enterPin(page: Page, token: SoftHsmToken): Promise<void> {
  const dialog = page.getByRole('dialog', { name: `Unlock ${token.label}` });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Token PIN').fill(token.pin);
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(dialog).toBeHidden();
}

async function withToken(vault: Vault): Promise<SoftHsmToken> {
  const hsm = await privateSoftHsm(vault);
  return hsm.initToken(TOKEN);
}

test('the Tokens screen lists the SoftHSM2 token; a wrong PIN shows the token’s error, the right one unlocks it', async ({ vault }) => {
  const token = await withToken(vault);
  const page = vault.page;
  await vault.open();
  await openTokens(page);

  const card = tokenCard(page, token.label);
  await expect(card).toBeVisible();
  await expect(card.getByTestId('token-serial')).toHaveText(token.serial);
  await expect(card).toContainText('SoftHSM');
  const flags = card.getByTestId('token-flags');
  await expect(flags).toContainText('login required');
  await expect(flags).not.toContainText('unlocked');
  await vault.screenshot('tokens-list');

  await card.getByRole('button', { name: 'Unlock with PIN…' }).click();
  const dialog = page.getByRole('dialog', { name: `Unlock ${token.label}` });
  await expect(dialog).toBeVisible();
  // The default-PIN option says plainly what it does and what it costs.
  await expect(dialog.getByTestId('default-pin-why')).toContainText('123456');
  await expect(dialog.getByTestId('default-pin-why')).toContainText('costs one of the token’s PIN tries');

  // A wrong PIN: the token's own answer, in words, and the field is emptied (the PIN is not kept).
  const pinField = dialog.getByLabel('Token PIN');
  await pinField.fill('135791');
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  const error = dialog.getByTestId('pin-error');
  await expect(error).toHaveAttribute('data-error-code', 'TOKEN_PIN_INCORRECT');
  await expect(error).toContainText('Wrong PIN');
  await expect(error).toContainText('CKR_PIN_INCORRECT');
  await expect(pinField).toHaveValue('');
  // The token now counts a wrong PIN: the remaining-tries warning comes from its flags.
  await expect(dialog.getByTestId('token-warning')).toHaveAttribute('data-warning', 'pin-count-low');
  await expect(flags).toContainText('PIN count low');
  await vault.screenshot('token-pin');

  // The right PIN unlocks it.
  await pinField.fill(token.pin);
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(dialog).toBeHidden();
  await expect(flags).toContainText('unlocked');
  await expect(flags).not.toContainText('login required');
  expect(await page.content()).not.toContain(token.pin);

  // Lock logs out: the next use asks for the PIN again.
  await card.getByRole('button', { name: 'Lock' }).click();
  await expect(flags).toContainText('login required');
  await expect(card.getByRole('button', { name: 'Unlock with PIN…' })).toBeVisible();
  expect(vault.pageErrors).toEqual([]);
});

test('the default PIN 123456, tried on request, unlocks a token that still has it, and the app warns about it', async ({ vault }) => {
  const hsm = await privateSoftHsm(vault);
  const token = await hsm.initToken({ label: 'Factory Token', pin: '123456', soPin: '12345678' });
  const page = vault.page;
  await vault.open();
  await openTokens(page);
  const card = tokenCard(page, token.label);
  await card.getByRole('button', { name: 'Unlock with PIN…' }).click();
  const dialog = page.getByRole('dialog', { name: `Unlock ${token.label}` });
  await dialog.getByRole('checkbox', { name: /^Try the default PIN 123456/ }).check();
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId('token-flags')).toContainText('default PIN');
  const warning = card.getByTestId('token-warning').and(page.locator('[data-warning="default-pin"]'));
  await expect(warning).toContainText('factory default PIN');
  await expect(warning).toContainText('anyone who holds the token can use its keys');
  expect(vault.pageErrors).toEqual([]);
});

test('a root key on the token, notary’s way: a backup file, both copies in the key list, and notary lists the backup', async ({ vault }) => {
  const token = await withToken(vault);
  const passphrase = 'token root backup passphrase';
  const page = vault.page;
  await vault.open();
  await openTokens(page);

  // First use after connecting: the PIN is asked before the wizard.
  await tokenCard(page, token.label).getByRole('button', { name: 'Create a root key on this token…' }).click();
  await enterPin(page, token);

  const wizard = page.getByRole('dialog', { name: `Root key on ${token.label}` });
  await expect(wizard).toBeVisible();
  const tradeoff = wizard.getByTestId('token-root-tradeoff');
  await expect(tradeoff).toContainText('keeps a backup');
  await expect(tradeoff).toContainText('no backup is possible');
  await expect(wizard.getByRole('radio', { name: /^Notary’s way/ })).toBeChecked();
  await vault.screenshot('token-root-way');
  await wizard.getByRole('button', { name: 'Next' }).click();

  await walkPassphraseStep(wizard, passphrase, 'Create the key on the token');

  const done = wizard.getByTestId('token-root-done');
  await expect(done).toBeVisible();
  await expect(done).toHaveAttribute('data-way', 'import');
  const id = (await done.getByTestId('token-root-id').textContent())!.trim();
  expect(id).toMatch(/^[0-9a-f]{64}$/);
  await expect(done.getByTestId('token-root-backup-file')).toHaveText(`${vault.trustDir}/private/${id}.key`);
  await expect(done.getByRole('button', { name: 'Back up to USB drives now' })).toBeVisible();
  await vault.screenshot('token-root-created');
  expect(await page.content()).not.toContain(passphrase);

  // notary reads the backup as a root key with the same ID.
  const notary = vault.notary({ passphrases: { root: passphrase } });
  expect(await notary.keyList()).toEqual([expect.objectContaining({ role: 'root', id })]);

  await wizard.getByRole('button', { name: 'Show the key' }).click();
  await expect(wizard).toBeHidden();

  // The Keys screen lists it twice: the file and the token copy, one ID; the detail lists both copies.
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
  const rows = page.getByTestId('key-row').and(page.locator(`[data-key-id="${id}"]`));
  await expect(rows).toHaveCount(2);
  await expect(rows.and(page.locator('[data-location="file"]'))).toHaveCount(1);
  const tokenRow = rows.and(page.locator('[data-location="token"]'));
  await expect(tokenRow).toContainText(`token · ${token.label}`);
  await tokenRow.click();
  const detail = page.getByTestId('key-detail');
  await expect(detail).toHaveAttribute('data-key-id', id);
  const copies = detail.getByRole('list', { name: 'Copies of this key' });
  await expect(copies.getByTestId('key-copy')).toHaveCount(2);
  await expect(copies.locator('[data-location="file"]')).toContainText(`private/${id}.key`);
  await expect(copies.locator('[data-location="token"]')).toContainText(`${token.label}, serial ${token.serial}`);
  // File-only actions say they act on the file copy.
  await expect(detail.getByTestId('file-copy-note')).toContainText(`private/${id}.key`);
  await vault.screenshot('keys-token-copy');
  expect(vault.pageErrors).toEqual([]);
});

test('the done page’s “Back up to USB drives now” opens the backup wizard', async ({ vault }) => {
  const token = await withToken(vault);
  const page = vault.page;
  await vault.open();
  await openTokens(page);
  await tokenCard(page, token.label).getByRole('button', { name: 'Unlock with PIN…' }).click();
  await enterPin(page, token);
  await tokenCard(page, token.label).getByRole('button', { name: 'Create a root key on this token…' }).click();
  const wizard = page.getByRole('dialog', { name: `Root key on ${token.label}` });
  await wizard.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(wizard, 'another token root passphrase', 'Create the key on the token');
  await wizard.getByRole('button', { name: 'Back up to USB drives now' }).click();
  await expect(page.getByRole('heading', { name: 'Backups', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Back up keys' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('backup-wizard')).toBeVisible();
});

test('a root key made on the token: no backup is possible, a second token is suggested, and it is listed as token-only', async ({ vault }) => {
  const token = await withToken(vault);
  const page = vault.page;
  await vault.open();
  await openTokens(page);
  await tokenCard(page, token.label).getByRole('button', { name: 'Create a root key on this token…' }).click();
  await enterPin(page, token);

  const wizard = page.getByRole('dialog', { name: `Root key on ${token.label}` });
  await wizard.getByRole('radio', { name: /^On the token only/ }).check();
  await wizard.getByRole('button', { name: 'Next' }).click();

  const step = wizard.getByTestId('token-root-step');
  await expect(step).toHaveAttribute('data-step', 'no-backup');
  await expect(step.getByTestId('no-backup-warning')).toContainText(`only on ${token.label}`);
  await expect(step.getByTestId('second-token-suggestion')).toContainText('second token');
  const create = step.getByRole('button', { name: 'Create the key on the token' });
  await expect(create).toBeDisabled();
  await step.getByRole('checkbox', { name: 'I understand that no backup of this key is possible' }).check();
  await vault.screenshot('token-root-no-backup');
  await create.click();

  const done = wizard.getByTestId('token-root-done');
  await expect(done).toHaveAttribute('data-way', 'on-device');
  await expect(done.getByTestId('no-backup-warning')).toContainText('none is possible');
  await expect(done.getByTestId('second-token-suggestion')).toContainText('second token');
  await expect(done.getByTestId('token-root-backup-file')).toHaveCount(0);
  const id = (await done.getByTestId('token-root-id').textContent())!.trim();
  await vault.screenshot('token-root-on-device');

  // No file was written, so notary has nothing to list.
  expect(await vault.notary().keyList()).toEqual([]);

  await wizard.getByRole('button', { name: 'Show the key' }).click();
  const rows = page.getByTestId('key-row').and(page.locator(`[data-key-id="${id}"]`));
  await expect(rows).toHaveCount(1);
  await expect(rows).toHaveAttribute('data-location', 'token');
  await rows.click();
  const detail = page.getByTestId('key-detail');
  await expect(detail.getByTestId('token-only-note')).toContainText('lives only on a token');
  for (const name of ['Export bundle…', 'Export public key…', 'Change passphrase…', 'Remove key…']) {
    await expect(detail.getByRole('button', { name })).toHaveCount(0);
  }
  await expect(detail.getByRole('list', { name: 'Copies of this key' }).getByTestId('key-copy')).toHaveCount(1);

  // The token card marks it as never extractable.
  await detail.getByRole('button', { name: 'Open the Tokens screen' }).click();
  const key = tokenCard(page, token.label).getByTestId('token-key').and(page.locator(`[data-key-id="${id}"]`));
  await expect(key).toContainText('no backup possible');
  expect(vault.pageErrors).toEqual([]);
});

test('diagnostics: a module path that does not exist is “not found”, the real one is loaded with its slots and token', async ({ vault }) => {
  const bogus = `${vault.root}/no-such-module/libnothere.so`;
  const hsm = await privateSoftHsm(vault, [bogus, SOFTHSM2_MODULE]);
  const token = await hsm.initToken(TOKEN);
  const page = vault.page;
  await vault.open();
  await openTokens(page);
  await page.getByRole('tab', { name: 'Diagnostics' }).click();

  const diag = page.getByTestId('token-diagnostics');
  const missing = diag.getByTestId('diag-module').and(page.locator(`[data-module-path="${bogus}"]`));
  await expect(missing).toHaveAttribute('data-state', 'not-found');
  await expect(missing).toContainText('not found');
  await expect(missing.getByTestId('diag-module-error')).toContainText('TOKEN_MODULE_NOT_FOUND');
  const real = diag.getByTestId('diag-module').and(page.locator(`[data-module-path="${SOFTHSM2_MODULE}"]`));
  await expect(real).toHaveAttribute('data-state', 'loaded');
  await expect(real).toContainText('found and loaded');
  await expect(diag.getByTestId('diag-slot').and(page.locator('[data-token-present="true"]')).first()).toBeVisible();
  const listed = diag.getByTestId('diag-token').and(page.locator(`[data-token-label="${token.label}"]`));
  await expect(listed).toContainText(token.serial);
  await expect(listed).toContainText('PIN state: a PIN is needed');
  await vault.screenshot('token-diagnostics');

  // "Add a module…" asks main's file dialog; an added path that is not there is listed as not found.
  const added = `${vault.root}/vendor/libvendor-pkcs11.so`;
  vault.dialogs.nextOpenFiles([added]);
  await diag.getByRole('button', { name: 'Add a module…' }).click();
  const addedRow = diag.getByTestId('diag-module').and(page.locator(`[data-module-path="${added}"]`));
  await expect(addedRow).toHaveAttribute('data-state', 'not-found');
  expect(vault.dialogs.asked.at(-1)).toMatchObject({ kind: 'open', answer: [added] });
  expect(vault.pageErrors).toEqual([]);
});

test('a token pulled out is noticed, and a touch prompt shows while a token waits for a touch', async ({ vault }) => {
  const hsm = await privateSoftHsm(vault);
  const first = await hsm.initToken(TOKEN);
  const spare = await hsm.initToken({ label: 'Spare Token', pin: '112233', soPin: '44556677' });
  const page = vault.page;
  await vault.open();
  await openTokens(page);
  await expect(tokenCard(page, first.label)).toBeVisible();
  await expect(tokenCard(page, spare.label)).toBeVisible();

  // The spare token is pulled out: main's watcher sees it on its next round (the spec moves core's clock on).
  await hsm.removeToken(spare.label);
  await expect(async () => {
    vault.clock.advance(3_000);
    await expect(tokenCard(page, spare.label)).toHaveCount(0, { timeout: 1_000 });
  }).toPass();
  await expect(page.getByTestId('notice').filter({ hasText: 'Token removed' })).toContainText(spare.serial);
  await expect(tokenCard(page, first.label)).toBeVisible();

  // Signing with a touch-policy key: core's `tokenTouch` events (sent here through the same event sink core uses).
  const tokenId = await tokenCard(page, first.label).getAttribute('data-token-id');
  vault.events.emit('tokenTouch', { tokenId: tokenId!, label: first.label, waiting: true });
  const prompt = page.getByTestId('touch-prompt');
  await expect(prompt.getByRole('alert')).toContainText(`Touch ${first.label}`);
  await vault.screenshot('token-touch');
  vault.events.emit('tokenTouch', { tokenId: tokenId!, label: first.label, waiting: false });
  await expect(prompt).toBeHidden();
  expect(vault.pageErrors).toEqual([]);
});
