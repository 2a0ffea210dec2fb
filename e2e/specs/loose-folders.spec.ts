import { chmod, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../harness/fixtures';

/**
 * Issue 12, point 8: a trust folder others can read is said on the Keys screen, with a one-click fix, and nothing is
 * changed before the click.
 */
test('a trust folder readable by others is flagged, and tightened to 0700 only on request', async ({ vault }) => {
  await mkdir(join(vault.trustDir, 'private'), { recursive: true, mode: 0o700 });
  await chmod(vault.trustDir, 0o755);
  await vault.open();
  const page = vault.page;
  const note = page.getByTestId('loose-folders');
  await expect(note).toBeVisible();
  await expect(note.getByTestId('loose-folder')).toHaveCount(1);
  await expect(note.getByTestId('loose-folder')).toHaveAttribute('data-kind', 'trust-dir');
  await expect(note).toContainText('is 0755: other users of this computer can look inside');
  expect((await stat(vault.trustDir)).mode & 0o777).toBe(0o755);
  await vault.screenshot('loose-folders-flagged');

  await note.getByRole('button', { name: 'Tighten to 0700' }).click();
  await expect(note.getByTestId('loose-folders-done')).toContainText(`Tightened to 0700: ${vault.trustDir}`);
  await expect(note.getByTestId('loose-folder')).toHaveCount(0);
  expect((await stat(vault.trustDir)).mode & 0o777).toBe(0o700);
  await vault.screenshot('loose-folders-tightened');
});
