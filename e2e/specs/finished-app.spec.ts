import { join } from 'node:path';
import { fakeDrive, plug } from '../harness/backup-drives';
import { dropFiles } from '../harness/drop';
import { expect, test, type Vault } from '../harness/fixtures';
import { screenshotLooks, setLook, MIN_WINDOW, WIDE_WINDOW } from '../harness/looks';
import { opensslKey } from '../harness/notary';
import { walkPassphraseStep } from '../harness/passphrase-step';
import { E2E_GUN, makeNotaryTrustDir, NOTARY_PASSPHRASES } from '../harness/trust-dirs';

/**
 * Issue 16, "a desktop app that feels finished", against keys the real notary CLI made: backups never out of sight,
 * the key list people expect (count, filter, sort, long names at the minimum window size), drag and drop, the
 * keyboard (shortcuts, dialog focus), dark mode and the About screen, each with screenshots at 1280x800 and at the
 * minimum size, light and dark.
 */

const LONG_GUN = 'registry.example.com/platform-engineering-team/very-long-application-name-for-release-signing';
const BACKUP_PASSPHRASE = 'tundra oxidize velvet gallon shaky emblem';

/** A root key and two repository keys (one with a long GUN), made and imported by notary. */
async function notaryKeys(vault: Vault): Promise<{ root: string; short: string; long: string }> {
  const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES });
  const root = await notary.generate('root');
  const work = await vault.dir('work');
  await notary.importKeys([await opensslKey(join(work, 'a.pem'), 'ec')], { role: 'targets', gun: E2E_GUN });
  await notary.importKeys([await opensslKey(join(work, 'b.pem'), 'ec')], { role: 'targets', gun: LONG_GUN });
  const rows = await notary.keyList();
  // notary key list cuts long GUNs in its table: the long one is the other targets key.
  const short = rows.find((r) => r.gun === E2E_GUN)!.id;
  return { root, short, long: rows.find((r) => r.role === 'targets' && r.id !== short)!.id };
}

const row = (vault: Vault, id: string) => vault.page.locator(`[data-testid="key-row"][data-key-id="${id}"]`);

test('backups are never out of sight: the key list column, the sidebar badge, the key detail, and back up now', async ({ vault }) => {
  const ids = await notaryKeys(vault);
  const a = await fakeDrive(vault, { device: '/dev/sdb1', label: 'KEYS-A' });
  const b = await fakeDrive(vault, { device: '/dev/sdc1', label: 'KEYS-B' });
  plug(vault, a, b);
  const page = vault.page;
  await vault.open();

  // Every key says it has no backup; the sidebar counts them, red because a root key is among them.
  for (const id of Object.values(ids)) await expect(row(vault, id).getByTestId('key-backup')).toHaveAttribute('data-backup', 'none');
  await expect(row(vault, ids.root).getByTestId('key-backup')).toContainText('No backup');
  const badge = page.getByRole('navigation', { name: 'Screens' }).getByTestId('backups-badge');
  await expect(badge).toHaveAttribute('data-count', '3');
  await expect(badge).toHaveAttribute('data-root', 'true');
  await expect(page.getByRole('link', { name: 'Backups', exact: true })).toHaveAccessibleDescription('3 keys without a verified backup, including a root key');

  // The root key's detail says so, and offers the wizard.
  await row(vault, ids.root).click();
  const detail = page.getByTestId('key-detail');
  await expect(detail.getByTestId('key-detail-backup')).toHaveAttribute('data-backup', 'none');
  await expect(detail.getByTestId('key-detail-backup')).toContainText('This key has no backup.');
  await screenshotLooks(vault, 'finished-backup-none');
  await detail.getByTestId('back-up-now').click();

  // The backup wizard, every key, two drives.
  await expect(page.getByRole('tab', { name: 'Back up keys' })).toHaveAttribute('aria-selected', 'true');
  const wizard = page.getByTestId('backup-wizard');
  await expect(wizard.getByRole('radio', { name: /^All keys \(3 keys\)/ })).toBeChecked();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(wizard, BACKUP_PASSPHRASE, 'Next: choose the drives');
  await wizard.locator('[data-testid="drive-option"][data-drive-label="KEYS-A"]').getByRole('radio').check();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.locator('[data-testid="drive-option"][data-drive-label="KEYS-B"]').getByRole('radio').check();
  await wizard.getByRole('button', { name: 'Write the backup' }).click();
  await expect(wizard.getByTestId('backup-done')).toBeVisible({ timeout: 30_000 });

  // The badge is gone; the list says "2 verified" with the drives on hover; the detail no longer warns.
  await expect(badge).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Keys', exact: true }).click();
  const cell = row(vault, ids.root).getByTestId('key-backup');
  await expect(cell).toHaveAttribute('data-backup', 'verified');
  await expect(cell).toContainText('2 verified');
  await expect(cell.locator('[title]')).toHaveAttribute('title', /KEYS-A, KEYS-B; last checked/);
  await row(vault, ids.root).click();
  await expect(detail.getByTestId('key-detail-backup')).toHaveAttribute('data-backup', 'verified');
  await expect(detail.getByTestId('back-up-now')).toHaveCount(0);
  await screenshotLooks(vault, 'finished-backup-verified');
});

test('the key list: the count follows the filter, a hidden key leaves the detail, sorting, long GUNs at the minimum size', async ({ vault }) => {
  const ids = await notaryKeys(vault);
  const page = vault.page;
  await vault.open();
  await expect(page.getByTestId('keys-count')).toHaveText('3 keys');

  await row(vault, ids.root).click();
  await expect(page.getByTestId('key-detail')).toHaveAttribute('data-key-id', ids.root);
  const filter = page.getByRole('searchbox', { name: 'Filter keys' });
  await filter.fill('example.com/acme');
  await expect(page.getByTestId('keys-count')).toHaveText('1 of 3 keys');
  // The root key is filtered out: it leaves the detail panel.
  await expect(page.getByTestId('key-detail')).toHaveCount(0);
  await filter.fill('targets');
  await expect(page.getByTestId('keys-count')).toHaveText('2 of 3 keys');
  await filter.fill('');
  await expect(page.getByTestId('keys-count')).toHaveText('3 keys');

  // Sort by GUN: one flat list, no group headers; by role: the groups again.
  const sort = page.getByRole('combobox', { name: 'Sort keys by' });
  await sort.selectOption('gun');
  await expect(page.getByTestId('key-group')).toHaveCount(0);
  expect(await page.getByTestId('key-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key-id')))).toEqual([ids.short, ids.long, ids.root]);
  await sort.selectOption('backup');
  await expect(page.getByTestId('key-group')).toHaveCount(0);
  await sort.selectOption('created');
  await expect(page.getByTestId('key-row')).toHaveCount(3);
  await sort.selectOption('role');
  await expect(page.getByTestId('key-group')).toHaveCount(2);

  // At the minimum window size the sidebar is a rail of icons; the long GUN is cut with its full text on hover and in the detail.
  await setLook(page, MIN_WINDOW, 'light');
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await expect(nav.getByRole('link', { name: 'Keys', exact: true })).toBeVisible();
  expect((await page.locator('.sidebar').boundingBox())!.width).toBeLessThanOrEqual(64);
  const gun = row(vault, ids.long).locator('.key-gun');
  await expect(gun).toHaveAttribute('title', LONG_GUN);
  const box = (await gun.boundingBox())!;
  expect(box.width).toBeGreaterThan(80);
  await expect(row(vault, ids.long).locator('.badge').first()).toBeVisible();
  await expect(row(vault, ids.long).locator('.key-short-id')).toBeVisible();
  await row(vault, ids.long).click();
  await expect(page.getByTestId('key-detail')).toContainText(LONG_GUN);
  // Actions stay reachable.
  await expect(page.getByTestId('generate-key-button')).toBeInViewport();
  await expect(page.getByTestId('import-keys-button')).toBeInViewport();

  // The weak-encryption notice can be dismissed; it stays in the key detail.
  await page.getByTestId('weak-encryption-note').getByRole('button', { name: 'Got it' }).click();
  await expect(page.getByTestId('weak-encryption-note')).toHaveCount(0);
  await expect(page.getByTestId('key-detail').getByTestId('weak-encryption-detail')).toBeVisible();
  await setLook(page, WIDE_WINDOW, 'light');
  await screenshotLooks(vault, 'finished-key-list');
  await page.reload();
  await expect(page.getByTestId('key-row')).toHaveCount(3);
  await expect(page.getByTestId('weak-encryption-note')).toHaveCount(0);
});

test('key files dropped on the window are imported, and the sidebar sees the folder once it has keys', async ({ vault }) => {
  const page = vault.page;
  const work = await vault.dir('work');
  const pem = await opensslKey(join(work, 'ci-signer.pem'), 'ec');
  await vault.open();
  // The default trust folder does not exist yet.
  const folder = page.getByTestId('trust-dir').first();
  await expect(folder).toContainText('not found');
  await expect(page.getByTestId('empty-state')).toBeVisible();

  await dropFiles(page, 'main', [pem]);
  const dialog = page.getByRole('dialog', { name: 'Import keys' });
  await expect(dialog.getByTestId('import-block')).toHaveCount(1);
  await dialog.getByLabel('Role (optional)').fill('targets/ci');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(dialog, 'correct horse battery staple', 'Import the keys');
  await expect(dialog.getByTestId('imported-key')).toHaveCount(1);
  await expect(dialog.getByTestId('back-up-now')).toBeFocused();
  await vault.screenshot('finished-drop-imported');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await expect(page.getByTestId('key-row')).toHaveCount(1);
  await expect(folder).not.toContainText('not found');
  const rows = await vault.notary().keyList();
  expect(rows.map((r) => r.role)).toEqual(['targets/ci']);
  // Core read the file the spec dropped, through keys.previewFiles.
  expect(vault.core.handlerRuns).toContain('keys.previewFiles');
});

test('the keyboard: shortcuts, dialogs open on their first field, keep focus through steps and give it back', async ({ vault }) => {
  await notaryKeys(vault);
  const page = vault.page;
  await vault.open();
  await expect(page.getByTestId('key-row')).toHaveCount(3);

  // Ctrl+F: the filter.
  await page.keyboard.press('Control+f');
  await expect(page.getByRole('searchbox', { name: 'Filter keys' })).toBeFocused();

  // Ctrl+N from another screen: the Keys screen with the generate dialog, focus on the first field.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Audit' }).click();
  await page.keyboard.press('Control+n');
  const dialog = page.getByRole('dialog', { name: 'Generate a key' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Root key' })).toBeFocused();
  // Enter submits the step; it never lands on Close.
  await dialog.getByRole('radio', { name: 'Repository key (targets)' }).check();
  await dialog.getByLabel('Repository (GUN)').fill('example.com/acme/other');
  await page.keyboard.press('Enter');
  const step = dialog.getByTestId('passphrase-step');
  await expect(step).toHaveAttribute('data-substep', 'choose');
  await expect(step.getByLabel('Passphrase', { exact: true })).toBeFocused();
  // Caps Lock is noticed while typing the passphrase.
  await page.keyboard.press('CapsLock');
  await page.keyboard.type('X');
  await expect(step.getByTestId('caps-lock')).toHaveText('Caps Lock is on.');
  await vault.screenshot('finished-caps-lock');
  await page.keyboard.press('CapsLock');
  await page.keyboard.type('y');
  await expect(step.getByTestId('caps-lock')).toHaveCount(0);
  // Escape closes it, and focus goes back to the main area (the opener was the page itself).
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Opened by a button: focus returns to that button.
  const generate = page.getByTestId('generate-key-button');
  await generate.focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('radio', { name: 'Root key' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(generate).toBeFocused();

  // Ctrl+L with no vault says so instead of failing silently; Ctrl+I opens the file dialog (cancelled here).
  await page.keyboard.press('Control+l');
  await expect(page.getByTestId('notice')).toContainText('There is no vault to lock yet');
  await page.keyboard.press('Control+i');
  await expect.poll(() => vault.dialogs.asked.length).toBeGreaterThan(0);
});

test('dark mode follows the system unless chosen; the About screen has the versions, shortcuts and licences', async ({ vault }) => {
  await notaryKeys(vault);
  const page = vault.page;
  await page.emulateMedia({ colorScheme: 'dark' });
  await vault.open();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  await page.getByRole('link', { name: 'About and settings' }).click();
  await expect(page.getByRole('heading', { name: 'About Trust Vault', level: 1 })).toBeVisible();
  const versions = page.getByTestId('about-versions');
  await expect(versions.locator('[data-name="app"] dd')).toHaveText('0.0.0-harness');
  await expect(versions.locator('[data-name="node"] dd')).toHaveText(/^\d+\.\d+\.\d+$/);
  await expect(versions.locator('[data-name="chromium"] dd')).toHaveText(/^\d+\./);
  await expect(page.getByTestId('licences').locator('tbody tr')).toHaveCount(17);
  await expect(page.getByTestId('licences')).toContainText('Apache-2.0');

  // Chosen dark stays dark whatever the system says, also after a restart.
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('link', { name: 'About and settings' }).click();
  await vault.screenshot('finished-about-dark');
  await page.getByRole('radio', { name: 'Same as the system' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await screenshotLooks(vault, 'finished-about');
});

test('"Lost a key?" from the Keys and Backups screens and from a key’s detail opens the recovery wizard of its repositories', async ({ vault }) => {
  // A publisher's trust folder as notary leaves it after init + publish on a (now stopped) notary-server.
  const made = await makeNotaryTrustDir({ trustDir: vault.trustDir, home: vault.home, work: await vault.dir('work') });
  expect(made.published).toBe(true);
  const root = made.rows.find((r) => r.role === 'root')!.id;
  const delegation = made.rows.find((r) => r.role === 'targets/releases')!.id;
  const page = vault.page;
  await vault.open();

  // From the root key's detail: the repository it is the root of.
  await row(vault, root).click();
  await page.getByTestId('key-detail').getByRole('button', { name: 'Lost this key?' }).click();
  let dialog = page.getByRole('dialog', { name: 'Lost a key?' });
  await expect(dialog.getByTestId('recover-repo')).toHaveCount(1);
  await expect(dialog.getByTestId('recover-repo')).toHaveAttribute('data-gun', E2E_GUN);
  await vault.screenshot('finished-lost-key-root');
  await dialog.getByTestId('recover-repo').click();
  const wizard = page.getByRole('dialog', { name: 'Recover after a lost key' });
  await expect(wizard).toBeVisible();
  await expect(wizard).toContainText(E2E_GUN);
  await vault.screenshot('finished-lost-key-wizard');
  await page.keyboard.press('Escape');
  await expect(wizard).toHaveCount(0);

  // A key no cached repository uses says so, and still offers a restore from a backup.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Keys', exact: true }).click();
  await row(vault, delegation).click();
  await page.getByTestId('key-detail').getByRole('button', { name: 'Lost this key?' }).click();
  dialog = page.getByRole('dialog', { name: 'Lost a key?' });
  await expect(dialog.getByTestId('lost-key-none').or(dialog.getByTestId('recover-repo'))).toBeVisible();
  await dialog.getByRole('button', { name: 'Not now' }).click();

  // From the Keys screen's header and the Backups screen: every repository.
  await page.getByTestId('lost-key-button').click();
  await expect(page.getByRole('dialog', { name: 'Lost a key?' }).getByTestId('recover-repo')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Backups', exact: true }).click();
  await page.getByTestId('lost-key-button').click();
  dialog = page.getByRole('dialog', { name: 'Lost a key?' });
  await dialog.getByRole('button', { name: 'Restore from a backup' }).click();
  await expect(page.getByRole('tab', { name: 'Restore' })).toHaveAttribute('aria-selected', 'true');
});
