import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../harness/fixtures';
import { startNotaryServer } from '../harness/notary';
import { walkPassphraseStep } from '../harness/passphrase-step';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';

/**
 * "Leave content trust" (issue 18) on a repository the real notary CLI published to a loopback notary-server: the
 * wizard explains what will happen, takes the tool, the key (reuse the targets key), the passphrases, writes the
 * kit to the folder main's dialog returns, and lists what remains. The kit on disk holds the files cosign needs and
 * a script that signs by digest.
 */

const GUN = 'example.com/acme/leaving';

test('leave content trust: the wizard writes a cosign kit with the targets key and says what remains', async ({ vault }) => {
  test.setTimeout(180_000);
  const work = await vault.dir('work');
  const server = await startNotaryServer(join(work, 'server'));
  try {
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.run(['init', '-p', GUN]);
    for (const [tag, text] of [['v1.0', 'first\n'], ['v1.1', 'second\n']] as const) {
      const file = join(work, `${tag}.txt`);
      await writeFile(file, text);
      await notary.run(['add', GUN, tag, file]);
    }
    await notary.publish(GUN);

    await vault.open();
    const page = vault.page;
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Repositories' }).click();
    await page.getByRole('button', { name: `Open ${GUN}` }).click();
    const view = page.getByTestId('repo-view');
    const check = view.getByTestId('server-check');
    await check.getByLabel('Notary server address').fill(server.url);
    await check.getByRole('button', { name: 'Check against the server' }).click();
    await expect(check.getByTestId('server-check-result')).toHaveAttribute('data-verdict', 'trusted');

    await view.getByTestId('leave-content-trust').getByRole('button', { name: 'Leave content trust…' }).click();
    const wizard = page.getByTestId('leave-wizard');
    await expect(wizard.getByText('Step 1 of 7')).toBeVisible();
    await page.mouse.move(0, 0);
    await vault.screenshot('leave-content-trust-1-plan');
    await wizard.getByRole('button', { name: 'Next' }).click();

    await expect(wizard.getByText('Step 2 of 7')).toBeVisible();
    await expect(wizard.getByLabel('Reuse the repository’s targets key')).toBeChecked();
    await vault.screenshot('leave-content-trust-2-key');
    await wizard.getByRole('button', { name: 'Next' }).click();

    await wizard.getByLabel('Passphrase of the targets key', { exact: true }).fill(NOTARY_PASSPHRASES.targets);
    await wizard.getByLabel('Passphrase of the root key (optional)', { exact: true }).fill(NOTARY_PASSPHRASES.root);
    await vault.screenshot('leave-content-trust-3-passphrases');
    await wizard.getByRole('button', { name: 'Next' }).click();
    // cosign.key's passphrase goes through the app's passphrase step.
    await expect(wizard.getByTestId('passphrase-step')).toContainText('cosign.key passphrase');
    await walkPassphraseStep(wizard, 'correct horse battery staple cosign', 'Next: write the kit');
    await expect(wizard.getByText('Step 7 of 7')).toBeVisible();

    const kitDir = join(work, 'kit');
    vault.dialogs.nextFolder(kitDir);
    await wizard.getByRole('button', { name: 'Choose a folder and write the kit' }).click();
    const done = wizard.getByTestId('leave-done');
    await expect(done).toBeVisible({ timeout: 60_000 });
    await expect(done).toContainText('2 tags carried over');
    await expect(done).toContainText('the root key');
    await expect(done.getByTestId('leave-checklist')).toContainText('Review sign-with-cosign.sh');
    await page.mouse.move(0, 0);
    await vault.screenshot('leave-content-trust-4-done');

    expect(readdirSync(kitDir).sort()).toEqual(['CHECKLIST.md', 'NOTICE.md', 'cosign.key', 'cosign.pub', 'inventory.json', 'sign-with-cosign.sh', 'transition-statement.json']);
    const script = readFileSync(join(kitDir, 'sign-with-cosign.sh'), 'utf8');
    expect(script.split('\n').filter((l) => l.startsWith('cosign sign --key cosign.key ')).every((l) => new RegExp(`${GUN}@sha256:[0-9a-f]{64}$`).test(l))).toBe(true);
    expect(vault.dialogs.asked.some((d) => d.kind === 'folder')).toBe(true);
  } finally {
    await server.stop();
  }
});

test('leave content trust: a Notation kit with a new key and the certificate subject the user gives', async ({ vault }) => {
  test.setTimeout(180_000);
  const work = await vault.dir('work');
  const server = await startNotaryServer(join(work, 'server'));
  try {
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.run(['init', '-p', GUN]);
    const file = join(work, 'v1.txt');
    await writeFile(file, 'first\n');
    await notary.run(['add', GUN, 'v1.0', file]);
    await notary.publish(GUN);

    await vault.open();
    const page = vault.page;
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Repositories' }).click();
    await page.getByRole('button', { name: `Open ${GUN}` }).click();
    const view = page.getByTestId('repo-view');
    await view.getByTestId('server-check').getByLabel('Notary server address').fill(server.url);
    await view.getByTestId('server-check').getByRole('button', { name: 'Check against the server' }).click();
    await expect(view.getByTestId('server-check-result')).toHaveAttribute('data-verdict', 'trusted');

    await view.getByTestId('leave-content-trust').getByRole('button', { name: 'Leave content trust…' }).click();
    const wizard = page.getByTestId('leave-wizard');
    await wizard.getByText('Notation', { exact: true }).click();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByLabel('A new ECDSA P-256 key').check();
    const next = wizard.getByRole('button', { name: 'Next' });
    await expect(next).toBeDisabled();
    await wizard.getByLabel('Organization (O)').fill('Acme');
    await wizard.getByLabel('State or province (ST)').fill('WA');
    await wizard.getByLabel('Country (C)').fill('us');
    await expect(wizard.getByLabel('Country (C)')).toHaveValue('US');
    await expect(next).toBeEnabled();
    await page.mouse.move(0, 0);
    await vault.screenshot('leave-content-trust-notation-subject');
    await next.click();
    await wizard.getByLabel('Passphrase of the targets key', { exact: true }).fill(NOTARY_PASSPHRASES.targets);
    await wizard.getByRole('button', { name: 'Next' }).click();
    vault.dialogs.nextFolder(join(work, 'notation-kit'));
    await wizard.getByRole('button', { name: 'Choose a folder and write the kit' }).click();
    const done = wizard.getByTestId('leave-done');
    await expect(done).toBeVisible({ timeout: 60_000 });
    await expect(done).toContainText('with a new key');
    await expect(done.getByTestId('leave-files')).toContainText('trustpolicy.json');
    await expect(done.getByTestId('leave-checklist')).toContainText('localkeys');
    await vault.screenshot('leave-content-trust-notation-done');
    const policy = JSON.parse(readFileSync(join(work, 'notation-kit', 'trustpolicy.json'), 'utf8'));
    expect(policy.trustPolicies[0].trustedIdentities).toEqual([`x509.subject: C=US, ST=WA, O=Acme, CN=${GUN}`]);
  } finally {
    await server.stop();
  }
});
