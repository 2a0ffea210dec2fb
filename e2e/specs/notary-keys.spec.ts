import { expect, test } from '../harness/fixtures';
import { E2E_GUN, makeNotaryTrustDir } from '../harness/trust-dirs';

/**
 * The key list of a trust dir made only by the real notary CLI (and a loopback notary-server): the Keys screen shows
 * every key `notary -d DIR key list` prints, with the same ID, role and GUN, in the right group.
 */

const GROUP_OF_ROLE = (role: string): string =>
  ['root', 'targets', 'snapshot', 'timestamp'].includes(role) ? role : 'delegation';

test('the Keys screen lists a notary-made trust dir with the IDs, roles and GUNs notary prints', async ({ vault }) => {
  const made = await makeNotaryTrustDir({ trustDir: vault.trustDir, home: vault.home, work: await vault.dir('work') });
  // notary itself: root (generated), a delegation and a docker-style signer (imported from openssl keys), and the
  // targets and snapshot keys `notary init` made for the repository it published.
  expect(made.published).toBe(true);
  expect(made.rows.map((r) => r.role).sort()).toEqual(['alice', 'root', 'snapshot', 'targets', 'targets/releases']);
  expect(made.rows.filter((r) => r.gun === E2E_GUN).map((r) => r.role).sort()).toEqual(['snapshot', 'targets']);

  await vault.open();
  const page = vault.page;
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
  const folder = page.getByTestId('trust-dir').filter({ has: page.locator('[aria-current="true"]') });
  await expect(folder).toContainText(vault.trustDir);
  await expect(page.getByTestId('keys-count')).toHaveText(`${made.rows.length} keys`);

  const list = page.getByRole('grid', { name: 'Keys' });
  const rows = list.getByTestId('key-row');
  await expect(rows).toHaveCount(made.rows.length);
  const shownIds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-key-id')));
  expect(shownIds.sort()).toEqual(made.rows.map((r) => r.id).sort());
  await expect(list.locator('[data-testid="key-row"][data-status="broken"]')).toHaveCount(0);

  // Each key, one by one, as a person checks it: the row, then the detail panel.
  for (const expected of made.rows) {
    const row = list.locator(`[data-testid="key-row"][data-key-id="${expected.id}"]`);
    // The role badge comes first in the row; the short ID carries the full ID as its title.
    await expect(row.locator('.badge').first()).toHaveText(expected.role);
    if (expected.gun) await expect(row).toContainText(expected.gun);
    else await expect(row).not.toContainText(E2E_GUN);
    await expect(row.locator(`[title="${expected.id}"]`)).toHaveText(new RegExp(`^${expected.id.slice(0, 8)}`));

    // The row sits under the header of its key type: the nearest header row above it in the grid.
    const rowIndex = Number(await row.getAttribute('aria-rowindex'));
    const group = await list.getByTestId('key-group').evaluateAll(
      (headers, below) =>
        headers
          .map((h) => ({ group: h.getAttribute('data-group'), index: Number(h.getAttribute('aria-rowindex')) }))
          .filter((h) => h.index < below)
          .sort((a, b) => b.index - a.index)[0]?.group ?? null,
      rowIndex,
    );
    expect(group, `group of ${expected.role}`).toBe(GROUP_OF_ROLE(expected.role));

    await row.click();
    await expect(row).toHaveAttribute('aria-selected', 'true');
    const detail = page.getByTestId('key-detail');
    await expect(detail).toHaveAttribute('data-key-id', expected.id);
    await expect(detail.getByTestId('key-id')).toHaveText(expected.id);
    await expect(detail).toContainText(expected.role);
    if (expected.gun) await expect(detail).toContainText(expected.gun);
    // notary generates ECDSA P-256; alice was imported from an openssl RSA key.
    await expect(detail).toContainText(expected.role === 'alice' ? 'RSA' : 'ECDSA P-256');
  }

  // The picture for the README: the repository key selected, its detail beside the grouped list.
  const targets = made.rows.find((r) => r.role === 'targets')!;
  await list.locator(`[data-testid="key-row"][data-key-id="${targets.id}"]`).click();
  await expect(page.getByTestId('key-detail')).toHaveAttribute('data-key-id', targets.id);
  await list.evaluate((el) => el.scrollTo({ top: 0 }));
  await page.mouse.move(0, 0);
  await vault.screenshot('keys');

  // Filtering narrows the list to the repository's keys.
  await page.getByRole('searchbox', { name: 'Filter keys' }).fill(E2E_GUN);
  await expect(rows).toHaveCount(2);
  await vault.screenshot('keys-filtered');

  // Nothing was written: listing is read-only, so notary still sees exactly what it made.
  expect((await made.notary.keyList()).map((r) => r.id).sort()).toEqual(made.rows.map((r) => r.id).sort());
  expect(vault.pageErrors).toEqual([]);
  expect(vault.consoleErrors).toEqual([]);
});

test('a trust folder the user adds through the folder dialog is listed, selected and remembered', async ({ vault }) => {
  // A notary trust dir somewhere the vault does not look by default (no notary-server needed here).
  const elsewhere = await vault.dir('projects', 'release-keys');
  const made = await makeNotaryTrustDir({ trustDir: elsewhere, home: vault.home, work: await vault.dir('work'), withServer: false });
  const page = vault.page;
  await vault.open();
  await expect(page.getByTestId('empty-state')).toBeVisible();

  // Cancelled dialog: nothing changes.
  await page.getByRole('button', { name: 'Add folder…' }).first().click();
  await expect(page.getByTestId('trust-dir')).toHaveCount(4);

  vault.dialogs.nextFolder(elsewhere);
  await page.getByRole('button', { name: 'Add folder…' }).first().click();
  const added = page.getByRole('button', { name: `${elsewhere}: ${elsewhere}` });
  await expect(added).toHaveAttribute('aria-current', 'true');
  const rows = page.getByRole('grid', { name: 'Keys' }).getByTestId('key-row');
  await expect(rows).toHaveCount(made.rows.length);
  expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-key-id')))).sort()).toEqual(
    made.rows.map((r) => r.id).sort(),
  );
  await vault.screenshot('trust-folder-added');
  expect(vault.dialogs.asked.map((a) => a.kind)).toEqual(['folder', 'folder']);

  // Reopening the app: the choice was remembered in the app's data folder.
  await page.reload();
  await expect(page.getByRole('button', { name: `${elsewhere}: ${elsewhere}` })).toHaveAttribute('aria-current', 'true');
  await expect(rows).toHaveCount(made.rows.length);
  expect(vault.pageErrors).toEqual([]);
});
