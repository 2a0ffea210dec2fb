import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DriveInfo } from '../../shared/dto/backups';
import type { TrustDirInfo } from '../../shared/dto/app';
import type { BackupCreated } from '../../shared/dto/backups';
import { callCore, fakeDrive, openBackups, plug } from '../harness/backup-drives';
import { expect, test } from '../harness/fixtures';
import { opensslKey } from '../harness/notary';
import { E2E_GUN, NOTARY_PASSPHRASES } from '../harness/trust-dirs';

/**
 * Restoring a vault backup into another trust folder: choose the file (main's dialog), the folder, the passphrase
 * (a wrong one is refused with its own explanation), then a preview of every key (new, already present, present but
 * different) from which only new keys can be chosen. The restored key appears in the Keys screen and in
 * `notary key list`; nothing that was there is overwritten.
 */

const BACKUP_PASSPHRASE = 'lantern gravel outpost mural sizzle dagger';
const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

test('restore from a vault backup: preview new / present / different, restore the new key, notary lists it', async ({ vault }) => {
  // The publisher's trust folder: root, repository and delegation keys made by notary.
  const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES });
  const rootId = await notary.generate('root');
  const work = await vault.dir('work');
  await notary.importKeys([await opensslKey(join(work, 'targets.pem'), 'ec')], { role: 'targets', gun: E2E_GUN });
  await notary.importKeys([await opensslKey(join(work, 'releases.pem'), 'ec')], { role: 'targets/releases' });
  const rows = await notary.keyList();
  const targetsId = rows.find((r) => r.role === 'targets')!.id;
  const releasesId = rows.find((r) => r.role === 'targets/releases')!.id;

  // A backup of it on a drive, made through core (the wizard itself is covered by backups.spec.ts).
  const a = await fakeDrive(vault, { device: '/dev/sdb1', label: 'BACKUP-A' });
  plug(vault, a);
  const dirs = await callCore<TrustDirInfo[]>(vault, 'trustDirs', 'list', {});
  const source = dirs.find((d) => d.path === vault.trustDir)!;
  const drives = await callCore<DriveInfo[]>(vault, 'drives', 'list', {});
  const created = await callCore<BackupCreated>(vault, 'backups', 'create', {
    trustDirId: source.id,
    passphrase: BACKUP_PASSPHRASE,
    destinations: [{ kind: 'drive', driveId: drives[0]!.id }],
    jobId: 'setup-backup',
  });
  const backupFile = created.copies[0]!.file!;
  expect(created.copies[0]!.verify?.ok).toBe(true);

  // The target: another trust folder that already holds the root key (same bytes) and the repository key
  // re-encrypted under another passphrase (same key, different file). The delegation key is not there.
  const target = await vault.dir('restored', 'trust');
  await mkdir(join(target, 'private'), { recursive: true, mode: 0o700 });
  await copyFile(join(vault.trustDir, 'private', `${rootId}.key`), join(target, 'private', `${rootId}.key`));
  await copyFile(join(vault.trustDir, 'private', `${targetsId}.key`), join(target, 'private', `${targetsId}.key`));
  const targetNotary = vault.notary({ trustDir: target, passphrases: NOTARY_PASSPHRASES });
  await targetNotary.run(['key', 'passwd', targetsId]);
  const differentBefore = await sha256(join(target, 'private', `${targetsId}.key`));
  expect(differentBefore).not.toBe(await sha256(join(vault.trustDir, 'private', `${targetsId}.key`)));

  const page = vault.page;
  await vault.open();
  await openBackups(page);
  await page.getByRole('tab', { name: 'Restore' }).click();
  const wizard = page.getByTestId('restore-wizard');

  // Step 1: the file, through main's dialog.
  vault.dialogs.nextOpenFiles([backupFile]);
  await wizard.getByRole('button', { name: 'Choose a backup file…' }).click();
  await expect(wizard.getByTestId('chosen-file')).toHaveAttribute('data-kind', 'age');
  await wizard.getByRole('button', { name: 'Next' }).click();

  // Step 2: the target folder, added through main's folder dialog; the app stays on the folder it had open.
  const targetStep = wizard.locator('[data-testid="restore-step"][data-step="target"]');
  await expect(targetStep).toContainText('Step 2 of 4');
  vault.dialogs.nextFolder(target);
  await targetStep.getByRole('button', { name: 'Another folder…' }).click();
  await expect(targetStep.getByRole('radio', { name: new RegExp(target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) })).toBeChecked();
  await expect(page.getByTestId('trust-dir').filter({ has: page.locator('[aria-current="true"]') })).toContainText(vault.trustDir);
  await targetStep.getByRole('button', { name: 'Next' }).click();

  // Step 3: a wrong passphrase is refused with its own explanation, and nothing is written.
  const passStep = wizard.locator('[data-testid="restore-step"][data-step="passphrase"]');
  await passStep.getByLabel('Backup passphrase').fill('not the backup passphrase');
  await passStep.getByRole('button', { name: 'Open the backup' }).click();
  const error = passStep.getByTestId('error-note');
  await expect(error).toHaveAttribute('data-error-code', 'WRONG_PASSPHRASE');
  await expect(error).toContainText('Wrong backup passphrase');
  await expect(error).toContainText('not the passphrase of a key');
  await expect(passStep.getByLabel('Backup passphrase')).toHaveValue('');
  await vault.screenshot('restore-wrong-passphrase');

  await passStep.getByLabel('Backup passphrase').fill(BACKUP_PASSPHRASE);
  await passStep.getByRole('button', { name: 'Open the backup' }).click();

  // Step 4: the preview, key by key, against the target folder.
  const preview = wizard.getByTestId('restore-preview');
  await expect(preview.getByTestId('restore-key')).toHaveCount(3);
  const row = (id: string) => preview.locator(`[data-testid="restore-key"][data-key-id="${id}"]`);
  await expect(row(rootId)).toHaveAttribute('data-state', 'present');
  await expect(row(rootId)).toContainText('Already present');
  await expect(row(targetsId)).toHaveAttribute('data-state', 'different');
  await expect(row(targetsId)).toContainText('Present but different');
  await expect(row(targetsId)).toContainText(E2E_GUN);
  await expect(row(releasesId)).toHaveAttribute('data-state', 'new');
  await expect(row(releasesId)).toContainText('targets/releases');
  await expect(row(rootId).getByRole('checkbox')).toBeDisabled();
  await expect(row(targetsId).getByRole('checkbox')).toBeDisabled();
  await expect(row(releasesId).getByRole('checkbox')).toBeChecked();
  await page.mouse.move(0, 0);
  await vault.screenshot('restore-preview');
  await wizard.getByRole('button', { name: 'Restore 1 file' }).click();

  // Done: the new key was written; the different one was left as it was.
  const done = wizard.getByTestId('restore-done');
  await expect(done.getByTestId('restored-files')).toContainText(`${releasesId}.key`);
  expect(await sha256(join(target, 'private', `${targetsId}.key`))).toBe(differentBefore);
  expect(await sha256(join(target, 'private', `${releasesId}.key`))).toBe(await sha256(join(vault.trustDir, 'private', `${releasesId}.key`)));

  // The Keys screen of the restored folder lists the three keys; so does notary.
  await done.getByRole('button', { name: 'Show the keys' }).click();
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
  await expect(page.getByTestId('trust-dir').filter({ has: page.locator('[aria-current="true"]') })).toContainText(target);
  const keyRows = page.getByRole('grid', { name: 'Keys' }).getByTestId('key-row');
  await expect(keyRows).toHaveCount(3);
  await expect(page.locator(`[data-testid="key-row"][data-key-id="${releasesId}"]`)).toBeVisible();
  const listed = (await targetNotary.keyList()).map((r) => r.id).sort();
  expect(listed).toEqual([rootId, targetsId, releasesId].sort());
  expect(vault.pageErrors).toEqual([]);
  expect(vault.consoleErrors).toEqual([]);
});
