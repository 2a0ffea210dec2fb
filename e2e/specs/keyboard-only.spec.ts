import { join } from 'node:path';
import { backupFilesOn, fakeDrive, plug } from '../harness/backup-drives';
import { expect, test } from '../harness/fixtures';
import { press, tabTo } from '../harness/keyboard';

/**
 * With the keyboard only, from an empty trust folder: generate a root key, back it up to two drives from the first
 * screen after it is made, and restore it into another trust folder. Only Tab, Shift+Tab, Enter, Space and typing;
 * the harness stands in for the native file and folder dialogs and the USB drives, as everywhere.
 */

const KEY_PASSPHRASE = 'quarry lantern mosaic pebble saddle tinsel';
const BACKUP_PASSPHRASE = 'tundra oxidize velvet gallon shaky emblem';

test('keyboard only: generate a root key, back it up to two drives, restore it into another trust folder', async ({ vault }) => {
  test.setTimeout(120_000);
  const a = await fakeDrive(vault, { device: '/dev/sdb1', label: 'KEYS-A' });
  const b = await fakeDrive(vault, { device: '/dev/sdc1', label: 'KEYS-B' });
  plug(vault, a, b);
  const page = vault.page;
  const kb = page.keyboard;
  await vault.open();
  await expect(page.getByTestId('empty-state')).toBeVisible();

  // Generate: the dialog opens on its first choice (root, the default), Next, then the passphrase step.
  await press(page, page.getByTestId('empty-state').getByRole('button', { name: 'Generate a key' }));
  const dialog = page.getByRole('dialog', { name: 'Generate a key' });
  await expect(dialog.getByRole('radio', { name: 'Root key' })).toBeFocused();
  await expect(dialog.getByRole('radio', { name: 'Root key' })).toBeChecked();
  await press(page, dialog.getByRole('button', { name: 'Next' }));
  const step = dialog.getByTestId('passphrase-step');
  await expect(step.getByLabel('Passphrase', { exact: true })).toBeFocused();
  await kb.type(KEY_PASSPHRASE);
  await expect(step.getByTestId('passphrase-strength')).not.toContainText('Checking');
  await press(page, step.getByRole('button', { name: 'Next' }));
  await expect(step).toHaveAttribute('data-substep', 'store');
  await tabTo(page, step.getByRole('checkbox', { name: 'I have stored it in my password manager' }));
  await kb.press('Space');
  await press(page, step.getByRole('button', { name: 'Next' }));
  await expect(step).toHaveAttribute('data-substep', 'confirm');
  await expect(step.getByLabel('Retype passphrase')).toBeFocused();
  await kb.type(KEY_PASSPHRASE);
  await press(page, step.getByRole('button', { name: 'Create the key' }));
  const done = dialog.getByTestId('generate-done');
  const rootId = (await done.getByTestId('generated-key-id').textContent())!.trim();

  // The first screen after it: "Back up to USB drives now" has focus.
  await expect(done.getByTestId('back-up-now')).toBeFocused();
  await kb.press('Enter');
  const wizard = page.getByTestId('backup-wizard');
  await expect(wizard.getByRole('radio', { name: /^All keys \(1 key\)/ })).toBeChecked();
  await press(page, wizard.getByRole('button', { name: 'Next' }));
  const backupStep = wizard.getByTestId('passphrase-step');
  await tabTo(page, backupStep.getByLabel('Passphrase', { exact: true }));
  await kb.type(BACKUP_PASSPHRASE);
  await expect(backupStep.getByTestId('passphrase-strength')).not.toContainText('Checking');
  await press(page, backupStep.getByRole('button', { name: 'Next' }));
  await tabTo(page, backupStep.getByRole('checkbox', { name: 'I have stored it in my password manager' }));
  await kb.press('Space');
  await press(page, backupStep.getByRole('button', { name: 'Next' }));
  await tabTo(page, backupStep.getByLabel('Retype passphrase'));
  await kb.type(BACKUP_PASSPHRASE);
  await press(page, backupStep.getByRole('button', { name: 'Next: choose the drives' }));
  const driveRadio = (label: string) => wizard.locator(`[data-testid="drive-option"][data-drive-label="${label}"]`).getByRole('radio');
  await tabTo(page, driveRadio('KEYS-A'));
  await kb.press('Space');
  await expect(driveRadio('KEYS-A')).toBeChecked();
  await press(page, wizard.getByRole('button', { name: 'Next' }));
  await tabTo(page, driveRadio('KEYS-B'));
  await kb.press('Space');
  await press(page, wizard.getByRole('button', { name: 'Write the backup' }));
  await expect(wizard.getByTestId('backup-done')).toBeVisible({ timeout: 30_000 });
  await expect(wizard.locator('[data-testid="backup-copy"][data-verified="true"]')).toHaveCount(2);
  const [onA] = await backupFilesOn(a);
  expect(onA).toBeTruthy();
  expect(await backupFilesOn(b)).toHaveLength(1);

  // Restore from the copy on KEYS-A into another trust folder.
  const other = await vault.dir('other', 'trust');
  // The tabs are one stop (roving focus): Tab to the current one, then the arrows.
  await tabTo(page, page.getByRole('tab', { name: 'Back up keys' }));
  await kb.press('ArrowRight');
  await kb.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Restore' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Restore' })).toHaveAttribute('aria-selected', 'true');
  const restore = page.getByTestId('restore-wizard');
  vault.dialogs.nextOpenFiles([onA!]);
  await press(page, restore.getByRole('button', { name: 'Choose a backup file…' }));
  await expect(restore.getByTestId('chosen-file')).toHaveAttribute('data-kind', 'age');
  await press(page, restore.getByRole('button', { name: 'Next' }));
  const target = restore.locator('[data-testid="restore-step"][data-step="target"]');
  vault.dialogs.nextFolder(other);
  await press(page, target.getByRole('button', { name: 'Another folder…' }));
  await expect(target.getByRole('radio', { checked: true })).toHaveAccessibleName(new RegExp(other.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  await press(page, target.getByRole('button', { name: 'Next' }));
  const pass = restore.locator('[data-testid="restore-step"][data-step="passphrase"]');
  await tabTo(page, pass.getByLabel('Backup passphrase'));
  await kb.type(BACKUP_PASSPHRASE);
  await press(page, pass.getByRole('button', { name: 'Open the backup' }));
  const preview = restore.getByTestId('restore-preview');
  await expect(preview.locator(`[data-testid="restore-key"][data-key-id="${rootId}"]`)).toHaveAttribute('data-state', 'new');
  await press(page, restore.getByRole('button', { name: 'Restore 1 file' }));
  await expect(restore.getByTestId('restore-done')).toBeVisible();
  await vault.screenshot('keyboard-only-restored');

  // The other folder now holds the root key, as notary sees it.
  const listed = await vault.notary({ trustDir: other }).keyList();
  expect(listed.map((r) => [r.role, r.id])).toEqual([['root', rootId]]);
  expect(join(other, 'private')).toBeTruthy();
  expect(vault.pageErrors).toEqual([]);
});
