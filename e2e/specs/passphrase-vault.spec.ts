import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { violationsLightAndDark } from '../harness/axe';
import { expect, test, type Vault } from '../harness/fixtures';
import { screenshotLooks } from '../harness/looks';
import { opensslKey, startNotaryServer } from '../harness/notary';
import { privateSoftHsm } from '../harness/softhsm';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';
import { createVaultInUi, lockState, MASTER_PASSPHRASE, navTo } from '../harness/vault-flow';

/**
 * One passphrase step for every new key, with the vault as the place to store it (issue 16, point 2), against a real
 * notary-server and a repository the notary CLI made: "Save it in the vault" when there is no vault yet (the way to
 * create one), when it is locked (unlocked right there), then ticked in generate (a docker signer key), in a recovery
 * step (a lost targets key rotated) and in a rotation (the snapshot key). Each new key's passphrase is then in the vault,
 * and adding a signer afterwards signs with the new targets and snapshot keys without asking for either passphrase.
 */

const GUN = 'example.com/ac/vaultsave';
const SIGNER_PASSPHRASE = 'alice signer passphrase kept in the vault';
const NEW_TARGETS = 'new targets passphrase saved in the vault';
const NEW_SNAPSHOT = 'new snapshot passphrase saved in the vault';

/** The vault's saved passphrases' key IDs, as core reports them to the page (IDs only, never a passphrase). */
async function savedKeyIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const r = await window.vault.vault.status({});
    return r.ok ? r.value.savedPassphrases.map((p) => p.keyId) : [];
  });
}

async function axe(page: Page, where: string) {
  expect(await violationsLightAndDark(page), where).toEqual([]);
}

/** The passphrase step's first sub-step: type it, wait for the verdict, Next. */
async function choose(step: Locator, passphrase: string) {
  await expect(step).toHaveAttribute('data-substep', 'choose');
  await step.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await expect(step.getByTestId('passphrase-strength')).not.toContainText('Checking');
  await step.getByRole('button', { name: 'Next' }).click();
  await expect(step).toHaveAttribute('data-substep', 'store');
}

async function openSignerGenerate(vault: Vault, pubDir: string) {
  const page = vault.page;
  await navTo(page, 'Keys');
  vault.dialogs.nextFolder(pubDir);
  await page.getByTestId('generate-key-button').click();
  const dialog = page.getByRole('dialog', { name: 'Generate a key' });
  await dialog.getByRole('radio', { name: 'Docker signer key' }).check();
  await dialog.getByLabel('Signer name').fill('alice');
  await dialog.getByRole('checkbox', { name: /Also write alice\.pub/ }).check();
  await dialog.getByRole('button', { name: 'Next' }).click();
  return dialog;
}

test('save it in the vault: generate, recovery and rotation keep each new passphrase there, and a later change signs without asking', async ({ vault }) => {
  test.setTimeout(300_000);
  const server = await startNotaryServer(join(await vault.dir('work'), 'server'));
  try {
    // A repository notary made and published, whose targets key is then lost.
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.initWithTag(GUN, await vault.dir('work'));
    const oldTargets = (await notary.keyList()).find((r) => r.role === 'targets' && r.gun === GUN)!.id;
    await rm(join(vault.trustDir, 'private', `${oldTargets}.key`));

    await vault.open();
    const page = vault.page;
    const pubDir = await vault.dir('handover');

    // 1. No vault yet: the store sub-step says so and offers the way to create one.
    let dialog = await openSignerGenerate(vault, pubDir);
    let step = dialog.getByTestId('passphrase-step');
    await choose(step, SIGNER_PASSPHRASE);
    const choice = step.getByTestId('save-in-vault');
    await expect(choice).toHaveAttribute('data-state', 'absent');
    await expect(choice).toContainText('There is no vault yet.');
    await expect(step.getByRole('button', { name: 'Next' })).toBeDisabled();
    await vault.screenshot('passphrase-vault-absent');
    await choice.getByRole('button', { name: 'Create the vault' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('vault-create')).toBeVisible();
    await createVaultInUi(page);

    // 2. Locked: unlocked right there with the master passphrase (Enter in its field unlocks, it does not go on).
    await lockState(page).getByRole('button', { name: 'Lock the vault' }).click();
    await expect(lockState(page)).toHaveAttribute('data-state', 'locked');
    dialog = await openSignerGenerate(vault, pubDir);
    step = dialog.getByTestId('passphrase-step');
    await choose(step, SIGNER_PASSPHRASE);
    await expect(choice).toHaveAttribute('data-state', 'locked');
    await expect(choice).toContainText('The vault is locked.');
    await axe(page, 'the store sub-step, vault locked');
    await vault.screenshot('passphrase-vault-locked');
    await choice.getByLabel('Master passphrase', { exact: true }).fill(MASTER_PASSPHRASE);
    await choice.getByLabel('Master passphrase', { exact: true }).press('Enter');
    await expect(choice).toHaveAttribute('data-state', 'unlocked');
    await expect(step).toHaveAttribute('data-substep', 'store');
    await expect(lockState(page)).toHaveAttribute('data-state', 'unlocked');

    // 3. Generate: the vault stands in for the password manager (a signer key can be replaced).
    await expect(step.getByRole('button', { name: 'Next' })).toBeDisabled();
    await step.getByRole('checkbox', { name: 'Save it in the vault' }).check();
    await expect(step.getByRole('button', { name: 'Next' })).toBeEnabled();
    await axe(page, 'the store sub-step, vault unlocked');
    await screenshotLooks(vault, 'passphrase-vault-generate');
    await step.getByRole('button', { name: 'Next' }).click();
    await step.getByLabel('Retype passphrase').fill(SIGNER_PASSPHRASE);
    await step.getByRole('button', { name: 'Create the key' }).click();
    await expect(dialog.getByTestId('generate-done')).toBeVisible();
    const signerId = (await dialog.getByTestId('generated-key-id').textContent())!.trim();
    await expect.poll(() => savedKeyIds(page)).toContain(signerId);
    const pub = join(pubDir, 'alice.pub');
    expect(await readFile(pub, 'utf8')).toContain('BEGIN PUBLIC KEY');
    await dialog.getByRole('button', { name: 'Show the key' }).click();

    // 4. Recovery: the lost targets key is rotated, its new passphrase saved in the vault instead of typed in a manager.
    await navTo(page, 'Repositories');
    await page.getByRole('button', { name: `Open ${GUN}` }).click();
    const view = page.getByTestId('repo-view');
    const panel = view.getByTestId('server-check');
    await panel.getByLabel('Notary server address').fill(server.url);
    await panel.getByRole('button', { name: 'Check against the server' }).click();
    await expect(panel.getByTestId('server-check-result')).toHaveAttribute('data-verdict', 'trusted');
    const publisher = view.getByTestId('publisher');
    await publisher.getByRole('button', { name: 'Recover after a lost key…' }).click();
    const wizard = page.getByTestId('recovery-wizard');
    await expect(wizard.getByTestId('recovery-plan')).toHaveAttribute('data-lost', 'targets');
    await wizard.getByRole('button', { name: 'Start' }).click();
    const rstep = wizard.getByTestId('recovery-step');
    await expect(rstep).toHaveAttribute('data-step', 'rotate-targets');
    await rstep.getByLabel('Passphrase of the root key', { exact: true }).fill(NOTARY_PASSPHRASES.root);
    await rstep.getByLabel('Passphrase for the new targets key', { exact: true }).fill(NEW_TARGETS);
    await rstep.getByLabel('Repeat the passphrase for the new targets key', { exact: true }).fill(NEW_TARGETS);
    await rstep.getByLabel('Passphrase of the snapshot key', { exact: true }).fill(NOTARY_PASSPHRASES.snapshot);
    const rotate = rstep.getByRole('button', { name: 'Rotate the targets key' });
    await expect(rotate).toBeDisabled();
    await rstep.getByRole('checkbox', { name: 'Save the targets passphrase in the vault' }).check();
    await expect(rotate).toBeEnabled();
    await axe(page, 'the recovery step with the vault choice');
    await screenshotLooks(vault, 'passphrase-vault-recovery');
    await rotate.click();
    const outcome = rstep.getByTestId('publish-outcome');
    await expect(outcome).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    const newTargets = (await outcome.locator('[data-testid="key-written"][data-role="targets"]').getAttribute('data-key-id'))!;
    await expect.poll(() => savedKeyIds(page)).toContain(newTargets);
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(wizard.getByTestId('recovery-final')).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    await wizard.getByRole('button', { name: 'Finish' }).click();

    // 5. Rotation: a new local snapshot key, its passphrase saved in the vault.
    await publisher.getByRole('button', { name: 'Rotate snapshot…' }).click();
    const rotation = page.getByTestId('rotate-dialog');
    await rotation.getByLabel('Passphrase of the root key', { exact: true }).fill(NOTARY_PASSPHRASES.root);
    await rotation.getByLabel('Passphrase for the new snapshot key', { exact: true }).fill(NEW_SNAPSHOT);
    await rotation.getByLabel('Repeat the passphrase for the new snapshot key', { exact: true }).fill(NEW_SNAPSHOT);
    await rotation.getByRole('checkbox', { name: 'Save the snapshot passphrase in the vault' }).check();
    await page.mouse.move(0, 0);
    await vault.screenshot('passphrase-vault-rotation');
    await rotation.getByRole('button', { name: 'Rotate the snapshot key' }).click();
    const rotated = rotation.getByTestId('publish-outcome');
    await expect(rotated).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    const newSnapshot = (await rotated.locator('[data-testid="key-written"][data-role="snapshot"]').getAttribute('data-key-id'))!;
    await expect.poll(() => savedKeyIds(page)).toContain(newSnapshot);
    await rotation.getByRole('button', { name: 'Close', exact: true }).and(rotation.locator('button[type="submit"]')).click();

    // 6. A later change signs with both new keys without asking: their fields say the vault fills them in.
    vault.dialogs.nextOpenFiles([pub]);
    await publisher.getByRole('button', { name: 'Add a signer…' }).click();
    const add = page.getByTestId('add-signer-dialog');
    await expect(add.getByTestId('saved-in-vault')).toHaveCount(2);
    await page.mouse.move(0, 0);
    await vault.screenshot('passphrase-vault-signs-without-asking');
    await add.getByRole('button', { name: 'Add signer' }).click();
    await expect(add).toBeHidden({ timeout: 30_000 });
    await expect(publisher.locator('[data-testid="signer"][data-signer="alice"]')).toHaveAttribute('data-in-releases', 'true');
    // notary, from the same trust folder, lists the delegation the vault signed in with the saved passphrases.
    const delegations = await vault.notary({ server: server.url }).run(['delegation', 'list', GUN]);
    expect(delegations).toContain('targets/alice');
  } finally {
    await server.stop();
  }
});

/** The store and confirm sub-steps with "Save it in the vault" ticked (and the password manager too when asked). */
async function storeInVault(step: Locator, passphrase: string, submitLabel: string, alsoManager: boolean) {
  await step.getByRole('checkbox', { name: 'Save it in the vault' }).check();
  if (alsoManager) await step.getByRole('checkbox', { name: 'I have stored it in my password manager' }).check();
  await step.getByRole('button', { name: 'Next' }).click();
  await expect(step).toHaveAttribute('data-substep', 'confirm');
  await step.getByLabel('Retype passphrase').fill(passphrase);
  await step.getByRole('button', { name: submitLabel }).click();
}

test('save it in the vault: an unencrypted key imported, and a root key put on a token (where the vault comes on top of the password manager)', async ({ vault }) => {
  test.setTimeout(240_000);
  const page = vault.page;
  const pem = await opensslKey(await vault.path('incoming', 'releases-ec.pem'), 'ec');
  const token = await (await privateSoftHsm(vault)).initToken({ label: 'E2E Token', pin: '246810', soPin: '97531086' });
  await vault.open();
  await createVaultInUi(page);

  // Import: the new passphrase of an unencrypted key, kept by the vault alone.
  await navTo(page, 'Keys');
  vault.dialogs.nextOpenFiles([pem]);
  await page.getByTestId('import-keys-button').click();
  const dialog = page.getByRole('dialog', { name: 'Import keys' });
  await dialog.getByLabel('Role (optional)').fill('targets/releases');
  await dialog.getByRole('button', { name: 'Next' }).click();
  let step = dialog.getByTestId('passphrase-step');
  const imported = 'release signing passphrase in the vault';
  await choose(step, imported);
  await storeInVault(step, imported, 'Import the keys', false);
  const report = dialog.getByTestId('import-report');
  const importedId = (await report.getByTestId('imported-key').getAttribute('data-key-id'))!;
  await expect.poll(() => savedKeyIds(page)).toContain(importedId);
  await report.getByRole('button', { name: 'Done' }).click();

  // A root key on the token, notary's way: the backup file's passphrase. The vault alone is not enough for a root key.
  await navTo(page, 'Tokens');
  await page.getByRole('article', { name: token.label }).getByRole('button', { name: 'Create a root key on this token…' }).click();
  const pin = page.getByRole('dialog', { name: `Unlock ${token.label}` });
  await pin.getByLabel('Token PIN').fill(token.pin);
  await pin.getByRole('button', { name: 'Unlock' }).click();
  const wizard = page.getByRole('dialog', { name: `Root key on ${token.label}` });
  await wizard.getByRole('button', { name: 'Next' }).click();
  step = wizard.getByTestId('passphrase-step');
  const rootPassphrase = 'token root backup passphrase kept twice';
  await choose(step, rootPassphrase);
  await step.getByRole('checkbox', { name: 'Save it in the vault' }).check();
  await expect(step.getByTestId('save-in-vault')).toContainText('Keep it in your password manager too');
  await expect(step.getByRole('button', { name: 'Next' })).toBeDisabled();
  await page.mouse.move(0, 0);
  await vault.screenshot('passphrase-vault-token-root');
  await storeInVault(step, rootPassphrase, 'Create the key on the token', true);
  const done = wizard.getByTestId('token-root-done');
  await expect(done).toHaveAttribute('data-way', 'import');
  const rootId = (await done.getByTestId('token-root-id').textContent())!.trim();
  await expect.poll(() => savedKeyIds(page)).toContain(rootId);
});

test('save it in the vault: a new root after a lost one, with its targets and snapshot keys', async ({ vault }) => {
  test.setTimeout(300_000);
  const gun = 'example.com/ac/newroot';
  const server = await startNotaryServer(join(await vault.dir('work'), 'server'));
  try {
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.run(['init', '-p', gun]);
    const oldRoot = (await notary.keyList()).find((r) => r.role === 'root')!.id;
    await rm(join(vault.trustDir, 'private', `${oldRoot}.key`));

    await vault.open();
    const page = vault.page;
    await createVaultInUi(page);
    await navTo(page, 'Repositories');
    await page.getByRole('button', { name: `Open ${gun}` }).click();
    const view = page.getByTestId('repo-view');
    const panel = view.getByTestId('server-check');
    await panel.getByLabel('Notary server address').fill(server.url);
    await panel.getByRole('button', { name: 'Check against the server' }).click();
    await expect(panel.getByTestId('server-check-result')).toBeVisible();
    await view.getByTestId('publisher').getByRole('button', { name: 'Recover after a lost key…' }).click();
    const wizard = page.getByTestId('recovery-wizard');
    await expect(wizard.getByTestId('recovery-plan')).toHaveAttribute('data-root-lost', 'true');
    await wizard.getByRole('button', { name: 'Start' }).click();
    const step = wizard.getByTestId('recovery-step');
    await expect(step).toHaveAttribute('data-step', 'delete-trust-data');
    await step.getByTestId('delete-trust-data-confirmation').fill(gun);
    await step.getByRole('button', { name: 'Delete the trust data on the server' }).click();
    await expect(step.getByTestId('trust-data-deleted')).toBeVisible();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(step).toHaveAttribute('data-step', 'init-new-root');

    const chosen = { root: 'new root passphrase kept in two places', targets: 'new targets passphrase in the vault', snapshot: 'new snapshot passphrase in the vault' };
    for (const role of ['root', 'targets', 'snapshot'] as const) {
      const label = role === 'root' ? 'Passphrase for the root key' : `Passphrase for the new ${role} key`;
      await step.getByLabel(label, { exact: true }).fill(chosen[role]);
      await step.getByLabel(`Repeat the passphrase for the new ${role} key`, { exact: true }).fill(chosen[role]);
      await step.getByRole('checkbox', { name: `Save the ${role} passphrase in the vault` }).check();
    }
    const init = step.getByRole('button', { name: 'Initialise with a new root' });
    // The vault alone keeps the targets and snapshot passphrases; the root's must be in the password manager too.
    await expect(init).toBeDisabled();
    await step.getByRole('checkbox', { name: 'I have stored the root passphrase in my password manager' }).check();
    await expect(init).toBeEnabled();
    await init.click();
    const outcome = step.getByTestId('publish-outcome');
    await expect(outcome).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    const written = await outcome.locator('[data-testid="key-written"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key-id')!));
    expect(written).toHaveLength(3);
    await expect
      .poll(async () => {
        const saved = await savedKeyIds(page);
        return written.filter((id) => !saved.includes(id));
      })
      .toEqual([]);
  } finally {
    await server.stop();
  }
});
