import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Vault } from '../harness/fixtures';
import { type NotaryCli, startNotaryServer } from '../harness/notary';
import { openRepoWithServer } from '../harness/repo-page';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';

/**
 * The recovery wizard (issue 6, points 3 and 4) against a real notary-server on loopback, on a repository the real
 * notary CLI made (`notary init -p` + a published tag): a lost targets key is replaced by a rotation and notary then
 * publishes with the new key; a lost root key is said to be unrecoverable, and the way out (delete the trust data,
 * initialise with a new root, the consumer notice) ends trusted.
 */

async function notaryRepo(vault: Vault, gun: string, serverUrl: string): Promise<NotaryCli> {
  const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: serverUrl });
  await notary.run(['init', '-p', gun]);
  const file = await vault.path('work', 'v1.txt');
  await writeFile(file, 'first release\n');
  await notary.run(['add', gun, 'v1.0', file]);
  await notary.publish(gun);
  return notary;
}

/** Fills a passphrase field by its exact label (the Show button shares none of it). */
async function fillSecret(scope: ReturnType<Page['getByTestId']>, label: string, value: string) {
  await scope.getByLabel(label, { exact: true }).fill(value);
}

test('lost targets key: the plan, one rotation that says what it changes, trusted again, and notary publishes with the new key', async ({ vault }) => {
  test.setTimeout(180_000);
  // Short enough that `notary key list` prints it whole (it cuts GUNs over 25 characters).
  const GUN = 'example.com/ac/targets';
  const server = await startNotaryServer(join(await vault.dir('work'), 'server'));
  try {
    const notary = await notaryRepo(vault, GUN, server.url);
    const before = await notary.keyList();
    const oldTargets = before.find((r) => r.role === 'targets' && r.gun === GUN)!.id;
    await rm(join(vault.trustDir, 'private', `${oldTargets}.key`));

    await vault.open();
    const page = vault.page;
    await page.setViewportSize({ width: 1280, height: 1000 });
    const view = await openRepoWithServer(page, GUN, server.url);
    await view.getByTestId('publisher').getByRole('button', { name: 'Recover after a lost key…' }).click();

    const wizard = page.getByTestId('recovery-wizard');
    const plan = wizard.getByTestId('recovery-plan');
    await expect(plan).toHaveAttribute('data-lost', 'targets');
    await expect(plan).toHaveAttribute('data-root-lost', 'false');
    await expect(plan.locator('[data-testid="recovery-role"][data-role="targets"]')).toHaveAttribute('data-status', 'lost');
    await expect(plan.locator('[data-testid="recovery-role"][data-role="root"]')).toHaveAttribute('data-status', 'have');
    await expect(plan.locator('[data-testid="recovery-role"][data-role="root"]')).toContainText('Key file');
    await expect(plan.getByTestId('recovery-summary')).toContainText('Lost: targets');
    await page.mouse.move(0, 0);
    await vault.screenshot('recovery-plan');

    await wizard.getByRole('button', { name: 'Start' }).click();
    const step = wizard.getByTestId('recovery-step');
    await expect(step).toHaveAttribute('data-step', 'rotate-targets');
    await expect(step).toHaveAttribute('data-possible', 'true');
    await expect(step.getByTestId('step-changes')).toContainText('new root.json, signed by the root key');
    await fillSecret(step, 'Passphrase of the root key', NOTARY_PASSPHRASES.root);
    await fillSecret(step, 'Passphrase for the new targets key', NOTARY_PASSPHRASES.targets);
    await fillSecret(step, 'Repeat the passphrase for the new targets key', NOTARY_PASSPHRASES.targets);
    // A new key's passphrase comes with the passphrase step's parts: the strength verdict and "stored it".
    await expect(step.locator('[data-testid="new-key-passphrase"][data-role="targets"]').getByTestId('passphrase-strength')).toBeVisible();
    await step.getByRole('checkbox', { name: 'I have stored the targets passphrase in my password manager' }).check();
    await fillSecret(step, 'Passphrase of the snapshot key', NOTARY_PASSPHRASES.snapshot);
    const rotate = step.getByRole('button', { name: 'Rotate the targets key' });
    await expect(rotate).toBeEnabled();
    await page.mouse.move(0, 0);
    await vault.screenshot('recovery-step');

    await rotate.click();
    const outcome = step.getByTestId('publish-outcome');
    await expect(outcome).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    const newTargets = (await outcome.locator('[data-testid="key-written"][data-role="targets"]').getAttribute('data-key-id'))!;
    expect(newTargets).toMatch(/^[0-9a-f]{64}$/);
    expect(newTargets).not.toBe(oldTargets);
    // The passphrases went with the call: the fields are gone and nothing kept them.
    await expect(step.getByTestId('publish-passphrases')).toHaveCount(0);

    await wizard.getByRole('button', { name: 'Next' }).click();
    const final = wizard.getByTestId('recovery-final');
    await expect(final).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    await page.mouse.move(0, 0);
    await vault.screenshot('recovery-done');
    await wizard.getByRole('button', { name: 'Finish' }).click();
    await expect(wizard).toBeHidden();

    // notary signs a new tag with the new key from the same trust dir, and a consumer's list shows it.
    const rows = await notary.keyList();
    expect(rows.filter((r) => r.role === 'targets' && r.gun === GUN).map((r) => r.id)).toEqual([newTargets]);
    const file = await vault.path('work', 'v2.txt');
    await writeFile(file, 'second release\n');
    await notary.run(['add', GUN, 'v2.0', file]);
    await notary.publish(GUN);
    const consumer = vault.notary({ trustDir: await vault.dir('consumer-trust'), server: server.url });
    const listed = await consumer.run(['list', GUN]);
    expect(listed).toContain('v1.0');
    expect(listed).toContain('v2.0');
  } finally {
    await server.stop();
  }
});

test('lost root key: said plainly, then delete the trust data, a new root, the consumer notice, trusted', async ({ vault }) => {
  test.setTimeout(180_000);
  const GUN = 'example.com/ac/rootlost';
  const server = await startNotaryServer(join(await vault.dir('work'), 'server'));
  try {
    const notary = await notaryRepo(vault, GUN, server.url);
    const oldRoot = (await notary.keyList()).find((r) => r.role === 'root')!.id;
    await rm(join(vault.trustDir, 'private', `${oldRoot}.key`));

    await vault.open();
    const page = vault.page;
    await page.setViewportSize({ width: 1280, height: 1100 });
    const view = await openRepoWithServer(page, GUN, server.url);
    await view.getByTestId('publisher').getByRole('button', { name: 'Recover after a lost key…' }).click();

    const wizard = page.getByTestId('recovery-wizard');
    const plan = wizard.getByTestId('recovery-plan');
    await expect(plan).toHaveAttribute('data-root-lost', 'true');
    await expect(plan.locator('[data-testid="recovery-role"][data-role="root"]')).toHaveAttribute('data-status', 'lost');
    await expect(plan.getByTestId('root-loss-statement')).toContainText('cannot be recovered');
    await page.mouse.move(0, 0);
    await vault.screenshot('recovery-root-lost');

    await wizard.getByRole('button', { name: 'Start' }).click();
    const step = wizard.getByTestId('recovery-step');
    await expect(step).toHaveAttribute('data-step', 'delete-trust-data');
    await expect(step.getByTestId('step-changes')).toContainText(`removes every trust file of ${GUN}`);
    const del = step.getByRole('button', { name: 'Delete the trust data on the server' });
    await step.getByTestId('delete-trust-data-confirmation').fill(GUN.toUpperCase());
    await expect(del).toBeDisabled();
    await step.getByTestId('delete-trust-data-confirmation').fill(GUN);
    await del.click();
    await expect(step.getByTestId('trust-data-deleted')).toContainText(server.url);

    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(step).toHaveAttribute('data-step', 'init-new-root');
    await expect(step).toHaveAttribute('data-possible', 'true');
    await expect(step.getByTestId('step-changes')).toContainText('new root.json with a new root key');
    for (const role of ['root', 'targets', 'snapshot'] as const) {
      const label = role === 'root' ? 'Passphrase for the root key' : `Passphrase for the new ${role} key`;
      await fillSecret(step, label, NOTARY_PASSPHRASES[role]);
      await fillSecret(step, `Repeat the passphrase for the new ${role} key`, NOTARY_PASSPHRASES[role]);
      await step.getByRole('checkbox', { name: `I have stored the ${role} passphrase in my password manager` }).check();
    }
    await step.getByRole('button', { name: 'Initialise with a new root' }).click();
    const outcome = step.getByTestId('publish-outcome');
    await expect(outcome).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    const newRootFile = (await outcome.locator('[data-testid="key-written"][data-role="root"]').getAttribute('data-key-id'))!;
    expect(newRootFile).not.toBe(oldRoot);

    // The remaining steps up to the notice (signing the tag again is done with notary or docker).
    const next = wizard.getByRole('button', { name: 'Next' });
    while ((await step.getAttribute('data-step')) !== 'notify-consumers') await next.click();
    const notice = wizard.getByTestId('consumer-notice');
    const newRootId = (await notice.getByTestId('new-root-key-id').textContent())!;
    expect(newRootId).toMatch(/^[0-9a-f]{64}$/);
    expect(newRootId).not.toBe(oldRoot);
    await expect(notice.getByTestId('consumer-notice-text')).toContainText(`New root key ID: ${newRootId}`);
    await expect(notice.getByTestId('consumer-notice-text')).toContainText(server.url);
    await expect(notice.getByTestId('consumer-warning')).toContainText(
      `Warning: potential malicious behavior - trust data has insufficient signatures for remote repository ${GUN}`,
    );
    await expect(notice.getByTestId('consumer-warning')).toContainText('Forget this repository’s trust data');
    await page.mouse.move(0, 0);
    await vault.screenshot('recovery-root-notice');

    await next.click();
    await expect(wizard.getByTestId('recovery-final')).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    await wizard.getByRole('button', { name: 'Finish' }).click();

    // A fresh consumer trusts the new root: its root key is the one the notice names.
    const consumer = vault.notary({ trustDir: await vault.dir('consumer-trust'), server: server.url });
    await consumer.run(['list', GUN]);
    const served = await view.getByTestId('server-check');
    await served.getByRole('button', { name: 'Check against the server' }).click();
    await expect(served.getByTestId('server-root-id')).toHaveText(newRootId);
  } finally {
    await server.stop();
  }
});
