import { describe, expect, it } from 'vitest';
import { keyInfo } from '../../../../test/support/key-info';
import { passphraseProblem, passphrasesOf, vaultRolesOf } from './PassphraseFields';
import { rotationPassphrases } from './recovery-text';
import { markSavedInVault } from './vault-passphrases';

const GUN = 'example.com/app';
const root = keyInfo('a'.repeat(64), { role: 'root', kind: 'root', gun: null, passphraseInVault: true });
const snapshot = keyInfo('b'.repeat(64), { role: 'snapshot', kind: 'snapshot', gun: GUN, passphraseInVault: false });

describe('passphrases the vault fills in', () => {
  it('marks a role only while the vault is unlocked and every candidate key has its passphrase saved', () => {
    const needs = rotationPassphrases('targets', false, true);
    const marked = markSavedInVault(needs, [root, snapshot], GUN, true);
    expect(marked.find((n) => n.role === 'root')?.inVault).toBe(true);
    expect(marked.find((n) => n.role === 'snapshot')?.inVault).toBeUndefined();
    expect(marked.find((n) => n.kind === 'new')?.inVault).toBeUndefined();
    expect(markSavedInVault(needs, [root, snapshot], GUN, false).some((n) => n.inVault)).toBe(false);
    const secondRoot = keyInfo('c'.repeat(64), { role: 'root', kind: 'root', gun: null });
    expect(markSavedInVault(needs, [root, secondRoot], GUN, true).find((n) => n.role === 'root')?.inVault).toBeUndefined();
    // An offline root (in the vault) with its passphrase saved counts too.
    const offlineRoot = { ...root, location: 'vault' as const };
    expect(markSavedInVault(needs, [offlineRoot], GUN, true).find((n) => n.role === 'root')?.inVault).toBe(true);
  });

  it('lets a marked field stay empty and leaves it out of the call, so core takes it from the vault', () => {
    const needs = markSavedInVault(rotationPassphrases('snapshot', true, false), [root], GUN, true);
    expect(needs.map((n) => [n.role, n.inVault ?? false])).toEqual([['root', true]]);
    expect(passphraseProblem(needs, {})).toBeNull();
    expect(passphrasesOf(needs, {})).toEqual({});
    expect(passphrasesOf(needs, { root: 'typed anyway' })).toEqual({ root: 'typed anyway' });
  });
});

describe('a new key’s passphrase saved in the vault (issue 16, point 2)', () => {
  it('takes the vault in place of the password manager, except for a root key', () => {
    const needs = rotationPassphrases('targets', false, false);
    const base = { root: 'old root passphrase', targets: 'new targets pass', 'targets-again': 'new targets pass' };
    expect(passphraseProblem(needs, base)).toMatch(/or save it in the vault/);
    expect(passphraseProblem(needs, { ...base, 'targets-vault': 'yes' })).toBeNull();
    expect(vaultRolesOf(needs, { ...base, 'targets-vault': 'yes' })).toEqual(['targets']);
    expect(vaultRolesOf(needs, base)).toEqual([]);
    const rootNeeds = [{ role: 'root' as const, kind: 'new' as const, label: 'root', hint: '' }];
    const newRoot = { root: 'new root passphrase', 'root-again': 'new root passphrase', 'root-vault': 'yes' };
    expect(passphraseProblem(rootNeeds, newRoot)).toMatch(/password manager first/);
    expect(passphraseProblem(rootNeeds, { ...newRoot, 'root-stored': 'yes' })).toBeNull();
  });
});
