import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { GeneratedKey, KeyListing } from '../../../shared/dto/keys';
import type { AuditEntry, OnlineOutcome, VaultStatus } from '../../../shared/dto/vault';
import type { BackupCreated, ChosenBackupFile, VerifyReport } from '../../../shared/dto/backups';
import { scriptedCore } from '../../../test/support/scripted-core';
import { makeTempDir } from '../../../test/support/temp-dir';
import { manualClock } from '../vault/testing';

/** The vault as the app runs it, through the guarded dispatcher: saved passphrases, offline keys, locks, the audit log. */
describe('the app vault', () => {
  const tmp = makeTempDir('tv-app-vault-');
  afterAll(() => tmp.cleanup());
  const { clock, advance } = manualClock(new Date('2026-11-23T10:00:00Z'));
  let clipboardText = '';
  let powerListener: (() => void) | null = null;
  const core = scriptedCore(tmp.path, {
    clock,
    clipboard: { writeText: (t) => void (clipboardText = t), readText: () => clipboardText, clear: () => void (clipboardText = '') },
    power: { onLockOrSleep: (l) => ((powerListener = l), () => (powerListener = null)) },
  });
  const { call, events } = core;
  const code = (operation: string, args: unknown = {}) => core.fail(operation, args);
  const answers = core.folders;
  const opens = core.openFiles;
  const master = 'master passphrase of the vault';
  const keyPass = 'root key passphrase';

  it('saves passphrases, takes a root key offline and back, locks on sleep and on idle, and audits each step once', async () => {
    const trust = join(tmp.path, 'trust');
    mkdirSync(trust);
    answers.push(trust);
    const trustDirId = (await call<TrustDirInfo>('trustDirs.add')).id;
    const root = (await call<GeneratedKey>('keys.generate', { trustDirId, role: 'root', passphrase: keyPass })).key;
    const original = readFileSync(root.path);

    expect(await code('vault.unlock', { passphrase: master })).toBe('VAULT_NOT_CREATED');
    const created = await call<VaultStatus>('vault.create', { passphrase: master, unlockSeconds: 0.25 });
    expect(created).toMatchObject({ exists: true, unlocked: true, autoLockMinutes: 5 });
    expect(created.kdf!.memoryKiB).toBeGreaterThanOrEqual(65536);

    // A saved passphrase must open the key; then the key list says so and exporting asks no more.
    expect(await code('vault.savePassphrase', { trustDirId, keyId: root.id, passphrase: 'not the passphrase' })).toBe('WRONG_PASSPHRASE');
    await call('vault.savePassphrase', { trustDirId, keyId: root.id, passphrase: keyPass });
    const listed = await call<KeyListing>('keys.list', { trustDirId });
    expect(listed.keys.find((k) => k.id === root.id)?.passphraseInVault).toBe(true);
    core.saves.push(join(tmp.path, 'root.pub'));
    expect(await call('keys.export', { trustDirId, ids: [root.id], kind: 'public' })).toEqual({ path: join(tmp.path, 'root.pub') });

    // Offline: refused while this file is the only copy, unless insisted; then listed as in the vault.
    expect(await code('vault.takeOffline', { trustDirId, keyId: root.id })).toBe('ONLY_COPY');
    await call('vault.takeOffline', { trustDirId, keyId: root.id, insist: true });
    const offline = (await call<KeyListing>('keys.list', { trustDirId })).keys.find((k) => k.id === root.id);
    expect(offline).toMatchObject({ location: 'vault', role: 'root' });
    const online = await call<OnlineOutcome>('vault.bringOnline', { trustDirId, keyId: root.id, forSeconds: 60 });
    expect(readFileSync(online.path).equals(original)).toBe(true);

    // A backup written while the vault is unlocked: verifying a copy later does not ask for its passphrase.
    const usb = join(tmp.path, 'usb');
    mkdirSync(usb);
    answers.push(usb);
    const backup = await call<BackupCreated>('backups.create', { trustDirId, passphrase: 'the backup passphrase', destinations: [{ kind: 'folder' }], jobId: 'write' });
    opens.push([backup.copies[0]!.file!]);
    const chosen = await call<ChosenBackupFile>('backups.chooseFile');
    expect(chosen.passphraseInVault).toBe(true);
    expect(await call<VerifyReport>('backups.verify', { trustDirId, fileId: chosen.fileId, passphrase: '', jobId: 'verify' })).toMatchObject({ ok: true, backupId: backup.backupId });
    advance(61_000);
    expect((await call<KeyListing>('keys.list', { trustDirId })).keys.find((k) => k.id === root.id)?.location).toBe('vault');

    // The screen locks: the vault locks, the copied secret goes, the renderer is told, saved passphrases are gone.
    await call('clipboard.copySecret', { text: 'a secret passphrase' });
    powerListener!();
    expect(clipboardText).toBe('');
    expect(events.filter((e) => e.name === 'vaultLocked').map((e) => e.payload)).toEqual([{ reason: 'system' }]);
    expect((await call<VaultStatus>('vault.status')).unlocked).toBe(false);
    expect(await code('vault.bringOnline', { trustDirId, keyId: root.id })).toBe('VAULT_LOCKED');
    expect(await code('vault.unlock', { passphrase: 'wrong master passphrase' })).toBe('VAULT_WRONG_PASSPHRASE');

    // Idle: five quiet minutes lock it; a touch postpones that.
    await call('vault.unlock', { passphrase: master });
    advance(4 * 60_000);
    await call('vault.touch');
    advance(4 * 60_000);
    expect((await call<VaultStatus>('vault.status')).unlocked).toBe(true);
    advance(60_001);
    expect((await call<VaultStatus>('vault.status')).unlocked).toBe(false);
    expect(events.filter((e) => e.name === 'vaultLocked').map((e) => e.payload)).toEqual([{ reason: 'system' }, { reason: 'idle' }]);

    const log = await call<AuditEntry[]>('audit.list', {});
    expect(log.map((e) => `${e.action} ${e.result}`)).toEqual([
      'key.generated ok',
      'vault.unlocked failed',
      'vault.created ok',
      'vault.passphrase-saved failed',
      'vault.passphrase-saved ok',
      'key.exported ok',
      'key.offline failed',
      'key.offline ok',
      'key.online ok',
      'backup.written ok',
      'backup.verified ok',
      'vault.locked ok',
      'key.online failed',
      'vault.unlocked failed',
      'vault.unlocked ok',
      'vault.locked ok',
    ]);
    expect(log.filter((e) => e.action === 'vault.locked').map((e) => e.detail)).toEqual(['system', 'idle']);
    expect(log.filter((e) => e.action.startsWith('key.')).every((e) => e.keyIds.includes(root.id))).toBe(true);
    expect(JSON.stringify(log)).not.toMatch(/passphrase of the vault|root key passphrase|a secret passphrase|the backup passphrase/);
    expect(await call('audit.verify')).toMatchObject({ ok: true, entries: log.length });
  });
});
