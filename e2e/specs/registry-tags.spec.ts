import { join } from 'node:path';
import { expect, test } from '../harness/fixtures';
import { startNotaryServer } from '../harness/notary';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';
import { pushImage, servedManifest, startRegistry } from '../../test/support/registry';

/**
 * Image tags on a repository's page (issue 14, point 6): Debian's docker-registry with two images pushed by skopeo
 * and a notary-server on loopback; the registry's tags listed with their state, two signed after a preview of exactly
 * what changes, the result read back from the server (and from the notary CLI), one revoked after a typed confirmation.
 */
test('registry tags: list, preview, sign, result from the server, revoke', async ({ vault }) => {
  test.setTimeout(180_000);
  const work = await vault.dir('work');
  const server = await startNotaryServer(join(work, 'server'));
  const registry = await startRegistry(join(work, 'registry'));
  try {
    const gun = `${registry.host}/acme/web`;
    await pushImage(registry, join(work, 'img'), 'acme/web', 'v1.0');
    await pushImage(registry, join(work, 'img'), 'acme/web', 'v1.1', 'web v1.1');
    const v10 = await servedManifest(registry, 'acme/web', 'v1.0');
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.init(gun);
    await notary.publish(gun);
    await notary.run(['list', gun]);

    await vault.open();
    const page = vault.page;
    await page.setViewportSize({ width: 1280, height: 1700 });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Repositories' }).click();
    await page.getByRole('button', { name: `Open ${gun}` }).click();
    const view = page.getByTestId('repo-view');
    const check = view.getByTestId('server-check');
    await check.getByLabel('Notary server address').fill(server.url);
    await check.getByRole('button', { name: 'Check against the server' }).click();
    await expect(check.getByTestId('server-check-result')).toHaveAttribute('data-verdict', 'trusted');

    const panel = view.getByTestId('registry-tags');
    await expect(panel.getByTestId('registry-tag-v1.0')).toHaveAttribute('data-state', 'unsigned');
    await expect(panel.getByTestId('registry-tag-v1.1')).toHaveAttribute('data-state', 'unsigned');
    await expect(panel.getByTestId('registry-user')).toContainText('Anonymous');
    await panel.getByLabel('Choose v1.0').check();
    await panel.getByLabel('Choose v1.1').check();
    await panel.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await vault.screenshot('registry-tags');

    await panel.getByRole('button', { name: 'Sign 2 tags…' }).click();
    const preview = panel.getByTestId('tag-sign-preview');
    await expect(preview).toContainText(v10.digest);
    await expect(preview).toContainText(`${v10.size} B`);
    await expect(panel.getByTestId('tag-sign-role')).toContainText('targets');
    await preview.scrollIntoViewIfNeeded();
    await vault.screenshot('registry-tags-preview');
    // Nothing was sent by the preview.
    expect(await notary.run(['list', gun])).not.toContain('v1.0');

    await preview.getByLabel('Targets passphrase (if you sign with the targets key)').fill(NOTARY_PASSPHRASES.targets);
    await preview.getByLabel('Snapshot passphrase (if the snapshot key is yours)').fill(NOTARY_PASSPHRASES.snapshot);
    await preview.getByRole('button', { name: 'Sign and publish' }).click();
    const result = panel.getByTestId('tag-sign-result');
    await expect(result).toContainText('Signed and checked on the server');
    await expect(panel.getByTestId('registry-tag-v1.0')).toHaveAttribute('data-state', 'signed');
    await expect(panel.getByTestId('registry-tag-v1.1')).toHaveAttribute('data-state', 'signed');
    await page.mouse.move(0, 0);
    await vault.screenshot('registry-tags-signed');
    expect(await notary.run(['list', gun])).toMatch(new RegExp(`v1\\.0\\s+${v10.digest.slice(7)}\\s+${v10.size}\\s+targets`));

    await panel.getByLabel('Choose v1.0').check();
    await panel.getByRole('button', { name: 'Revoke…' }).click();
    const revoke = panel.getByTestId('tag-revoke');
    const go = revoke.getByRole('button', { name: 'Revoke signatures' });
    await expect(go).toBeDisabled();
    await revoke.getByLabel(`Type ${gun} to confirm`).fill(gun);
    await revoke.getByLabel('Targets passphrase (if you sign with the targets key)').fill(NOTARY_PASSPHRASES.targets);
    await revoke.getByLabel('Snapshot passphrase (if the snapshot key is yours)').fill(NOTARY_PASSPHRASES.snapshot);
    await revoke.scrollIntoViewIfNeeded();
    await vault.screenshot('registry-tags-revoke');
    await go.click();
    await expect(panel.getByTestId('tag-revoke-result')).toContainText('v1.0 from targets');
    await expect(panel.getByTestId('registry-tag-v1.0')).toHaveAttribute('data-state', 'unsigned');
    expect(await notary.run(['list', gun])).not.toMatch(/v1\.0\s/);
  } finally {
    await registry.stop();
    await server.stop();
  }
});
