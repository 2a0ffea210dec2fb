import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { backupFilesOn, fakeDrive, openBackups, plug } from '../harness/backup-drives';
import { expect, test, type Vault } from '../harness/fixtures';
import { opensslKey } from '../harness/notary';
import { walkPassphraseStep } from '../harness/passphrase-step';
import { E2E_GUN, NOTARY_PASSPHRASES } from '../harness/trust-dirs';

/**
 * Backing up keys made by the real notary CLI to (injected) USB drives through the wizard, one decision per step;
 * the coverage table that results (keys by drive, root first, keys without backup flagged, the restore-drill
 * reminder after 6 months); and drives coming and going while the wizard is open.
 */

const BACKUP_PASSPHRASE = 'tundra oxidize velvet gallon shaky emblem';
const DAY = 86_400_000;

/** A root key, a repository (targets) key and a delegation key, as notary makes and imports them. Returns their IDs. */
async function notaryKeys(vault: Vault, which: ('root' | 'targets' | 'releases')[]): Promise<Record<string, string>> {
  const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES });
  const ids: Record<string, string> = {};
  if (which.includes('root')) ids.root = await notary.generate('root');
  const work = await vault.dir('work');
  if (which.includes('targets')) await notary.importKeys([await opensslKey(join(work, 'targets.pem'), 'ec')], { role: 'targets', gun: E2E_GUN });
  if (which.includes('releases')) await notary.importKeys([await opensslKey(join(work, 'releases.pem'), 'ec')], { role: 'targets/releases' });
  for (const row of await notary.keyList()) {
    if (row.role === 'targets') ids.targets = row.id;
    if (row.role === 'targets/releases') ids.releases = row.id;
  }
  expect(Object.keys(ids).sort()).toEqual([...which].sort());
  return ids;
}

/** Records every progress bar the page ever renders (label and value), so a fast job's bars are still seen. */
async function recordProgressBars(page: Page): Promise<() => Promise<{ label: string; value: number }[]>> {
  await page.evaluate(() => {
    const seen: { label: string; value: number }[] = [];
    (window as unknown as { __bars: typeof seen }).__bars = seen;
    const note = () => {
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const label = document.getElementById(bar.getAttribute('aria-labelledby') ?? '')?.textContent ?? '';
        const value = Number(bar.getAttribute('aria-valuenow'));
        if (!seen.some((s) => s.label === label && s.value === value)) seen.push({ label, value });
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  return () => page.evaluate(() => (window as unknown as { __bars: { label: string; value: number }[] }).__bars);
}

async function startWizard(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Back up keys' }).click();
  const wizard = page.getByTestId('backup-wizard');
  await expect(wizard.getByTestId('backup-step')).toHaveAttribute('data-step', 'what');
  return wizard;
}

const driveOption = (scope: Locator, label: string) => scope.locator(`[data-testid="drive-option"][data-drive-label="${label}"]`);

test('two drives: the wizard writes and reads back both copies, and the coverage shows every key twice verified', async ({ vault }) => {
  const ids = await notaryKeys(vault, ['root', 'targets', 'releases']);
  const a = await fakeDrive(vault, { device: '/dev/sdb1', label: 'BACKUP-A' });
  const b = await fakeDrive(vault, { device: '/dev/sdc1', label: 'BACKUP-B' });
  const locked = await fakeDrive(vault, { device: '/dev/sdd1', label: 'LOCKED', readOnly: true });
  const unmounted = await fakeDrive(vault, { device: '/dev/sde', label: 'SPARE', mounted: false, description: 'SanDisk Cruzer' });
  plug(vault, a, b, locked, unmounted);

  const page = vault.page;
  await vault.open();
  await openBackups(page);

  // Coverage first: nothing is backed up yet, and it says so, root key first.
  const coverage = page.getByTestId('coverage');
  await expect(coverage.getByTestId('coverage-none')).toContainText('No key has a backup, including a root key');
  await expect(coverage.getByTestId('coverage-row')).toHaveCount(3);
  await expect(coverage.getByTestId('coverage-row').first()).toHaveAttribute('data-key-id', ids.root!);

  // Step 1: all keys.
  const wizard = await startWizard(page);
  await expect(wizard.getByRole('radio', { name: /^All keys \(3 keys\)/ })).toBeChecked();
  await wizard.getByRole('button', { name: 'Next' }).click();

  // Steps 2-4: the backup passphrase, through the same passphrase step as keys, with the backup's own reasons.
  await expect(wizard.getByTestId('passphrase-step')).toContainText('Choose the backup passphrase');
  await walkPassphraseStep(wizard, BACKUP_PASSPHRASE, 'Next: choose the drives');

  // Step 5: the first drive. The read-only and the unmounted drives are listed with their problem, not selectable.
  const first = wizard.locator('[data-testid="backup-step"][data-step="first-drive"]');
  await expect(first).toContainText('Step 5 of 8');
  await expect(first.getByTestId('drive-option')).toHaveCount(4);
  await expect(driveOption(first, 'LOCKED')).toHaveAttribute('data-problem', 'READ_ONLY');
  await expect(driveOption(first, 'LOCKED').getByRole('radio')).toBeDisabled();
  await expect(driveOption(first, 'LOCKED').getByTestId('drive-problem')).toContainText('read-only');
  await expect(driveOption(first, 'SanDisk Cruzer')).toHaveAttribute('data-problem', 'NOT_MOUNTED');
  await expect(driveOption(first, 'SanDisk Cruzer').getByRole('radio')).toBeDisabled();
  await expect(driveOption(first, 'SanDisk Cruzer').getByTestId('drive-problem')).toContainText('not mounted');
  await expect(first.getByRole('button', { name: 'Next' })).toBeDisabled();
  await driveOption(first, 'BACKUP-A').getByRole('radio').check();
  await page.mouse.move(0, 0);
  await vault.screenshot('backup-wizard-drives');
  await first.getByRole('button', { name: 'Next' }).click();

  // Step 6: the second drive, which cannot be the first one.
  const second = wizard.locator('[data-testid="backup-step"][data-step="second-drive"]');
  await expect(second).toContainText('Step 6 of 8');
  await expect(driveOption(second, 'BACKUP-A').getByRole('radio')).toBeDisabled();
  await expect(driveOption(second, 'BACKUP-A').getByTestId('drive-problem')).toContainText('Already holds the first copy');
  await driveOption(second, 'BACKUP-B').getByRole('radio').check();
  const bars = await recordProgressBars(page);
  await second.getByRole('button', { name: 'Write the backup' }).click();

  // Steps 7-8 (write, verify) show progress bars fed by core's progress events; then the done page.
  const done = wizard.getByTestId('backup-done');
  await expect(done).toBeVisible({ timeout: 30_000 });
  const seen = await bars();
  const labels = new Set(seen.map((s) => s.label));
  for (const label of ['Writing to BACKUP-A', 'Writing to BACKUP-B', 'Reading back BACKUP-A', 'Reading back BACKUP-B']) {
    expect(labels, `a progress bar "${label}" was shown`).toContain(label);
  }
  const progressEvents = vault.events.sent.filter((e) => e.name === 'progress').map((e) => e.payload as { phase: string; target?: string });
  const phases = new Set(progressEvents.map((e) => `${e.phase}:${e.target ?? ''}`));
  for (const p of ['writing:BACKUP-A', 'writing:BACKUP-B', 'verifying:BACKUP-A', 'verifying:BACKUP-B']) expect(phases).toContain(p);
  // And the bars reached the end.
  expect(seen.filter((s) => s.value === 100).map((s) => s.label)).toEqual(
    expect.arrayContaining(['Writing to BACKUP-A', 'Writing to BACKUP-B', 'Reading back BACKUP-A', 'Reading back BACKUP-B']),
  );

  await expect(done.getByTestId('backup-copy')).toHaveCount(2);
  for (const label of ['BACKUP-A', 'BACKUP-B']) {
    const copy = done.locator(`[data-testid="backup-copy"][data-destination="${label}"]`);
    await expect(copy).toHaveAttribute('data-verified', 'true');
    await expect(copy.getByTestId('verify-report')).toHaveAttribute('data-ok', 'true');
  }
  await expect(done.getByTestId('backup-summary')).toContainText('2 verified copies of 2 copies');
  expect(await backupFilesOn(a)).toHaveLength(1);
  expect(await backupFilesOn(b)).toHaveLength(1);
  await page.mouse.move(0, 0);
  await vault.screenshot('backup-wizard-done');

  // The coverage table: every key, on both drives, verified.
  await done.getByRole('button', { name: 'See the coverage' }).click();
  const table = page.getByRole('table', { name: 'Backup coverage: keys by drive' });
  await expect(table.getByTestId('coverage-location')).toHaveText([/BACKUP-A/, /BACKUP-B/]);
  await expect(table.getByTestId('coverage-row')).toHaveCount(3);
  for (const id of Object.values(ids)) {
    const row = table.locator(`[data-testid="coverage-row"][data-key-id="${id}"]`);
    await expect(row).toHaveAttribute('data-status', 'verified');
    await expect(row).toContainText('2 verified copies');
    await expect(row.locator('[data-testid="coverage-cell"][data-state="verified"]')).toHaveCount(2);
  }
  await expect(page.getByTestId('coverage-all-good')).toBeVisible();
  await expect(page.getByTestId('coverage-none')).toHaveCount(0);
  await page.mouse.move(0, 0);
  await vault.screenshot('backup-coverage');

  expect(vault.pageErrors).toEqual([]);
  expect(vault.consoleErrors).toEqual([]);
});

test('coverage flags a key without backup (root first) and asks for a restore drill after 6 months', async ({ vault }) => {
  const ids = await notaryKeys(vault, ['root', 'targets']);
  const a = await fakeDrive(vault, { device: '/dev/sdb1', label: 'BACKUP-A' });
  plug(vault, a);
  const page = vault.page;
  await vault.open();
  await openBackups(page);
  const rows = page.getByTestId('coverage-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute('data-key-id', ids.root!);

  // Back up only the repository key, to one drive, past the warning that one copy is not a backup strategy.
  const wizard = await startWizard(page);
  await wizard.getByRole('radio', { name: 'Chosen keys' }).check();
  await wizard.getByRole('button', { name: 'Select none' }).click();
  await wizard.locator(`[data-testid="key-choice"][data-key-id="${ids.targets}"]`).getByRole('checkbox').check();
  await expect(wizard.getByTestId('keys-chosen')).toHaveText('1 key will be backed up.');
  await wizard.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(wizard, BACKUP_PASSPHRASE, 'Next: choose the drives');
  await driveOption(wizard, 'BACKUP-A').getByRole('radio').check();
  await wizard.getByRole('button', { name: 'Next' }).click();
  const second = wizard.locator('[data-testid="backup-step"][data-step="second-drive"]');
  await second.getByRole('radio', { name: /Only one drive for now/ }).check();
  await expect(second.getByTestId('one-drive-warning')).toContainText('Good practice is to create two encrypted USB keys');
  await expect(second.getByRole('button', { name: 'Write the backup' })).toBeDisabled();
  await second.getByRole('checkbox', { name: /I understand/ }).check();
  await second.getByRole('button', { name: 'Write the backup' }).click();
  const done = wizard.getByTestId('backup-done');
  await expect(done.locator('[data-testid="backup-copy"][data-verified="true"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(done.getByTestId('backup-summary')).toContainText('One copy is not a backup strategy');

  // The root key, without a backup, is flagged and listed first; the repository key is verified.
  await done.getByRole('button', { name: 'See the coverage' }).click();
  await expect(page.getByTestId('coverage-none')).toContainText('1 key has no backup, including a root key');
  await expect(rows.first()).toHaveAttribute('data-key-id', ids.root!);
  await expect(rows.first()).toHaveAttribute('data-status', 'none');
  await expect(rows.first()).toContainText('No backup');
  const targets = page.locator(`[data-testid="coverage-row"][data-key-id="${ids.targets}"]`);
  await expect(targets).toHaveAttribute('data-status', 'verified');
  await expect(page.getByTestId('drill-reminder')).toHaveCount(0);
  await expect(page.getByRole('tab', { name: /Coverage/ })).toContainText('!');

  // 200 days later, the last check is over 6 months old: time for a restore drill.
  vault.clock.advance(200 * DAY);
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(targets).toHaveAttribute('data-status', 'drill-due');
  const reminder = page.getByTestId('drill-reminder');
  await expect(reminder).toContainText('Time for a restore drill');
  await expect(reminder).toContainText('No backup of 1 key has been verified for 6 months');
  await page.mouse.move(0, 0);
  await vault.screenshot('backup-coverage-drill');
  await reminder.getByRole('button', { name: 'Verify a backup' }).click();
  await expect(page.getByRole('tab', { name: 'Verify a backup' })).toHaveAttribute('aria-selected', 'true');

  // The drill: choose the file on the drive (main's dialog), give the passphrase, read the report.
  const [file] = await backupFilesOn(a);
  vault.dialogs.nextOpenFiles([file!]);
  const verify = page.getByTestId('verify-backup');
  await verify.getByRole('button', { name: 'Choose a backup file…' }).click();
  await expect(verify.getByTestId('chosen-file')).toHaveAttribute('data-kind', 'age');
  await verify.getByLabel('Backup passphrase').fill(BACKUP_PASSPHRASE);
  await verify.getByRole('button', { name: 'Verify the backup' }).click();
  const report = verify.getByTestId('verify-report');
  await expect(report).toHaveAttribute('data-ok', 'true');
  await expect(report).toContainText('every key in it is intact');
  await expect(verify.getByLabel('Backup passphrase')).toHaveValue('');
  await page.mouse.move(0, 0);
  await vault.screenshot('backup-verify-report');

  // The drill counts: the key is verified again and the reminder is gone.
  await page.getByRole('tab', { name: /Coverage/ }).click();
  await expect(targets).toHaveAttribute('data-status', 'verified');
  await expect(page.getByTestId('drill-reminder')).toHaveCount(0);
  expect(vault.pageErrors).toEqual([]);
});

test('a drive pulled out while its step is open disappears from the list, and comes back when plugged in', async ({ vault }) => {
  await notaryKeys(vault, ['root']);
  const a = await fakeDrive(vault, { device: '/dev/sdb1', label: 'BACKUP-A' });
  const b = await fakeDrive(vault, { device: '/dev/sdc1', label: 'BACKUP-B' });
  plug(vault, a, b);
  const page = vault.page;
  await vault.open();
  await openBackups(page);
  // The tabs work from the keyboard: arrows move between them (roving focus), as the ARIA tabs pattern says.
  await page.getByRole('tab', { name: /Coverage/ }).focus();
  await page.keyboard.press('ArrowRight');
  const createTab = page.getByRole('tab', { name: 'Back up keys' });
  await expect(createTab).toBeFocused();
  await expect(createTab).toHaveAttribute('aria-selected', 'true');
  const wizard = page.getByTestId('backup-wizard');
  await expect(wizard.getByTestId('backup-step')).toHaveAttribute('data-step', 'what');
  await wizard.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(wizard, BACKUP_PASSPHRASE, 'Next: choose the drives');
  const step = wizard.locator('[data-testid="backup-step"][data-step="first-drive"]');
  await expect(step.getByTestId('drive-option')).toHaveCount(2);
  // Choosing a drive from the keyboard: focus the first radio, Space selects it.
  await driveOption(step, 'BACKUP-A').getByRole('radio').focus();
  await page.keyboard.press('Space');
  await expect(driveOption(step, 'BACKUP-A').getByRole('radio')).toBeChecked();
  await expect(step.getByRole('button', { name: 'Next' })).toBeEnabled();

  // Pulled out: core's drive watcher notices and sends the drives event; the list follows without a reload.
  vault.drives.unplug(a.raw.device);
  await expect(driveOption(step, 'BACKUP-A')).toHaveCount(0);
  await expect(step.getByTestId('drive-option')).toHaveCount(1);
  await expect(step.getByTestId('drive-removed')).toContainText('BACKUP-A was removed');
  await expect(step.getByRole('button', { name: 'Next' })).toBeDisabled();
  expect(vault.events.sent.some((e) => e.name === 'drives' && (e.payload as unknown[]).length === 1)).toBe(true);

  // Every drive out: the step says how to go on.
  vault.drives.unplug(b.raw.device);
  await expect(step.getByTestId('no-drives')).toBeVisible();

  // Plugged back in: it is listed again, and can be chosen.
  plug(vault, a);
  await expect(driveOption(step, 'BACKUP-A').getByRole('radio')).toBeEnabled();
  expect(vault.pageErrors).toEqual([]);
});
