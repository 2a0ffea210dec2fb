import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { TrustDirInfo } from '../../shared/dto/app';
import type { BackupCreated, DriveInfo } from '../../shared/dto/backups';
import { violationsLightAndDark } from '../harness/axe';
import { callCore, fakeDrive, plug } from '../harness/backup-drives';
import { expect, test } from '../harness/fixtures';
import { screenshotLooks } from '../harness/looks';
import { startNotaryServer } from '../harness/notary';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';
import { createVaultInUi, lockState, navTo, unlockInUi } from '../harness/vault-flow';

/**
 * Recovery where the loss is noticed (issue 16, point 7): a recovery step that needs another screen links to it, and
 * coming back returns to the wizard at the same step. Against a real notary-server and a repository the notary CLI
 * made: its targets key lost, its root key taken offline into the vault and the vault locked, no notary server set
 * in the app yet. The rotation step links to the repository's server setting and to the Vault screen; each is done
 * there, the banner brings the person back to the same step, and the rotation then ends trusted.
 */

const GUN = 'example.com/ac/links';

async function selectedTrustDirId(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const r = await window.vault.trustDirs.list({});
    if (!r.ok) throw new Error(r.message);
    return r.value.find((d) => d.selected)!.id;
  });
}

test('a recovery step links to the server setting and the vault, and comes back to the same step', async ({ vault }) => {
  test.setTimeout(300_000);
  const server = await startNotaryServer(join(await vault.dir('work'), 'server'));
  try {
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.initWithTag(GUN, await vault.dir('work'));
    const keys = await notary.keyList();
    const targets = keys.find((r) => r.role === 'targets' && r.gun === GUN)!.id;
    const root = keys.find((r) => r.role === 'root')!.id;
    await rm(join(vault.trustDir, 'private', `${targets}.key`));

    await vault.open();
    const page = vault.page;
    // The root key goes offline into the vault (its only copy, so insisted), then the vault is locked.
    await createVaultInUi(page);
    const trustDirId = await selectedTrustDirId(page);
    const offline = await page.evaluate(async (a) => (await window.vault.vault.takeOffline({ ...a, insist: true })).ok, { trustDirId, keyId: root });
    expect(offline).toBe(true);
    await lockState(page).getByRole('button', { name: 'Lock the vault' }).click();
    await expect(lockState(page)).toHaveAttribute('data-state', 'locked');

    // The repository's page, no server set in the app: the wizard plans from the cached trust data.
    await navTo(page, 'Repositories');
    await page.getByRole('button', { name: `Open ${GUN}` }).click();
    const view = page.getByTestId('repo-view');
    await view.getByTestId('publisher').getByRole('button', { name: 'Recover after a lost key…' }).click();
    const wizard = page.getByTestId('recovery-wizard');
    await expect(wizard.getByTestId('recovery-plan')).toHaveAttribute('data-lost', 'targets');
    await wizard.getByRole('button', { name: 'Start' }).click();
    const step = wizard.getByTestId('recovery-step');
    await expect(step).toHaveAttribute('data-step', 'rotate-targets');
    const links = wizard.getByTestId('step-links');
    await expect(links.getByTestId('step-link')).toHaveCount(2);
    await expect(links.locator('[data-link="vault"]')).toContainText('offline, in the vault');
    await expect(links.locator('[data-link="server"]')).toContainText('none is set for it yet');
    await links.scrollIntoViewIfNeeded();
    expect(await violationsLightAndDark(page), 'the step with its links').toEqual([]);
    await screenshotLooks(vault, 'recovery-links-step');

    // 1. The server: set on the repository's own page, with the wizard waiting.
    await links.getByRole('button', { name: 'Set the notary server' }).click();
    await expect(wizard).toBeHidden();
    const banner = page.getByTestId('back-to-recovery');
    await expect(banner).toContainText(`Recovery of ${GUN} is waiting`);
    await expect(banner).toContainText('Check against the server');
    const panel = view.getByTestId('server-check');
    await panel.getByLabel('Notary server address').fill(server.url);
    await panel.getByRole('button', { name: 'Check against the server' }).click();
    await expect(panel.getByTestId('server-check-result')).toHaveAttribute('data-verdict', 'trusted');
    expect(await violationsLightAndDark(page), 'the banner on the repository page').toEqual([]);
    await screenshotLooks(vault, 'recovery-links-banner');
    await banner.getByRole('button', { name: 'Back to the recovery' }).click();
    await expect(banner).toBeHidden();
    await expect(step).toHaveAttribute('data-step', 'rotate-targets');
    await expect(links.locator('[data-link="server"]')).toHaveCount(0);
    await expect(links.locator('[data-link="vault"]')).toHaveCount(1);

    // 2. The vault: unlocked on the Vault screen, then back to the same step again, with nothing left to fetch.
    await links.getByRole('button', { name: 'Unlock the vault' }).click();
    await expect(page.getByTestId('vault-unlock')).toBeVisible();
    await expect(banner).toContainText('offline, in the vault');
    await vault.screenshot('recovery-links-vault');
    await unlockInUi(page);
    await expect(lockState(page)).toHaveAttribute('data-state', 'unlocked');
    await banner.getByRole('button', { name: 'Back to the recovery' }).click();
    await expect(step).toHaveAttribute('data-step', 'rotate-targets');
    await expect(wizard.getByTestId('step-links')).toHaveCount(0);

    // 3. The step now does what it is for: the offline root signs the new targets key in; the server trusts it.
    await step.getByLabel('Passphrase of the root key', { exact: true }).fill(NOTARY_PASSPHRASES.root);
    await step.getByLabel('Passphrase for the new targets key', { exact: true }).fill(NOTARY_PASSPHRASES.targets);
    await step.getByLabel('Repeat the passphrase for the new targets key', { exact: true }).fill(NOTARY_PASSPHRASES.targets);
    await step.getByRole('checkbox', { name: 'I have stored the targets passphrase in my password manager' }).check();
    await step.getByLabel('Passphrase of the snapshot key', { exact: true }).fill(NOTARY_PASSPHRASES.snapshot);
    await step.getByRole('button', { name: 'Rotate the targets key' }).click();
    await expect(step.getByTestId('publish-outcome')).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(wizard.getByTestId('recovery-final')).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
  } finally {
    await server.stop();
  }
});

test('a key only in a verified backup: the step links to Restore, and coming back the plan has moved on', async ({ vault }) => {
  test.setTimeout(300_000);
  const gun = 'example.com/ac/restored';
  const server = await startNotaryServer(join(await vault.dir('work'), 'server'));
  try {
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.run(['init', '-p', gun]);
    const file = await vault.path('work', 'v1.txt');
    await writeFile(file, 'first release\n');
    await notary.run(['add', gun, 'v1.0', file]);
    await notary.publish(gun);
    const targets = (await notary.keyList()).find((r) => r.role === 'targets' && r.gun === gun)!.id;

    // A verified backup of the targets key on a USB stick, then the key file is gone from the trust folder.
    const stick = await fakeDrive(vault, { device: '/dev/sdb1', label: 'BACKUP-A' });
    plug(vault, stick);
    const dirs = await callCore<TrustDirInfo[]>(vault, 'trustDirs', 'list', {});
    const drives = await callCore<DriveInfo[]>(vault, 'drives', 'list', {});
    const passphrase = 'lantern gravel outpost mural sizzle dagger';
    const created = await callCore<BackupCreated>(vault, 'backups', 'create', {
      trustDirId: dirs.find((d) => d.path === vault.trustDir)!.id,
      keyIds: [targets],
      passphrase,
      destinations: [{ kind: 'drive', driveId: drives[0]!.id }],
      jobId: 'setup-backup',
    });
    await rm(join(vault.trustDir, 'private', `${targets}.key`));

    await vault.open();
    const page = vault.page;
    await navTo(page, 'Repositories');
    await page.getByRole('button', { name: `Open ${gun}` }).click();
    const view = page.getByTestId('repo-view');
    const panel = view.getByTestId('server-check');
    await panel.getByLabel('Notary server address').fill(server.url);
    await panel.getByRole('button', { name: 'Check against the server' }).click();
    await expect(panel.getByTestId('server-check-result')).toHaveAttribute('data-verdict', 'trusted');
    await view.getByTestId('publisher').getByRole('button', { name: 'Recover after a lost key…' }).click();
    const wizard = page.getByTestId('recovery-wizard');
    await expect(wizard.getByTestId('recovery-plan').locator('[data-testid="recovery-role"][data-role="targets"]')).toHaveAttribute('data-status', 'backup-only');
    await wizard.getByRole('button', { name: 'Start' }).click();
    const step = wizard.getByTestId('recovery-step');
    await expect(step).toHaveAttribute('data-step', 'restore-backup');
    const link = wizard.locator('[data-testid="step-link"][data-link="backups-restore"]');
    await expect(link).toContainText('only in a verified backup');
    await page.mouse.move(0, 0);
    await vault.screenshot('recovery-links-restore-step');

    // The Backups screen, on its Restore tab, with the wizard waiting above it.
    await link.getByRole('button', { name: 'Restore from a backup' }).click();
    await expect(page.getByRole('heading', { name: 'Backups', level: 1 })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Restore' })).toHaveAttribute('aria-selected', 'true');
    const banner = page.getByTestId('back-to-recovery');
    await expect(banner).toContainText('restore it on the Backups screen');
    const restore = page.getByTestId('restore-wizard');
    vault.dialogs.nextOpenFiles([created.copies[0]!.file!]);
    await restore.getByRole('button', { name: 'Choose a backup file…' }).click();
    await restore.getByRole('button', { name: 'Next' }).click();
    await restore.locator('[data-testid="restore-step"][data-step="target"]').getByRole('button', { name: 'Next' }).click();
    const passStep = restore.locator('[data-testid="restore-step"][data-step="passphrase"]');
    await passStep.getByLabel('Backup passphrase').fill(passphrase);
    await passStep.getByRole('button', { name: 'Open the backup' }).click();
    await expect(restore.locator(`[data-testid="restore-key"][data-key-id="${targets}"]`)).toHaveAttribute('data-state', 'new');
    await restore.getByRole('button', { name: 'Restore 1 file' }).click();
    await expect(restore.getByTestId('restore-done')).toBeVisible();
    await page.mouse.move(0, 0);
    await screenshotLooks(vault, 'recovery-links-restored');

    // Back: the plan is read again, the restore step is done, and the wizard is where that step was: the final check.
    await banner.getByRole('button', { name: 'Back to the recovery' }).click();
    await expect(wizard.getByTestId('recovery-page')).toHaveAttribute('data-page', 'final');
    await expect(wizard.getByTestId('recovery-final')).toHaveAttribute('data-verdict', 'trusted', { timeout: 30_000 });
    await expect(banner).toBeHidden();
    await wizard.getByRole('button', { name: 'Back' }).click();
    await expect(wizard.getByTestId('recovery-plan').locator('[data-testid="recovery-role"][data-role="targets"]')).toHaveAttribute('data-status', 'have');
  } finally {
    await server.stop();
  }
});
