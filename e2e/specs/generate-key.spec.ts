import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startNotaryServer } from '../harness/notary';
import { expect, test } from '../harness/fixtures';
import { walkPassphraseStep } from '../harness/passphrase-step';
import { E2E_GUN } from '../harness/trust-dirs';

/**
 * Generating a key through the passphrase step, from an empty trust folder, as a new publisher does: choose the
 * role, choose a passphrase (refused under 8 characters), store it, retype it, create. The new key appears in the
 * list, `notary key list` shows it with the same ID, and notary can use it with that passphrase.
 */

test('a root key made through the passphrase step appears in the list and notary signs with it', async ({ vault }) => {
  const passphrase = 'crayon horse battery stapler violin';
  const page = vault.page;
  await vault.open();

  // An empty trust folder: the empty state says how to start.
  const empty = page.getByTestId('empty-state');
  await expect(empty).toBeVisible();
  await vault.screenshot('generate-0-empty');
  await empty.getByRole('button', { name: 'Generate a key' }).click();

  const dialog = page.getByRole('dialog', { name: 'Generate a key' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: 'Root key' }).check();
  await expect(dialog.getByRole('combobox', { name: 'Algorithm' })).toHaveValue('ecdsa');
  await vault.screenshot('generate-1-role');
  await dialog.getByRole('button', { name: 'Next' }).click();

  // Choose: fewer than 8 characters is refused, as notary's prompt refuses it.
  const step = dialog.getByTestId('passphrase-step');
  await expect(step).toHaveAttribute('data-substep', 'choose');
  const field = step.getByLabel('Passphrase', { exact: true });
  await field.fill('short12');
  await expect(step.getByRole('button', { name: 'Next' })).toBeDisabled();
  // The generator offers six EFF words; this publisher types the one from their password manager instead.
  await step.getByRole('button', { name: 'Generate words' }).click();
  await expect(field).toHaveValue(/^\S+([ -]\S+){5}$/);
  // A published example phrase is rated weak, and a root key does not take a weak one (issue 12, point 4).
  await field.fill('correct horse battery staple');
  await expect(step.getByTestId('passphrase-strength')).toHaveAttribute('data-tone', 'bad');
  await expect(step.getByTestId('passphrase-refused')).toContainText('rated weak is not accepted');
  await expect(step.getByRole('button', { name: 'Next' })).toBeDisabled();
  await vault.screenshot('generate-2-example-refused');
  await field.fill(passphrase);
  const strength = step.getByTestId('passphrase-strength');
  await expect(strength).not.toContainText('Checking');
  await expect(strength).toHaveAttribute('data-tone', /^(ok|good)$/);
  await expect(step.getByRole('button', { name: 'Next' })).toBeEnabled();
  await vault.screenshot('generate-2-passphrase');
  await step.getByRole('button', { name: 'Next' }).click();

  // Store: copy goes to main's clipboard (the in-memory one here), and "stored it" must be ticked to go on.
  await expect(step).toHaveAttribute('data-substep', 'store');
  await expect(step.getByRole('button', { name: 'Next' })).toBeDisabled();
  await step.getByRole('button', { name: 'Copy passphrase' }).click();
  await expect(step.getByTestId('copy-note')).toContainText('30 seconds');
  expect(vault.clipboard.readText()).toBe(passphrase);
  // 30 seconds later main clears it (the spec moves core's clock instead of waiting).
  vault.clock.advance(29_000);
  expect(vault.clipboard.readText()).toBe(passphrase);
  vault.clock.advance(1_000);
  expect(vault.clipboard.readText()).toBe('');
  await step.getByRole('checkbox', { name: 'I have stored it in my password manager' }).check();
  await vault.screenshot('generate-3-stored');
  await step.getByRole('button', { name: 'Next' }).click();

  // Confirm: a wrong retype cannot create; the right one can.
  await expect(step).toHaveAttribute('data-substep', 'confirm');
  const retype = step.getByLabel('Retype passphrase');
  const create = step.getByRole('button', { name: 'Create the key' });
  await retype.fill(passphrase.slice(0, -1));
  await expect(create).toBeDisabled();
  await retype.fill(passphrase);
  await expect(create).toBeEnabled();
  await create.click();

  const done = dialog.getByTestId('generate-done');
  await expect(done).toBeVisible();
  const id = (await done.getByTestId('generated-key-id').textContent())!.trim();
  expect(id).toMatch(/^[0-9a-f]{64}$/);
  await vault.screenshot('generate-4-done');
  // The passphrase is gone from the page once the operation is done.
  expect(await page.content()).not.toContain(passphrase);
  await done.getByRole('button', { name: 'Show the key' }).click();
  await expect(dialog).toBeHidden();

  // The new key is in the list, selected, under Root keys.
  const row = page.getByRole('grid', { name: 'Keys' }).locator(`[data-testid="key-row"][data-key-id="${id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('key-detail').getByTestId('key-id')).toHaveText(id);
  await expect(page.getByTestId('keys-count')).toHaveText('1 key');
  await vault.screenshot('generate-5-listed');

  // notary sees the same key...
  const notary = vault.notary({ passphrases: { root: passphrase, targets: 'e2e targets passphrase', snapshot: 'e2e snapshot passphrase' } });
  expect(await notary.keyList()).toEqual([expect.objectContaining({ role: 'root', gun: null, id })]);

  // ...and signs with it: `notary init` + `publish` on a loopback notary-server decrypt it with the passphrase.
  const server = await startNotaryServer(await vault.dir('server'));
  try {
    const online = vault.notary({ passphrases: notary.passphrases, server: server.url });
    const out = await online.run(['init', E2E_GUN, '--publish']);
    expect(out).toContain(`Root key found, using: ${id}`);
    const listed = await online.keyList();
    expect(listed.find((r) => r.role === 'root')?.id).toBe(id);
    expect(listed.filter((r) => r.gun === E2E_GUN).map((r) => r.role).sort()).toEqual(['snapshot', 'targets']);
  } finally {
    await server.stop();
  }
  expect(vault.pageErrors).toEqual([]);
});

test('a docker signer key with NAME.pub and an Ed25519 repository key, both listed by notary as the vault lists them', async ({ vault }) => {
  const page = vault.page;
  const notary = vault.notary({ passphrases: { root: 'e2e root passphrase' } });
  const rootId = await notary.generate('root');
  await vault.open();
  await expect(page.getByTestId('keys-count')).toHaveText('1 key');

  // A docker-style signer key: the public key goes to a folder the user picks after the passphrase step.
  const pubDir = await vault.dir('handover');
  vault.dialogs.nextFolder(pubDir);
  await page.getByTestId('generate-key-button').click();
  let dialog = page.getByRole('dialog', { name: 'Generate a key' });
  await dialog.getByRole('radio', { name: 'Docker signer key' }).check();
  await dialog.getByLabel('Signer name').fill('ci-bot');
  await dialog.getByRole('checkbox', { name: /Also write ci-bot\.pub/ }).check();
  await vault.screenshot('generate-signer-1-form');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(dialog, 'ci bot signing passphrase', 'Create the key');
  await expect(dialog.getByTestId('generate-done')).toContainText(`${pubDir}/ci-bot.pub`);
  const signerId = (await dialog.getByTestId('generated-key-id').textContent())!.trim();
  expect(vault.dialogs.asked.at(-1)).toMatchObject({ kind: 'folder', answer: pubDir });
  const pub = await readFile(join(pubDir, 'ci-bot.pub'), 'utf8');
  expect(pub).toContain('-----BEGIN PUBLIC KEY-----');
  expect(pub).toContain('role: ci-bot');
  await dialog.getByRole('button', { name: 'Show the key' }).click();

  // A repository key for a GUN, Ed25519 (notary's own Ed25519 format).
  await page.getByTestId('generate-key-button').click();
  dialog = page.getByRole('dialog', { name: 'Generate a key' });
  await dialog.getByRole('radio', { name: 'Repository key (targets)' }).check();
  await dialog.getByLabel('Repository (GUN)').fill(E2E_GUN);
  await dialog.getByLabel('Algorithm').selectOption('ed25519');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(dialog, 'repository passphrase 1', 'Create the key');
  const targetsId = (await dialog.getByTestId('generated-key-id').textContent())!.trim();
  await dialog.getByRole('button', { name: 'Show the key' }).click();

  const list = page.getByRole('grid', { name: 'Keys' });
  await expect(page.getByTestId('keys-count')).toHaveText('3 keys');
  await expect(list.locator(`[data-key-id="${signerId}"] .badge`).first()).toHaveText('ci-bot');
  await expect(list.locator(`[data-key-id="${targetsId}"]`)).toContainText(E2E_GUN);
  await expect(page.getByTestId('key-detail')).toContainText('Ed25519');
  await vault.screenshot('generate-signer-2-listed');

  const rows = await notary.keyList();
  expect(rows.map((r) => [r.role, r.gun, r.id]).sort()).toEqual(
    [
      ['root', null, rootId],
      ['ci-bot', null, signerId],
      ['targets', E2E_GUN, targetsId],
    ].sort(),
  );
  expect(vault.pageErrors).toEqual([]);
});
