import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '../harness/fixtures';
import { startNotaryServer } from '../harness/notary';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';

/**
 * "Check against the server" (issue 3, points 2 and 5): a repository made by the real notary CLI on a loopback
 * notary-server is trusted as the server serves it, the server's root key ID shows beside the pinned one when
 * forgetting, and a closed port gets the SERVER_OFFLINE explanation. The cache never changes.
 */

const GUN = 'example.com/acme/served';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('a repository is checked against its notary server: trusted there, and a server that is down is explained', async ({ vault }) => {
  test.setTimeout(120_000);
  const work = await vault.dir('work');
  const server = await startNotaryServer(join(work, 'server'));
  try {
    const notary = vault.notary({ passphrases: NOTARY_PASSPHRASES, server: server.url });
    await notary.init(GUN);
    const file = join(work, 'v1.txt');
    await writeFile(file, 'first release\n');
    await notary.run(['add', GUN, 'v1.0', file]);
    await notary.publish(GUN);
    await notary.run(['list', GUN]);

    const ca = join(work, 'server-ca.pem');
    await writeFile(ca, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    vault.dialogs.nextOpenFiles([ca]);

    await vault.open();
    const page = vault.page;
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Repositories' }).click();
    await page.getByRole('button', { name: `Open ${GUN}` }).click();
    const view = page.getByTestId('repo-view');
    await expect(view).toHaveAttribute('data-verdict', 'trusted');

    const panel = view.getByTestId('server-check');
    await expect(panel).toContainText('Looking never changes your cached trust data');
    await panel.getByRole('button', { name: 'Choose CA file…' }).click();
    await expect(panel.getByTestId('server-ca-name')).toContainText('server-ca.pem');
    expect(vault.dialogs.pending().openFiles).toBe(0);

    const url = panel.getByLabel('Notary server address');
    await url.fill('ftp://127.0.0.1');
    await expect(panel.getByRole('button', { name: 'Check against the server' })).toBeDisabled();
    await url.fill(server.url);
    const token = panel.getByLabel('Bearer token (optional)');
    await token.fill('not-needed-token');
    await panel.getByRole('button', { name: 'Check against the server' }).click();
    // Plain http with a token: refused, nothing sent, until the person marks this server insecure (issue 12, point 5).
    await expect(panel.locator('[data-testid="error-note"][data-error-code="INSECURE_TRANSPORT"]')).toBeVisible();
    await vault.screenshot('repo-server-check-insecure-refused');
    await token.fill('not-needed-token');
    await panel.getByTestId('server-insecure').getByRole('checkbox').check();
    await panel.getByRole('button', { name: 'Check against the server' }).click();
    const result = panel.getByTestId('server-check-result');
    await expect(result).toHaveAttribute('data-verdict', 'trusted');
    await expect(token).toHaveValue('');
    await expect(panel.getByTestId('server-root-id')).toHaveCount(1);
    const serverRootId = (await panel.getByTestId('server-root-id').textContent())!;
    expect(serverRootId).toMatch(/^[0-9a-f]{64}$/);
    await page.setViewportSize({ width: 1280, height: 1700 });
    await page.mouse.move(0, 0);
    await panel.scrollIntoViewIfNeeded();
    await vault.screenshot('repo-server-check');

    // The forget dialog shows the server's root key beside the pinned one, without pasting.
    await view.getByTestId('repo-advanced').getByText('Advanced').click();
    await view.getByRole('button', { name: /Forget this repository.s trust data/ }).click();
    const dialog = page.getByTestId('forget-dialog');
    await expect(dialog.getByTestId('pinned-root-id')).toHaveText(serverRootId);
    await expect(dialog.getByTestId('server-root-key-id')).toHaveText(serverRootId);
    await expect(dialog.getByTestId('server-root-key-id')).toHaveAttribute('data-same', 'true');
    await expect(dialog.getByLabel('New root key ID from the publisher’s notice')).toBeVisible();
    await dialog.getByRole('button', { name: 'Keep the trust data' }).click();
    await expect(dialog).toBeHidden();

    // A closed port: SERVER_OFFLINE, explained, and notary's "client is offline" named.
    await url.fill(`http://127.0.0.1:${await closedPort()}`);
    await panel.getByRole('button', { name: 'Check against the server' }).click();
    await expect(result).toHaveAttribute('data-verdict', 'broken');
    const offline = result.locator('[data-testid="repo-problem"][data-code="SERVER_OFFLINE"]');
    await expect(offline).toBeVisible();
    await expect(offline.getByTestId('consumer-explanation')).not.toBeEmpty();
    await expect(offline).toContainText('client is offline');
    // The cache was only looked at.
    await expect(view).toHaveAttribute('data-verdict', 'trusted');
    await page.mouse.move(0, 0);
    await vault.screenshot('repo-server-offline');
  } finally {
    await server.stop();
  }
});
