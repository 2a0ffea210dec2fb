import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../harness/fixtures';
import { startNotaryServer } from '../harness/notary';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';
import type { HarnessNotifier } from '../harness/ports';

/**
 * Issue 15 in the app, against a loopback notary-server with the notary CLI as publisher: a repository added by name
 * through the trust-on-first-use screen (a wrong root key ID refused, the right one pinned), a repository the
 * notary CLI just published in this very folder shown `incomplete` and fetched to `trusted`, "Check all" with its
 * progress events, the server stopped (`unreachable` with the last verdict and its age), and an archive written,
 * verified, and caught with one flipped byte.
 */

const ADDED = 'example.com/acme/web';
const PUBLISHED = 'example.com/acme/api';

test('add a repository by name, incomplete to trusted, check all, unreachable with the last verdict, the archive', async ({ vault }) => {
  test.setTimeout(180_000);
  const work = await vault.dir('work');
  const server = await startNotaryServer(join(work, 'server'));
  let stopped = false;
  try {
    // The publisher of ADDED works in its own folder; PUBLISHED is published from the app's own trust folder.
    const publisherDir = await vault.dir('publisher');
    const publisher = vault.notary({ trustDir: publisherDir, passphrases: NOTARY_PASSPHRASES, server: server.url });
    const here = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    for (const [cli, gun] of [
      [publisher, ADDED],
      [here, PUBLISHED],
    ] as const) {
      await cli.init(gun);
      for (const tag of ['v1.0', 'v1.1']) {
        const file = join(work, `${gun.replace(/\//g, '_')}-${tag}.txt`);
        await writeFile(file, `${tag} of ${gun}\n`);
        await cli.run(['add', gun, tag, file]);
      }
      await cli.publish(gun);
    }
    const rootKeyFileId = (await publisher.keyList()).find((r) => r.role === 'root')!.id;

    await vault.open();
    const page = vault.page;
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Repositories' }).click();
    // notary publish left no timestamp.json: incomplete, not broken.
    const publishedRow = page.locator(`[data-testid="repo-row"][data-gun="${PUBLISHED}"]`);
    await expect(publishedRow).toHaveAttribute('data-verdict', 'incomplete');
    await expect(publishedRow).toContainText('Incomplete');

    // Add a repository: the name, the server (a prompt: none is remembered for example.com yet), the root keys.
    await page.getByRole('button', { name: 'Add a repository…' }).first().click();
    const dialog = page.getByTestId('add-repo-dialog');
    await dialog.getByLabel('Image name').fill(`${ADDED}:v1.0`);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await expect(dialog.getByTestId('add-repo-gun')).toHaveText(ADDED);
    await expect(dialog.getByTestId('server-prompt')).toContainText('Which notary server signs for example.com?');
    await dialog.getByLabel('Notary server address').fill(server.url);
    await dialog.getByRole('button', { name: 'Look it up' }).click();
    const rootKey = dialog.getByTestId('root-key');
    await expect(rootKey).toHaveCount(1);
    await expect(rootKey).toHaveAttribute('data-canonical-id', rootKeyFileId);
    await expect(rootKey).toContainText(`CN ${ADDED}`);
    // A wrong ID: said at once, and the add button stays off.
    await dialog.getByLabel('Root key ID').fill('ab'.repeat(32));
    await expect(dialog.getByText('Matches none of the root keys this server serves')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Pin this root key and add' })).toBeDisabled();
    await vault.screenshot('repo-add-tofu');
    await dialog.getByLabel('Root key ID').fill(rootKeyFileId);
    await expect(dialog.getByTestId('pin-match')).toHaveAttribute('data-tone', 'ok');
    await dialog.getByRole('button', { name: 'Pin this root key and add' }).click();

    const view = page.getByTestId('repo-view');
    await expect(view).toHaveAttribute('data-gun', ADDED);
    await expect(view).toHaveAttribute('data-verdict', 'trusted');
    await expect(view.getByTestId('verdict-basis')).toContainText(`against ${server.url}`);
    await expect(view.getByTestId('repo-tag')).toHaveCount(2);
    // A consumer holds no key of it: no publisher panel.
    await expect(view.getByTestId('publisher')).toHaveCount(0);
    const config = JSON.parse(await readFile(join(vault.trustDir, 'config.json'), 'utf8')) as { trust_pinning: { certs: Record<string, string[]> } };
    expect(config.trust_pinning.certs[ADDED]).toHaveLength(1);
    // notary reads what the vault cached, offline.
    const offline = await vault.notary({ server: 'http://127.0.0.1:9' }).run(['list', ADDED]);
    expect(offline).toMatch(/v1\.0\s+[0-9a-f]{64}/);
    await vault.screenshot('repo-added');

    // The published one: what is missing, fetched from the server remembered for example.com; then trusted.
    await page.getByRole('button', { name: '← All repositories' }).click();
    await page.getByRole('button', { name: `Open ${PUBLISHED}` }).click();
    await expect(view.getByTestId('incomplete-note')).toContainText('timestamp.json');
    await expect(view.getByTestId('publisher')).toBeVisible(); // this folder holds its keys
    await view.getByTestId('repo-check-actions').scrollIntoViewIfNeeded();
    await vault.screenshot('repo-incomplete');
    await view.getByRole('button', { name: 'Fetch the missing trust data' }).click();
    await expect(view).toHaveAttribute('data-verdict', 'trusted');
    await expect(view.getByTestId('incomplete-note')).toHaveCount(0);

    // Check all: one progress event per repository, then every row says what the server said.
    await page.getByRole('button', { name: '← All repositories' }).click();
    await page.getByRole('button', { name: 'Check all against their servers' }).click();
    await expect(page.getByText('Every repository was checked against its server.')).toBeVisible();
    await expect(page.getByTestId('row-check')).toHaveCount(2);
    const progress = vault.events.sent.filter((e) => e.name === 'repoCheck').map((e) => (e.payload as { done: number; total: number }).done);
    expect(progress).toEqual([1, 2]);

    // The archive: written into a folder main asks for, verified offline.
    vault.dialogs.nextFolder(await vault.dir('archives'));
    await page.getByRole('button', { name: 'Archive every repository…' }).click();
    await expect(page.getByTestId('archive-result')).toContainText('Archived 2 repositories (4 signed tags)');
    const archiveDir = join(work, '..', 'archives', (await readdir(join(work, '..', 'archives')))[0]!);
    const inventory = JSON.parse(await readFile(join(archiveDir, 'inventory.json'), 'utf8')) as { rows: { gun: string; tag: string }[] };
    expect(inventory.rows.map((r) => `${r.gun}:${r.tag}`)).toEqual([`${PUBLISHED}:v1.0`, `${PUBLISHED}:v1.1`, `${ADDED}:v1.0`, `${ADDED}:v1.1`]);
    vault.dialogs.nextFolder(archiveDir);
    await page.getByRole('button', { name: 'Verify an archive…' }).click();
    await expect(page.getByTestId('archive-verify-result')).toHaveAttribute('data-ok', 'true');
    const flipped = join(archiveDir, 'tuf', ADDED, 'metadata', 'targets.json');
    const bytes = await readFile(flipped);
    bytes[40] = bytes[40]! ^ 0x01;
    await writeFile(flipped, bytes);
    vault.dialogs.nextFolder(archiveDir);
    await page.getByRole('button', { name: 'Verify an archive…' }).click();
    await expect(page.getByTestId('archive-verify-result')).toHaveAttribute('data-ok', 'false');
    await expect(page.locator(`[data-testid="archive-problem"][data-file="tuf/${ADDED}/metadata/targets.json"]`).first()).toBeVisible();
    await page.getByTestId('archive-panel').scrollIntoViewIfNeeded();
    await vault.screenshot('repo-archive');

    // The server goes away: unreachable, with the last verdict reached and its age.
    await server.stop();
    stopped = true;
    await page.getByRole('button', { name: 'Check all against their servers' }).click();
    const addedRowCheck = page.locator(`[data-testid="repo-row"][data-gun="${ADDED}"] [data-testid="row-check"]`);
    await expect(addedRowCheck).toHaveAttribute('data-verdict', 'unreachable');
    await expect(addedRowCheck).toContainText(/last verdict trusted, (just now|\d+ minutes? ago)/);
    await page.getByRole('heading', { name: 'Repositories', level: 1 }).scrollIntoViewIfNeeded();
    await vault.screenshot('repos-unreachable');
    await page.getByRole('button', { name: `Open ${ADDED}` }).click();
    const basis = view.getByTestId('verdict-basis');
    await expect(basis).toHaveAttribute('data-verdict', 'unreachable');
    await expect(basis.getByTestId('last-verdict')).toContainText('Last verdict reached: Trusted');
    await vault.screenshot('repo-unreachable');
  } finally {
    if (!stopped) await server.stop();
  }
});

test('an expiry notification from main (at most once a day) opens the repository to re-sign', async ({ vault }) => {
  test.setTimeout(120_000);
  const work = await vault.dir('work');
  const server = await startNotaryServer(join(work, 'server'));
  try {
    const here = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await here.init(PUBLISHED);
    await writeFile(join(work, 'v1.txt'), 'v1\n');
    await here.run(['add', PUBLISHED, 'v1', join(work, 'v1.txt')]);
    await here.publish(PUBLISHED);
  } finally {
    await server.stop();
  }
  await vault.open();
  const page = vault.page;
  await page.setViewportSize({ width: 1280, height: 1000 });
  const notifier = vault.core.ports.notifier as HarnessNotifier;
  expect(notifier.shown).toHaveLength(0); // nothing expires soon today
  // notary signs targets and snapshot for 3 years: move core's clock to 20 days before that; the next look notifies.
  const expires = Date.parse(JSON.parse(await readFile(join(vault.trustDir, 'tuf', PUBLISHED, 'metadata', 'targets.json'), 'utf8')).signed.expires as string);
  // Half past midnight (UTC) of that day, so the look six hours later is still the same day.
  const target = Math.floor((expires - 20 * 86_400_000) / 86_400_000) * 86_400_000 + 30 * 60_000;
  vault.clock.advance(target - vault.clock.now().getTime());
  await expect.poll(() => notifier.shown.length).toBe(1);
  expect(notifier.shown[0]!.title).toBe(`Re-sign ${PUBLISHED}`);
  expect(notifier.shown[0]!.body).toMatch(/signature expires in (19|20) days/);
  vault.clock.advance(6 * 3600_000); // the next look, the same day: no second notice
  expect(notifier.shown).toHaveLength(1);

  // The page's clock too: the re-sign callout judges expiry by it.
  await page.clock.setFixedTime(vault.clock.now());
  notifier.click();
  const view = page.getByTestId('repo-view');
  await expect(view).toHaveAttribute('data-gun', PUBLISHED);
  const callout = view.getByTestId('resign-callout');
  await expect(callout).toHaveAttribute('data-from-notice', 'true');
  await expect(callout.getByRole('button', { name: /^Re-sign / })).toBeVisible();
  await callout.scrollIntoViewIfNeeded();
  await vault.screenshot('repo-resign-from-notice');
});
