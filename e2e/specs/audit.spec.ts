import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import { walkPassphraseStep } from '../harness/passphrase-step';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';
import { createVaultInUi, navTo } from '../harness/vault-flow';

/**
 * The audit viewer (issue 7, point 5): operations done in the app (create the vault, generate a key, remove a key,
 * take a key offline) are listed with their key IDs; the action and key ID filters narrow the list; "Verify the log"
 * says the chain is intact; "Export as JSON lines" writes every entry through main's save dialog; one field of one
 * entry edited on disk makes verify name that entry's line; and "Start a new log…" keeps the damaged log aside,
 * byte for byte, and starts a new chain whose first entry, "New log started", names it.
 */

const rows = (page: Page) => page.getByRole('grid', { name: 'Audit entries' }).getByTestId('audit-row');

test('operations are listed, filtered by action and key ID, verified, exported, and an edited entry is caught with its line', async ({ vault }) => {
  test.setTimeout(180_000);
  const page = vault.page;
  const doomed = await vault.notary({ passphrases: NOTARY_PASSPHRASES }).generate('root');
  await vault.open();
  await createVaultInUi(page);

  // Generate a root key in the app.
  await navTo(page, 'Keys');
  await page.getByTestId('generate-key-button').click();
  const generate = page.getByRole('dialog', { name: 'Generate a key' });
  await generate.getByRole('radio', { name: 'Root key' }).check();
  await generate.getByRole('button', { name: 'Next' }).click();
  await walkPassphraseStep(generate, 'audit spec root passphrase words', 'Create the key');
  const generated = (await generate.getByTestId('generated-key-id').textContent())!.trim();
  await generate.getByRole('button', { name: 'Show the key' }).click();

  // Remove the notary-made one (its only copy: the checkbox says so).
  const list = page.getByRole('grid', { name: 'Keys' });
  await list.locator(`[data-testid="key-row"][data-key-id="${doomed}"]`).click();
  await page.getByTestId('key-detail').getByRole('button', { name: 'Remove key…' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove key' });
  await remove.getByTestId('remove-confirmation').fill((await remove.locator('.confirm-text').textContent())!.trim());
  await remove.getByRole('checkbox', { name: 'I understand this is the only copy' }).check();
  await remove.getByRole('button', { name: 'Remove key' }).click();
  await expect(remove).toBeHidden();

  // Take the generated one offline, insisting past the only-copy warning.
  await list.locator(`[data-testid="key-row"][data-key-id="${generated}"]`).click();
  await page.getByTestId('key-detail').getByRole('button', { name: 'Take offline…' }).click();
  const offline = page.getByRole('dialog', { name: 'Take the root key offline' });
  await offline.getByRole('button', { name: 'Take offline' }).click();
  await offline.getByTestId('take-offline-confirmation').fill((await offline.locator('.confirm-text').textContent())!.trim());
  await offline.getByRole('button', { name: 'Take it offline anyway' }).click();
  await offline.getByRole('button', { name: 'Done' }).click();

  // The viewer lists them, oldest first.
  await navTo(page, 'Audit');
  await expect(page.getByRole('heading', { name: 'Audit', level: 1 })).toBeVisible();
  const actions = async () => rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
  await expect.poll(actions).toEqual(expect.arrayContaining(['vault.created', 'key.generated', 'key.removed', 'key.offline']));
  const all = await actions();
  expect(all.indexOf('key.generated')).toBeLessThan(all.indexOf('key.removed'));
  expect(all.indexOf('key.removed')).toBeLessThan(all.lastIndexOf('key.offline'));
  await expect(rows(page).and(page.locator('[data-action="key.generated"]'))).toHaveAttribute('data-key-ids', generated);
  await expect(rows(page).and(page.locator('[data-action="key.removed"]'))).toHaveAttribute('data-key-ids', doomed);
  await page.mouse.move(0, 0);
  await vault.screenshot('audit-1-list');

  // Filter by action: only "Key taken offline".
  const filter = page.getByTestId('audit-action-filter');
  await filter.locator('summary').click();
  await filter.getByRole('checkbox', { name: 'Key taken offline' }).check();
  await vault.screenshot('audit-2-action-filter');
  await filter.locator('summary').click();
  await expect.poll(actions).toEqual(expect.arrayContaining(['key.offline']));
  expect(new Set(await actions())).toEqual(new Set(['key.offline']));
  await expect(rows(page).first()).toHaveAttribute('data-key-ids', generated);

  // Filter by key ID (its start, as a person copies it from the list), all actions again.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Key ID').fill(doomed.slice(0, 10));
  await expect.poll(actions).toEqual(['key.removed']);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect.poll(async () => (await actions()).length).toBe(all.length);

  // A date range: nothing from a day still to come; today's entries from today.
  const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await page.getByLabel('From', { exact: true }).fill(day(new Date(Date.now() + 2 * 86_400_000)));
  await expect(page.getByTestId('audit-empty')).toContainText('No entry matches');
  await page.getByLabel('From', { exact: true }).fill(day(new Date()));
  await page.getByLabel('To', { exact: true }).fill(day(new Date()));
  await expect.poll(async () => (await actions()).length).toBe(all.length);
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // Verify: intact.
  await page.getByRole('button', { name: 'Verify the log' }).click();
  const verdict = page.getByTestId('audit-verify');
  await expect(verdict).toHaveAttribute('data-ok', 'true');
  const total = await page.evaluate(async () => {
    const r = await window.vault.audit.list({});
    return r.ok ? r.value.length : -1;
  });
  await expect(verdict).toContainText(`${total} entries, chain intact`);
  await vault.screenshot('audit-3-verified');

  // Export as JSON lines, to the file main's save dialog is answered with.
  const exported = await vault.path('export', 'audit.jsonl');
  vault.dialogs.nextSave(exported);
  await page.getByRole('button', { name: 'Export as JSON lines…' }).click();
  await expect(page.getByTestId('notice').filter({ hasText: `Exported ${total} entries` })).toBeVisible();
  const lines = (await readFile(exported, 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(total);
  const parsed = lines.map((l) => JSON.parse(l) as { seq: number; action: string; keyIds: string[] });
  expect(parsed.map((e) => e.seq)).toEqual(parsed.map((_, i) => i + 1));
  expect(parsed.find((e) => e.action === 'key.removed')?.keyIds).toEqual([doomed]);
  expect(vault.dialogs.asked.filter((d) => d.kind === 'save')).toHaveLength(1);

  // Edit one field of one entry on disk: the removal now claims another role.
  const logFile = join(vault.dataDir, 'audit', 'audit.jsonl');
  const onDisk = (await readFile(logFile, 'utf8')).split('\n');
  const line = onDisk.findIndex((l) => l.includes('"key.removed"'));
  expect(line).toBeGreaterThanOrEqual(0);
  const entry = JSON.parse(onDisk[line]!) as Record<string, unknown>;
  onDisk[line] = JSON.stringify({ ...entry, detail: 'nothing happened here' });
  await writeFile(logFile, onDisk.join('\n'));

  await page.getByRole('button', { name: 'Verify the log' }).click();
  await expect(verdict).toHaveAttribute('data-ok', 'false');
  const problem = verdict.getByTestId('audit-problem').first();
  await expect(problem).toHaveAttribute('data-line', String(line + 1));
  await expect(problem).toHaveAttribute('data-kind', 'edited');
  await expect(problem).toContainText(`Line ${line + 1}`);
  await vault.screenshot('audit-4-tampered');
  // Start a new log: behind the typed confirmation; the damaged one is kept aside, unchanged.
  while ((await page.getByTestId('notice').count()) > 0) await page.getByTestId('notice').first().getByRole('button', { name: 'Dismiss notice' }).click();
  const damagedBytes = await readFile(logFile);
  await verdict.getByRole('button', { name: 'Start a new log…' }).click();
  const restart = page.getByRole('dialog', { name: 'Start a new audit log' });
  await expect(restart.getByTestId('restart-log-consequence')).toContainText('Nothing is deleted');
  await expect(restart.getByTestId('restart-log-consequence')).toContainText('one problem');
  const startButton = restart.getByRole('button', { name: 'Start a new log', exact: true });
  await expect(startButton).toBeDisabled();
  await restart.getByTestId('restart-log-confirmation').fill('start a new log');
  await expect(startButton).toBeEnabled();
  await page.mouse.move(0, 0);
  await vault.screenshot('audit-5-restart-dialog');
  await startButton.click();
  await expect(restart).toBeHidden();

  await expect(verdict).toHaveAttribute('data-ok', 'true');
  await expect(verdict).toContainText('1 entry, chain intact');
  await expect.poll(actions).toEqual(['audit.restarted']);
  const first = rows(page).first();
  await expect(first).toContainText('New log started');
  const kept = (await readdir(join(vault.dataDir, 'audit'))).filter((f) => f.startsWith('damaged-') && f.endsWith('.jsonl'));
  expect(kept).toHaveLength(1);
  expect(await readFile(join(vault.dataDir, 'audit', kept[0]!))).toEqual(damagedBytes);
  await expect(first).toContainText(kept[0]!);
  await expect(page.getByTestId('notice').filter({ hasText: 'New log started' })).toContainText(`kept as ${kept[0]!}`);
  await page.mouse.move(0, 0);
  await vault.screenshot('audit-6-new-log');

  // Verifying again still says intact.
  await page.getByRole('button', { name: 'Verify the log' }).click();
  await expect(verdict).toHaveAttribute('data-ok', 'true');
  await expect(verdict).toContainText('1 entry, chain intact');
});
