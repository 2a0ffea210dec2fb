import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../harness/fixtures';
import { openRepoWithServer } from '../harness/repo-page';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';
import { pushImage } from '../../test/support/registry';
import { withRegistryBed } from '../../test/support/registry-bed';

/**
 * Recovery finishes in the app (issue 14, point 5), against Debian's docker-registry and a notary-server on loopback:
 * two image tags signed by the real notary CLI with their manifests' digests, the root key lost, v2's image deleted
 * from the registry. The wizard deletes the trust data, makes a new root, and its "Sign the tags again" step puts v1
 * back with the digest it had (kept by main from the verified plan before the delete) and lists v2 as unresolved.
 */
test('lost root key: the wizard puts the tags back itself; a tag the registry lost is listed, not signed', async ({ vault }) => {
  test.setTimeout(240_000);
  const work = await vault.dir('work');
  await withRegistryBed(work, async ({ registry, server }) => {
    const repo = 'acme/lost';
    const gun = `${registry.host}/${repo}`;
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.run(['init', '-p', gun]);
    const digests: Record<string, string> = {};
    for (const tag of ['v1', 'v2']) {
      await pushImage(registry, join(work, 'img'), repo, tag, `${repo}:${tag}`);
      const r = await fetch(`http://${registry.host}/v2/${repo}/manifests/${tag}`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' } });
      const body = Buffer.from(await r.arrayBuffer());
      digests[tag] = r.headers.get('docker-content-digest')!;
      // `notary add` hashes the file: the manifest's bytes give the manifest's digest, as docker signs it.
      const file = join(work, `${tag}.json`);
      await writeFile(file, body);
      await notary.run(['add', gun, tag, file]);
    }
    await notary.publish(gun);
    expect(await notary.run(['list', gun])).toContain(digests.v2!.slice(7));
    const oldRoot = (await notary.keyList()).find((r) => r.role === 'root')!.id;
    await rm(join(vault.trustDir, 'private', `${oldRoot}.key`));

    await vault.open();
    const page = vault.page;
    await page.setViewportSize({ width: 1280, height: 1300 });
    const view = await openRepoWithServer(page, gun, server.url);
    await view.getByTestId('publisher').getByRole('button', { name: 'Recover after a lost key…' }).click();

    const wizard = page.getByTestId('recovery-wizard');
    await expect(wizard.getByTestId('recovery-plan')).toHaveAttribute('data-root-lost', 'true');
    // v2's image leaves the registry after the plan was made (and its verified tags kept).
    expect((await fetch(`http://${registry.host}/v2/${repo}/manifests/${digests.v2}`, { method: 'DELETE' })).status).toBe(202);

    await wizard.getByRole('button', { name: 'Start' }).click();
    const step = wizard.getByTestId('recovery-step');
    await step.getByTestId('delete-trust-data-confirmation').fill(gun);
    await step.getByRole('button', { name: 'Delete the trust data on the server' }).click();
    await expect(step.getByTestId('trust-data-deleted')).toBeVisible();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(step).toHaveAttribute('data-step', 'init-new-root');
    for (const role of ['root', 'targets', 'snapshot'] as const) {
      const label = role === 'root' ? 'Passphrase for the root key' : `Passphrase for the new ${role} key`;
      await step.getByLabel(label, { exact: true }).fill(NOTARY_PASSPHRASES[role]);
      await step.getByLabel(`Repeat the passphrase for the new ${role} key`, { exact: true }).fill(NOTARY_PASSPHRASES[role]);
      await step.getByRole('checkbox', { name: `I have stored the ${role} passphrase in my password manager` }).check();
    }
    await step.getByRole('button', { name: 'Initialise with a new root' }).click();
    await expect(step.getByTestId('publish-outcome')).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    expect(await notary.run(['list', gun])).not.toContain('v1');

    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(step).toHaveAttribute('data-step', 're-sign-tags');
    const putBack = step.getByTestId('put-tags-back');
    await expect(putBack.getByTestId('put-back-inventory')).toContainText('v1');
    await expect(putBack.getByTestId('put-back-inventory')).toContainText('v2');
    await putBack.getByLabel('Passphrase of the new targets key', { exact: true }).fill(NOTARY_PASSPHRASES.targets);
    await putBack.getByLabel('Passphrase of the snapshot key (if it is kept here)', { exact: true }).fill(NOTARY_PASSPHRASES.snapshot);
    await putBack.getByRole('button', { name: 'Put the tags back' }).click();
    const result = putBack.getByTestId('put-back-result');
    await expect(result).toHaveAttribute('data-signed', 'v1', { timeout: 30_000 });
    await expect(result).toHaveAttribute('data-unresolved', 'v2');
    await expect(result.getByTestId('put-back-unresolved')).toContainText('v2');
    await page.mouse.move(0, 0);
    await vault.screenshot('recovery-put-tags-back');

    // The real notary CLI (trusting the new root on first use) lists v1 with the digest it had, and no v2.
    const consumer = vault.notary({ trustDir: await vault.dir('consumer-trust'), server: server.url });
    const listed = await consumer.run(['list', gun]);
    expect(listed).toMatch(new RegExp(`v1\\s+${digests.v1!.slice(7)}\\s+\\d+\\s+targets`));
    expect(listed).not.toMatch(/v2\s/);
  });
});
