import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { certKey, ecdsaKey, ed25519Key, writeTestRepo } from '../../test/support/tuf-repo';
import { expect, test } from '../harness/fixtures';
import { startNotaryServer } from '../harness/notary';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';

/**
 * The Repositories screen over trust data made only by the real notary CLI on a loopback notary-server: a published
 * repository with two tags is listed as trusted and its view shows the digests `notary list` prints; a second
 * repository whose cached targets.json has one signature byte flipped shows broken, with the threshold explanation.
 */

const GOOD = 'example.com/acme/web';
const BAD = 'example.com/acme/api';

interface ListedTag {
  name: string;
  digest: string;
  size: number;
  role: string;
}

/** `notary list GUN`: NAME DIGEST SIZE ROLE after two header lines. */
function parseList(out: string): ListedTag[] {
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c.length === 4 && /^[0-9a-f]{64}$/.test(c[1]!))
    .map(([name, digest, size, role]) => ({ name: name!, digest: digest!, size: Number(size), role: role! }));
}

test('the Repositories screen shows notary-made repositories: trusted with notary\'s digests, and a tampered one broken', async ({ vault }) => {
  test.setTimeout(120_000);
  const work = await vault.dir('work');
  const server = await startNotaryServer(join(work, 'server'));
  const listed: ListedTag[] = [];
  try {
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    for (const gun of [GOOD, BAD]) {
      await notary.init(gun);
      for (const [tag, content] of [
        ['v1.0', `first release of ${gun}\n`],
        ['v1.1', `second release of ${gun}, a little longer\n`],
      ] as const) {
        const file = join(work, `${gun.replace(/\//g, '_')}-${tag}.txt`);
        await writeFile(file, content);
        await notary.run(['add', gun, tag, file]);
      }
      await notary.publish(gun);
      // `notary list` fetches and caches what the server has: the cache the vault reads.
      const tags = parseList(await notary.run(['list', gun]));
      expect(tags.map((t) => t.name).sort()).toEqual(['v1.0', 'v1.1']);
      if (gun === GOOD) listed.push(...tags);
    }
  } finally {
    await server.stop();
  }

  // Tamper with the second repository's cache: one byte of the targets signature, written back in place.
  const targetsPath = join(vault.trustDir, 'tuf', BAD, 'metadata', 'targets.json');
  const text = await readFile(targetsPath, 'utf8');
  const sig = (JSON.parse(text) as { signatures: { sig: string }[] }).signatures[0]!.sig;
  const bytes = Buffer.from(sig, 'base64');
  bytes[10] = bytes[10]! ^ 0x01;
  await writeFile(targetsPath, text.replace(sig, bytes.toString('base64')));

  await vault.open();
  const page = vault.page;
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Repositories' }).click();
  await expect(page.getByRole('heading', { name: 'Repositories', level: 1 })).toBeVisible();
  const rows = page.getByTestId('repo-row');
  await expect(rows).toHaveCount(2);
  await expect(page.locator(`[data-testid="repo-row"][data-gun="${GOOD}"]`)).toHaveAttribute('data-verdict', 'trusted');
  await expect(page.locator(`[data-testid="repo-row"][data-gun="${BAD}"]`)).toHaveAttribute('data-verdict', 'broken');
  await expect(page.locator(`[data-testid="repo-row"][data-gun="${GOOD}"]`)).toContainText('Trusted');
  await page.mouse.move(0, 0);
  await vault.screenshot('repos-list');

  // The trusted repository: the tags with the digests, sizes and roles notary printed; keyboard opens it.
  await page.getByRole('button', { name: `Open ${GOOD}` }).focus();
  await page.keyboard.press('Enter');
  const view = page.getByTestId('repo-view');
  await expect(view).toHaveAttribute('data-verdict', 'trusted');
  await expect(view.getByTestId('repo-tag')).toHaveCount(listed.length);
  for (const t of listed) {
    const row = view.locator(`[data-testid="repo-tag"][data-tag="${t.name}"]`);
    await expect(row.getByTestId('tag-digest')).toHaveAttribute('data-digest', t.digest);
    await expect(row).toContainText(`${t.size} B`);
    await expect(row).toContainText(t.role);
  }
  await expect(view.getByTestId('repo-problem')).toHaveCount(0);
  await expect(view.locator('[data-testid="chain-node"][data-role="root"]')).toHaveAttribute('data-state', 'ok');
  await expect(view.locator('[data-testid="chain-node"][data-role="targets"]')).toHaveAttribute('data-state', 'ok');
  // notary init made the targets and snapshot keys here: the view says so.
  await expect(view.locator('[data-testid="chain-node"][data-role="targets"] [data-testid="role-key"][data-held="true"]')).toHaveCount(1);
  await expect(view.locator('[data-testid="chain-node"][data-role="root"] [data-testid="role-key"][data-held="true"]')).toHaveCount(1);
  await expect(view.getByTestId('timeline-row')).not.toHaveCount(0);
  await page.mouse.move(0, 0);
  // A tall window for the pictures, so the whole view (chain, tags, timeline) is in one image.
  await page.setViewportSize({ width: 1280, height: 1700 });
  await vault.screenshot('repo-view');

  // Back to the list, then the tampered repository: broken, with the threshold explanation and notary's words.
  await page.getByRole('button', { name: '← All repositories' }).click();
  await page.getByRole('button', { name: `Open ${BAD}` }).click();
  await expect(view).toHaveAttribute('data-verdict', 'broken');
  const threshold = view.locator('[data-testid="repo-problem"][data-code="THRESHOLD_NOT_MET"][data-role="targets"]');
  await expect(threshold).toBeVisible();
  await expect(threshold.getByTestId('consumer-explanation')).toContainText('do not pull');
  await expect(threshold.getByTestId('publisher-explanation')).not.toBeEmpty();
  await expect(threshold.getByTestId('tool-text').filter({ hasText: /^valid signatures did not meet threshold for targets$/ })).toHaveCount(1);
  await expect(threshold.getByTestId('tool-text').filter({ hasText: `insufficient signatures for remote repository ${BAD}` })).toHaveCount(1);
  await expect(view.locator('[data-testid="chain-node"][data-role="targets"]')).toHaveAttribute('data-state', 'bad');
  await page.mouse.move(0, 0);
  await vault.screenshot('repo-broken');
  // Keyboard: the back button is reachable and returns to the list.
  await page.getByRole('button', { name: '← All repositories' }).focus();
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(2);

  // Consumer reset: the broken repository's trust data is forgotten (moved into the app's data folder) and restored.
  // Its root is fine (a targets signature is bad), so the action sits in the quieter "Advanced" area.
  await page.getByRole('button', { name: `Open ${BAD}` }).click();
  await expect(view).toHaveAttribute('data-verdict', 'broken');
  await expect(view.getByTestId('repo-problem').first()).toBeVisible();
  await expect(view.getByRole('button', { name: /Forget this repository.s trust data/ })).toBeHidden();
  await view.getByTestId('repo-advanced').getByText('Advanced').click();
  await view.getByRole('button', { name: /Forget this repository.s trust data/ }).click();
  const dialog = page.getByTestId('forget-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('lost its root key and started over');
  const pinnedIds = dialog.getByTestId('pinned-root-id');
  await expect(pinnedIds).toHaveCount(1);
  const pinnedId = (await pinnedIds.textContent())!;
  expect(pinnedId).toMatch(/^[0-9a-f]{64}$/);
  // The root key ID from the publisher's notice, pasted: the same one is flagged, a new one is said to differ.
  const newRoot = dialog.getByLabel('New root key ID from the publisher’s notice');
  await newRoot.fill(pinnedId);
  await expect(dialog.getByTestId('root-same')).toBeVisible();
  await newRoot.fill('0123456789abcdef'.repeat(4));
  await expect(dialog.getByTestId('root-compare')).toHaveAttribute('data-state', 'differs');
  await expect(dialog.getByTestId('forget-consequence')).toContainText('can be put back with Restore');
  const confirmForget = dialog.getByRole('button', { name: 'Forget trust data' });
  await expect(confirmForget).toBeDisabled();
  await dialog.getByTestId('forget-confirmation').fill(BAD.toUpperCase());
  await expect(confirmForget).toBeDisabled();
  await dialog.getByTestId('forget-confirmation').fill(BAD);
  await expect(confirmForget).toBeEnabled();
  await page.mouse.move(0, 0);
  await vault.screenshot('repo-forget');
  await confirmForget.click();

  // Gone from the list and from the trust folder; listed as forgotten; nothing deleted.
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(1);
  await expect(page.locator(`[data-testid="repo-row"][data-gun="${BAD}"]`)).toHaveCount(0);
  const forgottenRow = page.locator(`[data-testid="forgotten-list"] [data-testid="forgotten-row"][data-gun="${BAD}"]`);
  await expect(forgottenRow).toBeVisible();
  await expect(forgottenRow).toContainText(pinnedId.slice(0, 8));
  expect(existsSync(join(vault.trustDir, 'tuf', BAD))).toBe(false);
  const entries = await readdir(join(vault.dataDir, 'forgotten'));
  expect(entries).toHaveLength(1);
  expect(existsSync(join(vault.dataDir, 'forgotten', entries[0]!, 'repository', 'metadata', 'targets.json'))).toBe(true);
  await page.mouse.move(0, 0);
  await vault.screenshot('repo-forgotten');

  // Restore: back in the list (still broken: the tampered file came back as it was), the forgotten list empty.
  await page.getByRole('button', { name: `Restore ${BAD}` }).click();
  await expect(rows).toHaveCount(2);
  await expect(page.locator(`[data-testid="repo-row"][data-gun="${BAD}"]`)).toHaveAttribute('data-verdict', 'broken');
  await expect(page.getByTestId('forgotten-list')).toHaveCount(0);
  expect(await readFile(targetsPath, 'utf8')).toBe(text.replace(sig, bytes.toString('base64')));
});

test('with no cached trust data, the Repositories screen says where it comes from and never offers Docker Hub', async ({ vault }) => {
  await vault.dir('docker', 'trust');
  await vault.open();
  const page = vault.page;
  await page.getByRole('link', { name: 'Repositories' }).click();
  const empty = page.getByTestId('repos-empty');
  await expect(empty).toBeVisible();
  await expect(empty).toContainText('notary list');
  await expect(empty).toContainText('DOCKER_CONTENT_TRUST=1');
  await expect(empty).toContainText('Docker Hub no longer offers content trust');
  await expect(page.getByRole('link', { name: 'Repositories' })).toHaveAttribute('aria-current', 'page');
  // Back to Keys from the same navigation.
  await page.getByRole('link', { name: 'Keys' }).click();
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
});

test('a repository whose cached root no longer checks out offers "forget" with its problems, and the reset keeps it restorable', async ({ vault }) => {
  const gun = 'example.com/acme/rerooted';
  await vault.dir('docker', 'trust');
  // The root is signed by a key it does not list: what a consumer sees when the root does not check out.
  const root = certKey('ecdsa', gun, { days: 3650 });
  writeTestRepo(vault.trustDir, {
    gun,
    root: [root],
    signers: { root: [certKey('ecdsa', gun, { days: 3650 })] },
    targets: ecdsaKey(),
    snapshot: ecdsaKey(),
    timestamp: ed25519Key(),
    tags: { v1: 'one' },
  });
  await vault.open();
  const page = vault.page;
  await page.getByRole('link', { name: 'Repositories' }).click();
  await page.getByRole('button', { name: `Open ${gun}` }).click();
  const view = page.getByTestId('repo-view');
  await expect(view).toHaveAttribute('data-verdict', 'broken');
  await expect(view.locator('[data-testid="repo-problem"][data-role="root"]').first()).toBeVisible();
  // With the problems, not hidden in "Advanced".
  await expect(view.getByTestId('repo-advanced')).toHaveCount(0);
  const action = view.locator('section[aria-labelledby="problems-title"]').getByRole('button', { name: /Forget this repository.s trust data/ });
  await expect(action).toBeVisible();
  await action.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await vault.screenshot('repo-forget-root-problem');
  await action.click();
  const dialog = page.getByTestId('forget-dialog');
  await expect(dialog.getByTestId('pinned-root-id')).toHaveText(root.id);
  await dialog.getByTestId('forget-confirmation').fill(gun);
  await dialog.getByRole('button', { name: 'Forget trust data' }).click();
  await expect(page.getByTestId('repos-empty')).toBeVisible();
  await page.getByRole('button', { name: `Restore ${gun}` }).click();
  await expect(page.locator(`[data-testid="repo-row"][data-gun="${gun}"]`)).toHaveAttribute('data-verdict', 'broken');
  await expect(page.getByTestId('forgotten-list')).toHaveCount(0);
});
