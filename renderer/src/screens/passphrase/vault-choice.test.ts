import { describe, expect, it } from 'vitest';
import type { VaultStatus } from '../../../../shared/dto/vault';
import { isRootPurpose, storeSatisfied, vaultChoiceState, vaultSaveNotice, vaultSavesOf } from './vault-choice';

const status = (exists: boolean, unlocked: boolean): VaultStatus =>
  ({ file: '/d/vault', exists, unlocked, lockedBy: null, kdf: null, autoLockMinutes: 10, savedPassphrases: [], offlineKeys: [] }) as unknown as VaultStatus;

describe('the passphrase step’s vault choice', () => {
  it('reads the vault as unlocked, locked, absent or not read yet', () => {
    expect(vaultChoiceState(null)).toBe('unknown');
    expect(vaultChoiceState(status(false, false))).toBe('absent');
    expect(vaultChoiceState(status(true, false))).toBe('locked');
    expect(vaultChoiceState(status(true, true))).toBe('unlocked');
  });

  it('lets the vault stand in for the password manager, except for a root key', () => {
    expect(storeSatisfied(false, false, false)).toBe(false);
    expect(storeSatisfied(false, true, false)).toBe(true);
    expect(storeSatisfied(false, false, true)).toBe(true);
    expect(storeSatisfied(true, false, true)).toBe(false);
    expect(storeSatisfied(true, true, true)).toBe(true);
    expect(isRootPurpose('root')).toBe(true);
    expect(isRootPurpose('token-root')).toBe(true);
    expect(isRootPurpose('signer')).toBe(false);
    expect(isRootPurpose('repository')).toBe(false);
  });

  it('saves only the written keys of the ticked roles, each with its own passphrase', () => {
    const written = [
      { role: 'root', id: 'r'.repeat(64) },
      { role: 'targets', id: 't'.repeat(64) },
      { role: 'snapshot', id: 's'.repeat(64) },
    ];
    const passphrases = { root: 'root passphrase', targets: 'targets passphrase', snapshot: 'snapshot passphrase' };
    expect(vaultSavesOf(written, passphrases, ['targets'])).toEqual([{ keyId: 't'.repeat(64), passphrase: 'targets passphrase' }]);
    expect(vaultSavesOf(written, passphrases, [])).toEqual([]);
    // A role ticked but not sent (left to the vault) has nothing to save.
    expect(vaultSavesOf(written, { targets: 'targets passphrase' }, ['snapshot', 'targets'])).toHaveLength(1);
  });

  it('says what was saved, and names each key that was not', () => {
    expect(vaultSaveNotice([], [])).toBeNull();
    expect(vaultSaveNotice(['a'], [])?.title).toBe('Passphrase saved in the vault');
    expect(vaultSaveNotice(['a', 'b'], [])?.title).toBe('2 passphrases saved in the vault');
    const failed = vaultSaveNotice([], [{ keyId: 'abcdef0123456789', message: 'The vault is locked.' }]);
    expect(failed?.tone).toBe('error');
    expect(failed?.detail).toContain('abcdef012345…: The vault is locked.');
  });
});
