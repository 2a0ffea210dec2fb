import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rememberArchive } from '../../electron/core/backup/written-archives';
import { backupFilesOn, fakeDrive, openBackups, plug } from '../harness/backup-drives';
import { expect, test } from '../harness/fixtures';
import { walkPassphraseStep } from '../harness/passphrase-step';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';

/**
 * Issue 15, point 3 in the backup wizard: the trust-data archives main wrote are offered (by name, no path) as an
 * optional choice in step 1; main verifies a chosen one before packing, and a damaged one stops the backup with an
 * error naming the file, writing nothing. (The verified, carried case is shown against the real notary-server in
 * test/interop/backup-trust-archive.test.ts.)
 */
test('the wizard offers remembered trust-data archives; a damaged one stops the backup, naming the file', async ({ vault }) => {
  await vault.notary({ passphrases: NOTARY_PASSPHRASES }).generate('root');
  const archive = await vault.dir('archives', 'trust-archive-20261207-101500Z');
  mkdirSync(join(archive, 'tuf'), { recursive: true });
  writeFileSync(join(archive, 'archive.json'), '{"format":"trust-vault-archive/1","damaged":true}\n');
  rememberArchive(vault.dataDir, { dir: archive, guns: ['example.com/acme/app'], writtenAt: '2026-12-07T10:15:00.000Z' });
  const a = await fakeDrive(vault, { device: '/dev/sdb1', label: 'BACKUP-A' });
  const b = await fakeDrive(vault, { device: '/dev/sdc1', label: 'BACKUP-B' });
  plug(vault, a, b);

  const page = vault.page;
  await vault.open();
  await openBackups(page);
  await page.getByRole('tab', { name: 'Back up keys' }).click();
  const wizard = page.getByTestId('backup-wizard');
  const choice = wizard.getByTestId('backup-archives');
  await expect(choice).toContainText('trust-archive-20261207-101500Z');
  await expect(choice).toContainText('example.com/acme/app');
  await expect(choice).not.toContainText(vault.root);
  await choice.getByRole('checkbox').check();
  await page.mouse.move(0, 0);
  await vault.screenshot('backup-wizard-trust-archives');
  await wizard.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(wizard, 'tundra oxidize velvet gallon shaky emblem', 'Next: choose the drives');
  await wizard.locator('[data-testid="drive-option"][data-drive-label="BACKUP-A"]').getByRole('radio').check();
  await wizard.getByRole('button', { name: 'Next' }).click();
  const second = wizard.locator('[data-testid="backup-step"][data-step="second-drive"]');
  await second.locator('[data-testid="drive-option"][data-drive-label="BACKUP-B"]').getByRole('radio').check();
  await second.getByRole('button', { name: 'Write the backup' }).click();
  await expect(second).toContainText('archive.json', { timeout: 30_000 });
  await expect(second).toContainText('does not verify');
  expect(await backupFilesOn(a)).toHaveLength(0);
  await page.mouse.move(0, 0);
  await vault.screenshot('backup-wizard-trust-archive-damaged');
});
