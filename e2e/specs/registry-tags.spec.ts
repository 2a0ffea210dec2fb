import { join } from 'node:path';
import { expect, test } from '../harness/fixtures';
import { openRepoWithServer } from '../harness/repo-page';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';
import { pushImage, servedManifest } from '../../test/support/registry';
import { withRegistryBed } from '../../test/support/registry-bed';

/**
 * Image tags on a repository's page (issue 14, point 6): Debian's docker-registry with two images pushed by skopeo
 * and a notary-server on loopback; the registry's tags listed with their state, two signed after a preview of exactly
 * what changes, the result read back from the server (and from the notary CLI), one revoked after a typed confirmation.
 */
test('registry tags: list, preview, sign, result from the server, revoke', async ({ vault }) => {
  test.setTimeout(180_000);
  const work = await vault.dir('work');
  await withRegistryBed(work, async ({ registry, server }) => {
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
    const view = await openRepoWithServer(page, gun, server.url);

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
  });
});

/**
 * Registry credentials entered in main's own prompt (issue 14, point 6): a docker-registry behind htpasswd refuses
 * anonymous listing; "Sign in to the registry…" makes main ask (the harness's scripted prompt stands in for the
 * Electron window), the panel then lists as "Signed in as alice" and never holds the password; the screen locking
 * with no vault, and locking the vault, each wipe the credentials, so the registry refuses again.
 */
test('registry sign-in: main prompts, the panel only learns the user name, a lock wipes it', async ({ vault }) => {
  test.setTimeout(180_000);
  const work = await vault.dir('work');
  const PASSWORD = 'registry-secret-Zq81';
  await withRegistryBed(work, async ({ registry, server }) => {
    const gun = `${registry.host}/acme/private`;
    await pushImage(registry, join(work, 'img'), 'acme/private', 'v1');
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.init(gun);
    await notary.publish(gun);

    await vault.open();
    const page = vault.page;
    await page.setViewportSize({ width: 1280, height: 1500 });
    const view = await openRepoWithServer(page, gun, server.url);

    const panel = view.getByTestId('registry-tags');
    await expect(panel.getByTestId('registry-tags-error')).toContainText('asks for a user name and password');
    // Cancelled first: nothing changes.
    await panel.getByRole('button', { name: 'Sign in to the registry…' }).click();
    await expect(panel.getByTestId('registry-tags-error')).toBeVisible();
    vault.dialogs.nextRegistryLogin({ user: 'alice', password: PASSWORD });
    await panel.getByRole('button', { name: 'Sign in to the registry…' }).click();
    await expect(panel.getByTestId('registry-user')).toHaveText('Signed in as alice');
    await expect(panel.getByTestId('registry-tag-v1')).toHaveAttribute('data-state', 'unsigned');
    await expect(panel.getByTestId('registry-tags-error')).toHaveCount(0);
    expect(vault.dialogs.asked.filter((a) => a.kind === 'registry-login')).toEqual([
      { kind: 'registry-login', title: registry.host, answer: null },
      { kind: 'registry-login', title: registry.host, answer: 'alice' },
    ]);
    // The password never reached the renderer: not in the page, not in its store.
    expect(await page.content()).not.toContain(PASSWORD);
    await panel.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await vault.screenshot('registry-signed-in');

    // Locking wipes what main holds: the registry refuses anonymous access again.
    const trustDirId = (await page.evaluate(async () => {
      const r = await window.vault.trustDirs.list({});
      return r.ok ? r.value : [];
    })) as { id: string; path: string }[];
    const dirId = trustDirId.find((d) => d.path === vault.trustDir)!.id;
    const listAs = () => page.evaluate(async (a) => window.vault.tags.list(a), { trustDirId: dirId, gun });
    expect(await listAs()).toMatchObject({ ok: true, value: { signedInAs: 'alice' } });
    // No vault yet, and the screen locks: the registry login goes all the same.
    vault.power.lockScreen();
    // The panel on screen hears it and reads the list again: it no longer says who was signed in.
    await expect(panel.getByTestId('registry-user')).toHaveCount(0);
    await expect(panel.getByTestId('registry-tags-error')).toContainText('asks for a user name and password');
    expect(await listAs()).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    vault.dialogs.nextRegistryLogin({ user: 'alice', password: PASSWORD });
    expect(await page.evaluate(async (g) => window.vault.tags.signIn({ gun: g }), gun)).toMatchObject({ ok: true, value: { signedInAs: 'alice' } });
    expect(await listAs()).toMatchObject({ ok: true, value: { signedInAs: 'alice' } });
    // A vault (created here, so unlocked) is locked: every secret main holds goes, the registry login with it.
    expect(await page.evaluate(async () => window.vault.vault.create({ passphrase: 'master passphrase for e2e', unlockSeconds: 0.25 }))).toMatchObject({ ok: true });
    expect(await listAs()).toMatchObject({ ok: true, value: { signedInAs: 'alice' } });
    await page.evaluate(async () => window.vault.vault.lock({}));
    expect(await listAs()).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
  }, { kind: 'htpasswd', user: 'alice', password: PASSWORD });
});
