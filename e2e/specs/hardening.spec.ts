import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from '../../shared/dto/vault';
import { ZERO_HASH, hashOf, lineOf } from '../../electron/core/audit/entry';
import { trustDirIdOf } from '../../electron/core/trustdir/trust-dir-id';
import { forgeVaultHeader, sha256Hex } from '../../test/hardening/forge-vault';
import type { TrustDirInfo } from '../../shared/dto/app';
import type { BackupCreated, DriveInfo } from '../../shared/dto/backups';
import { readTufKey } from '../../electron/core/tuf/tuf-key';
import { certKey, ecdsaKey, writeTestRepo } from '../../test/support/tuf-repo';
import { callCore, fakeDrive, openBackups, plug } from '../harness/backup-drives';
import { expect, test } from '../harness/fixtures';
import { NOTARY_PASSPHRASES } from '../harness/trust-dirs';
import { createVaultInUi, lockState, navTo, unlockInUi } from '../harness/vault-flow';

/**
 * Issue 12, points 2 and 3, as a person meets them. Someone with write access to the user's files forges the locked
 * vault's index (an entry naming a document outside the trust folder, one naming a real root key): the document is
 * untouched, the key file is moved into the quarantine, listed on the Vault screen and put back with one click. Then
 * the audit log is rewritten with its whole chain recomputed: the chain alone says intact, but the unlock finds that
 * it does not match the vault's checkpoints, and "Verify the log" says which entries and since when.
 */

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

test('a forged locked-vault index moves a key file into the quarantine at most; it is listed and put back', async ({ vault }) => {
  test.setTimeout(120_000);
  const rootId = await vault.notary({ passphrases: NOTARY_PASSPHRASES }).generate('root');
  const keyFile = join(vault.trustDir, 'private', `${rootId}.key`);
  const original = await readFile(keyFile);
  const victim = join(vault.home, 'Documents', 'thesis.txt');
  await mkdir(join(vault.home, 'Documents'), { recursive: true });
  await writeFile(victim, 'four years of work\n');

  const page = vault.page;
  await vault.open();
  await createVaultInUi(page);
  await page.getByRole('button', { name: 'Lock the vault' }).click();
  await expect(lockState(page)).toHaveAttribute('data-state', 'locked');

  const past = '2026-01-01T00:00:00.000Z';
  const common = { role: 'root', gun: null, algorithm: 'ecdsa', takenOfflineAt: past, onlineUntil: past };
  forgeVaultHeader(join(vault.dataDir, 'vault', 'vault.tv'), (h) => {
    h.index = [
      { ...common, keyId: 'b'.repeat(64), trustDir: join(vault.home, 'Documents'), file: 'thesis.txt', sha256: sha256Hex(Buffer.from('four years of work\n')) },
      { ...common, keyId: rootId, trustDirId: trustDirIdOf(vault.trustDir), sha256: sha256Hex(original) },
    ];
  });

  await navTo(page, 'Keys');
  await navTo(page, 'Vault');
  const quarantine = page.getByTestId('vault-quarantine');
  await expect(quarantine).toBeVisible();
  await expect(quarantine.getByTestId('vault-quarantine-item')).toHaveCount(1);
  await expect(quarantine.getByTestId('vault-quarantine-item')).toHaveAttribute('data-key-id', rootId);
  expect(await readFile(victim, 'utf8')).toBe('four years of work\n');
  expect(await exists(keyFile)).toBe(false);
  await page.mouse.move(0, 0);
  await vault.screenshot('hardening-1-quarantine');

  // The forged file does not open: nothing else happens.
  await unlockInUi(page);
  await expect(page.getByTestId('vault-unlock-error')).toHaveAttribute('data-error-code', 'VAULT_DAMAGED');
  // The failed unlock is in the audit log.
  const log = (await readFile(join(vault.dataDir, 'audit', 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as AuditEntry);
  expect(log[log.length - 1]).toMatchObject({ action: 'vault.unlocked', result: 'failed', error: 'VAULT_DAMAGED', actor: { via: 'app' } });

  await quarantine.getByRole('button', { name: 'Put back' }).click();
  await expect(quarantine).toBeHidden();
  expect(await readFile(keyFile)).toEqual(original);
  await navTo(page, 'Keys');
  await expect(page.locator(`[data-testid="key-row"][data-key-id="${rootId}"]`)).toHaveAttribute('data-location', 'file');
  expect(await readFile(victim, 'utf8')).toBe('four years of work\n');
});

test('an audit log rewritten with its chain recomputed is shown as tampered after the unlock and by Verify the log', async ({ vault }) => {
  test.setTimeout(120_000);
  const page = vault.page;
  await vault.open();
  await createVaultInUi(page);
  // A vault write: the checkpoint now covers the log's entries so far.
  await page.getByLabel('Lock automatically').selectOption('15');
  await expect(page.getByTestId('vault-autolock')).toHaveValue('15');
  await page.getByRole('button', { name: 'Lock the vault' }).click();
  await expect(lockState(page)).toHaveAttribute('data-state', 'locked');

  // The attacker rewrites every entry's actor and recomputes the chain and head file.
  const logFile = join(vault.dataDir, 'audit', 'audit.jsonl');
  let prev = ZERO_HASH;
  const rewritten = (await readFile(logFile, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const { hash: _hash, ...e } = JSON.parse(l) as AuditEntry;
      const body = { ...e, actor: { ...e.actor, user: 'someone-else' }, prev };
      const entry: AuditEntry = { ...body, hash: hashOf(body) };
      prev = entry.hash;
      return entry;
    });
  await writeFile(logFile, rewritten.map((e) => `${lineOf(e)}\n`).join(''));
  const last = rewritten[rewritten.length - 1]!;
  await writeFile(join(vault.dataDir, 'audit', 'head.json'), `${JSON.stringify({ seq: last.seq, hash: last.hash })}\n`);

  await navTo(page, 'Vault');
  await unlockInUi(page);
  const note = page.getByTestId('vault-audit-tampered');
  await expect(note).toBeVisible();
  await expect(note).toContainText("the vault's checkpoint of");
  await page.mouse.move(0, 0);
  await vault.screenshot('hardening-2-audit-tampered-after-unlock');

  await note.getByRole('button', { name: 'Open the audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Verify the log' }).click();
  const verdict = page.getByTestId('audit-verify');
  await expect(verdict).toHaveAttribute('data-ok', 'false');
  await expect(verdict.getByTestId('audit-problem').first()).toHaveAttribute('data-kind', 'tampered');
  await expect(verdict.getByTestId('audit-checkpoint')).toHaveAttribute('data-state', 'tampered');
  await expect(verdict).toContainText('The log was tampered with');
  await page.mouse.move(0, 0);
  await vault.screenshot('hardening-3-audit-verify-tampered');

  // Starting a new log (the rewritten one kept aside) with the vault unlocked restarts the checkpoints too.
  await verdict.getByRole('button', { name: 'Start a new log…' }).click();
  const restart = page.getByRole('dialog', { name: 'Start a new audit log' });
  await restart.getByTestId('restart-log-confirmation').fill('start a new log');
  await restart.getByRole('button', { name: 'Start a new log', exact: true }).click();
  await expect(restart).toBeHidden();
  await page.getByRole('button', { name: 'Verify the log' }).click();
  await expect(verdict).toHaveAttribute('data-ok', 'true');
  await expect(verdict.getByTestId('audit-checkpoint')).toHaveAttribute('data-state', 'confirmed');
});

test('a pinned root in an encrypted backup is an opt-in choice showing its GUN and root key IDs, never preselected', async ({ vault }) => {
  test.setTimeout(120_000);
  const gun = 'registry.example.com/team/app';
  await vault.notary({ passphrases: NOTARY_PASSPHRASES }).generate('root');
  const root = certKey('ecdsa', gun);
  writeTestRepo(vault.trustDir, { gun, root: [root], targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ecdsaKey(), tags: {} });
  const rootKeyId = readTufKey(root.tuf).canonicalId!;

  const a = await fakeDrive(vault, { device: '/dev/sdb1', label: 'BACKUP-A' });
  plug(vault, a);
  const dirs = await callCore<TrustDirInfo[]>(vault, 'trustDirs', 'list', {});
  const drives = await callCore<DriveInfo[]>(vault, 'drives', 'list', {});
  const passphrase = 'lantern gravel outpost mural sizzle dagger';
  const created = await callCore<BackupCreated>(vault, 'backups', 'create', {
    trustDirId: dirs.find((d) => d.path === vault.trustDir)!.id,
    passphrase,
    destinations: [{ kind: 'drive', driveId: drives[0]!.id }],
    jobId: 'setup-backup',
  });
  const target = await vault.dir('restored', 'trust');

  const page = vault.page;
  await vault.open();
  await openBackups(page);
  await page.getByRole('tab', { name: 'Restore' }).click();
  const wizard = page.getByTestId('restore-wizard');
  vault.dialogs.nextOpenFiles([created.copies[0]!.file!]);
  await wizard.getByRole('button', { name: 'Choose a backup file…' }).click();
  await wizard.getByRole('button', { name: 'Next' }).click();
  const targetStep = wizard.locator('[data-testid="restore-step"][data-step="target"]');
  vault.dialogs.nextFolder(target);
  await targetStep.getByRole('button', { name: 'Another folder…' }).click();
  await targetStep.getByRole('button', { name: 'Next' }).click();
  const passStep = wizard.locator('[data-testid="restore-step"][data-step="passphrase"]');
  await passStep.getByLabel('Backup passphrase').fill(passphrase);
  await passStep.getByRole('button', { name: 'Open the backup' }).click();

  const rootRow = wizard.locator(`[data-testid="restore-root"][data-gun="${gun}"]`);
  await expect(rootRow).toHaveAttribute('data-state', 'new');
  await expect(rootRow.getByTestId('restore-root-keys')).toHaveText(rootKeyId);
  const box = rootRow.getByRole('checkbox', { name: `Restore the pinned root of ${gun}` });
  await expect(box).toBeEnabled();
  await expect(box).not.toBeChecked();
  await expect(wizard.getByTestId('restore-roots-note')).toContainText('None is chosen for you');
  await page.mouse.move(0, 0);
  await vault.screenshot('hardening-4-restore-root-opt-in');

  // Restoring the keys alone leaves the root out; the trust folder pins nothing.
  await wizard.getByRole('button', { name: /^Restore 1 file/ }).click();
  await expect(wizard.getByTestId('restore-done')).toBeVisible();
  expect(await exists(join(target, 'tuf', gun, 'metadata', 'root.json'))).toBe(false);
});
