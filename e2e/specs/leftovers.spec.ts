import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { copyFile, mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import { expect, test } from '../harness/fixtures';
import { screenshotLooks, setLook, WIDE_WINDOW } from '../harness/looks';
import { readPageText, readStore } from '../harness/store-probe';

/** axe's serious and critical findings within one part of the page, in both themes (leaves it light). */
async function axeBothThemes(page: Page, selector: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await setLook(page, WIDE_WINDOW, scheme);
    await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
    const r = await new AxeBuilder({ page }).include(selector).analyze();
    found.push(...r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${scheme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  }
  await setLook(page, WIDE_WINDOW, 'light');
  return found;
}

/**
 * Issue 13, point 3 in the app: files interrupted writes left (an atomic write's `.<name>.<hex>.tmp`, a drive or
 * data-folder write's `.<name>.partial-<hex>`) are listed on the Keys screen; one holding the only copy of a key is
 * marked and put back in place with one click (then notary lists the key too); the others are removed after a
 * confirmation; removing the only copy of a key needs the checkbox and its ID typed. A file that changed since it was
 * listed is refused and the list read again; a forged ID is refused by core. Every action is in the audit log.
 */
test('leftovers: the only copy of a key put in place, unfinished copies removed, the only copy removed only with consent', async ({ vault }) => {
  const priv = join(vault.trustDir, 'private');
  const make = (role: string, gun?: string) => generateKey(vault.trustDir, { role, gun, algorithm: 'ecdsa', passphrase: 'a key passphrase' }).key;
  const rotated = make('targets', 'registry.example.com/team/app');
  const inPlace = make('root');
  const abandoned = make('snapshot', 'registry.example.com/team/app');
  const old = new Date(Date.now() - 3600_000);
  // The rotated targets key and the snapshot key were cut off after their temp file was complete: the only copies.
  const rotatedTmp = join(priv, `.${rotated.id}.key.0123456789ab.tmp`);
  await rename(rotated.path, rotatedTmp);
  const abandonedTmp = join(priv, `.${abandoned.id}.key.00000000cccc.tmp`);
  await rename(abandoned.path, abandonedTmp);
  // A passphrase change of the root key cut off (its file is in place), and a half-written vault file.
  const dupTmp = join(priv, `.${inPlace.id}.key.ba9876543210.tmp`);
  await copyFile(inPlace.path, dupTmp);
  await mkdir(join(vault.dataDir, 'vault'), { recursive: true, mode: 0o700 });
  const partial = join(vault.dataDir, 'vault', '.vault.tv.partial-00aa11bb22cc');
  await writeFile(partial, 'half a vault', { mode: 0o600 });
  for (const p of [rotatedTmp, abandonedTmp, dupTmp, partial]) await utimes(p, old, old);

  await vault.open();
  const page = vault.page;
  const panel = page.getByTestId('leftovers');
  const items = panel.getByTestId('leftover');
  const grid = page.getByRole('grid', { name: 'Keys' });
  const rowOf = (id: string) => grid.locator(`[data-testid="key-row"][data-key-id="${id}"]`);
  await expect(items).toHaveCount(4);
  await expect(panel.locator('[data-only-copy="true"]')).toHaveCount(2);
  const rotatedItem = panel.locator(`[data-key-id="${rotated.id}"]`);
  await expect(rotatedItem).toContainText(`targets key for registry.example.com/team/app ${rotated.id.slice(0, 12)}`);
  await expect(rotatedItem).toContainText('Only copy of a key');
  await expect(rowOf(inPlace.id)).toBeVisible();
  await expect(rowOf(rotated.id)).toHaveCount(0);
  // Neither the page nor the store holds a leftover's file name or path.
  for (const text of [await readPageText(page), await readStore(page)]) {
    expect(text).not.toContain('.tmp');
    expect(text).not.toContain('.partial-');
  }
  await screenshotLooks(vault, 'leftovers-1-found');
  expect(await axeBothThemes(page, '[data-testid="leftovers"]')).toEqual([]);

  // The only copy of the rotated key, put in place: the key list and the leftovers list follow, and notary sees it.
  await rotatedItem.getByRole('button', { name: 'Put this key in place' }).click();
  await expect(rowOf(rotated.id)).toBeVisible();
  await expect(items).toHaveCount(3);
  await expect(page.getByTestId('key-detail')).toHaveAttribute('data-key-id', rotated.id);
  expect(existsSync(rotated.path) && !existsSync(rotatedTmp)).toBe(true);
  expect((await vault.notary().keyList()).map((k) => k.id)).toContain(rotated.id);

  // The unfinished copies, removed together after one confirmation. The half-written vault file changes after it
  // was listed: the first attempt is refused and the list read again; the second removes both.
  await panel.getByRole('button', { name: 'Remove all 2 unfinished copies…' }).click();
  let dialog = page.getByTestId('remove-leftovers-dialog');
  await expect(dialog.getByTestId('leftover-removal-consequence')).toHaveAttribute('data-only-copy', 'false');
  await expect(dialog.getByTestId('leftover-removal-consequence')).toContainText('Nothing is lost');
  await vault.screenshot('leftovers-2-remove-copies');
  await utimes(partial, new Date(old.getTime() - 60_000), new Date(old.getTime() - 60_000));
  await dialog.getByRole('button', { name: 'Remove 2 files' }).click();
  await expect(dialog.locator('[data-error-code="NOT_FOUND"]')).toBeVisible();
  expect(existsSync(dupTmp) && existsSync(partial)).toBe(true);
  await dialog.getByRole('button', { name: 'Keep them' }).click();
  await panel.getByRole('button', { name: 'Remove all 2 unfinished copies…' }).click();
  dialog = page.getByTestId('remove-leftovers-dialog');
  await dialog.getByRole('button', { name: 'Remove 2 files' }).click();
  await expect(dialog).toBeHidden();
  await expect(items).toHaveCount(1);
  expect(existsSync(dupTmp) || existsSync(partial)).toBe(false);
  expect(existsSync(inPlace.path)).toBe(true);

  // The last one holds the only copy of the snapshot key: Remove stays disabled until the checkbox and the typed ID.
  await items.first().getByRole('button', { name: /^Remove… the only copy of key/ }).click();
  dialog = page.getByTestId('remove-leftovers-dialog');
  const consequence = dialog.getByTestId('leftover-removal-consequence');
  await expect(consequence).toHaveAttribute('data-only-copy', 'true');
  await expect(consequence).toContainText(`the only copy of the snapshot key for registry.example.com/team/app ${abandoned.id}`);
  const removeButton = dialog.getByRole('button', { name: 'Remove', exact: true });
  await expect(removeButton).toBeDisabled();
  await dialog.getByLabel('I understand this key will be lost').check();
  await expect(removeButton).toBeDisabled();
  await dialog.getByTestId('remove-leftover-confirmation').fill(abandoned.id.slice(0, 12));
  await expect(removeButton).toBeEnabled();
  for (const scheme of ['light', 'dark'] as const) {
    await setLook(page, WIDE_WINDOW, scheme);
    await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
    await vault.screenshot(`leftovers-3-remove-only-copy-${scheme}`);
  }
  expect(await axeBothThemes(page, '[data-testid="remove-leftovers-dialog"]')).toEqual([]);
  await removeButton.click();
  await expect(panel).toBeHidden();
  expect(existsSync(abandonedTmp)).toBe(false);
  await vault.screenshot('leftovers-4-collected');

  // Core refuses an ID it did not hand out, whatever the page sends.
  const forged = await page.evaluate(async () => {
    const dirs = await window.vault.trustDirs.list({});
    const trustDirId = dirs.ok ? dirs.value.find((d) => d.selected)!.id : '';
    const r = await window.vault.leftovers.remove({ trustDirId, ids: ['A'.repeat(32)], insist: true });
    return r.ok ? 'ok' : r.code;
  });
  expect(forged).toBe('NOT_FOUND');

  // Each action is one audit entry with the key it concerns.
  const log = await page.evaluate(async () => {
    const r = await window.vault.audit.list({ actions: ['key.leftover-promoted', 'key.leftover-removed'], result: 'ok' });
    return r.ok ? r.value.map((e) => [e.action, e.keyIds, e.actor.via]) : [];
  });
  expect(log).toEqual([
    ['key.leftover-promoted', [rotated.id], 'app'],
    ['key.leftover-removed', [inPlace.id], 'app'],
    ['key.leftover-removed', [abandoned.id], 'app'],
  ]);
});
