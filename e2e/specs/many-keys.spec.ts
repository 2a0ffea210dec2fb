import { expect, test } from '../harness/fixtures';
import { makeLargeTrustDir } from '../harness/trust-dirs';

/**
 * 10,000 keys: the list renders, scrolls from top to bottom, and stays virtualized (only a screenful of rows is in
 * the DOM at any time). The key files are one real notary-made key body under 10,000 names (listing never decrypts).
 */

const COUNT = 10_000;
const MAX_DOM_ROWS = 120;

test('a 10,000-key trust dir renders, scrolls to the end and keeps the DOM small', async ({ vault }) => {
  test.setTimeout(180_000);
  const ids = new Set(await makeLargeTrustDir({ trustDir: vault.trustDir, home: vault.home, work: vault.root, count: COUNT }));
  expect(ids.size).toBe(COUNT);

  const page = vault.page;
  const opened = Date.now();
  await vault.open();
  const list = page.getByRole('grid', { name: 'Keys' });
  await expect(page.getByTestId('keys-count')).toHaveText('10,000 keys', { timeout: 60_000 });
  await expect(list.getByTestId('key-row').first()).toBeVisible();
  test.info().annotations.push({ type: 'open-to-list-ms', description: String(Date.now() - opened) });
  await vault.screenshot('many-keys-1-top');

  // The grid announces every row (keys + one header per key type) while only a few exist in the DOM.
  const rowCount = Number(await list.getAttribute('aria-rowcount'));
  const groups = ['root', 'targets', 'snapshot', 'delegation'];
  expect(rowCount).toBe(COUNT + groups.length);
  const domRows = () => list.locator('[role="row"]').count();
  expect(await domRows()).toBeLessThanOrEqual(MAX_DOM_ROWS);

  // Scroll through the whole list in big steps, as a wheel or scrollbar drag would; at every stop the rows on
  // screen are real keys of this trust dir, the DOM stays small, and new rows keep coming.
  const seen = new Set<string>();
  const maxRowIndex = { value: 0 };
  const scrollHeight = await list.evaluate((el) => el.scrollHeight);
  const clientHeight = await list.evaluate((el) => el.clientHeight);
  expect(scrollHeight).toBeGreaterThan(clientHeight * 100);
  const stops = 12;
  for (let i = 1; i <= stops; i++) {
    const top = Math.round(((scrollHeight - clientHeight) * i) / stops);
    await list.evaluate((el, y) => el.scrollTo({ top: y }), top);
    await expect
      .poll(async () => {
        const rows = await list.getByTestId('key-row').evaluateAll((els) =>
          els.map((e) => ({ id: e.getAttribute('data-key-id'), index: Number(e.getAttribute('aria-rowindex')) })),
        );
        const visibleIndex = Math.max(...rows.map((r) => r.index));
        return visibleIndex >= Math.floor(((COUNT + groups.length) * i) / stops) - 40;
      })
      .toBe(true);
    const rows = await list.getByTestId('key-row').evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute('data-key-id')!, index: Number(e.getAttribute('aria-rowindex')) })),
    );
    for (const r of rows) {
      expect(ids.has(r.id), `row ${r.index} is a key of this trust dir`).toBe(true);
      seen.add(r.id);
      maxRowIndex.value = Math.max(maxRowIndex.value, r.index);
    }
    expect(await domRows()).toBeLessThanOrEqual(MAX_DOM_ROWS);
    if (i === stops / 2) await vault.screenshot('many-keys-2-middle');
  }
  // The very last row of the grid is on screen at the end.
  expect(maxRowIndex.value).toBe(COUNT + groups.length);
  expect(seen.size).toBeGreaterThan(stops * 10);
  await vault.screenshot('many-keys-3-bottom');

  // Keyboard: Home goes back to the first key, End to the last, each selecting it and showing its detail.
  await list.focus();
  await page.keyboard.press('Home');
  const first = list.locator('[data-testid="key-row"][aria-selected="true"]');
  await expect(first).toHaveAttribute('aria-rowindex', '2');
  await expect(page.getByTestId('key-detail')).toHaveAttribute('data-key-id', (await first.getAttribute('data-key-id'))!);
  await page.keyboard.press('End');
  const last = list.locator('[data-testid="key-row"][aria-selected="true"]');
  await expect(last).toHaveAttribute('aria-rowindex', String(COUNT + groups.length));
  await expect(page.getByTestId('key-detail')).toHaveAttribute('data-key-id', (await last.getAttribute('data-key-id'))!);
  expect(await domRows()).toBeLessThanOrEqual(MAX_DOM_ROWS);

  // Filtering 10,000 keys down to one repository's keys.
  // (writeManyKeys gives team-12 the targets keys 12, 512, ..., 9512: 20 keys.)
  await page.getByRole('searchbox', { name: 'Filter keys' }).fill('team-12/app');
  await expect(list.getByTestId('key-row')).toHaveCount(20);
  await expect(list).toHaveAttribute('aria-rowcount', '21');
  await vault.screenshot('many-keys-4-filtered');
  expect(vault.pageErrors).toEqual([]);
});
