import { afterAll, describe, expect, it } from 'vitest';
import type { RegistryLoginDto } from '../../../shared/dto/tags';
import type { VaultStatus } from '../../../shared/dto/vault';
import { scriptedCore } from '../../../test/support/scripted-core';
import { makeTempDir } from '../../../test/support/temp-dir';
import { manualClock } from '../vault/testing';
import { RegistryLogins } from './registry-logins';

const login = { user: 'ana', password: 'registry password of ana' };

describe('registry logins: memory only, forgotten when idle', () => {
  it('go after the auto-lock time without use; use and activity restart it; 0 is never', () => {
    const { clock, advance, pending } = manualClock();
    let minutes = 5;
    const logins = new RegistryLogins(clock);
    logins.expireAfterIdle(() => minutes);
    expect(pending()).toBe(0); // nothing held, nothing counting
    logins.set('reg.example.com', login);
    advance(4 * 60_000);
    expect(logins.get('reg.example.com')).toEqual(login); // a use is activity
    advance(4 * 60_000);
    logins.touch();
    advance(4 * 60_000);
    expect(logins.size).toBe(1);
    advance(60_001);
    expect(logins.size).toBe(0);
    expect(pending()).toBe(0);

    minutes = 0;
    logins.set('reg.example.com', login);
    advance(24 * 3600_000);
    expect(logins.size).toBe(1);
    logins.delete('reg.example.com');
    expect(logins.size).toBe(0);
  });
});

/** Through the guarded dispatcher, as the app runs: every lock forgets them, whether a vault is unlocked or not. */
describe('registry logins are wiped on every lock', () => {
  const tmp = makeTempDir('tv-reg-logins-');
  afterAll(() => tmp.cleanup());
  const gun = '127.0.0.1:5000/acme/app';

  const setUp = (name: string) => {
    const { clock, advance } = manualClock(new Date('2026-11-23T10:00:00Z'));
    let powerListener: (() => void) | null = null;
    const core = scriptedCore(`${tmp.path}/${name}`, { clock, power: { onLockOrSleep: (l) => ((powerListener = l), () => (powerListener = null)) } });
    /** Who main is signed in as: a cancelled prompt answers with the login main still holds. */
    const signedInAs = async () => (await core.call<RegistryLoginDto>('tags.signIn', { gun })).signedInAs;
    const signIn = async () => {
      core.registryLogins.push(login);
      expect(await signedInAs()).toBe('ana');
      expect(await signedInAs()).toBe('ana');
    };
    return { core, advance, signedInAs, signIn, systemLock: () => powerListener!() };
  };

  it('with no vault: on the system lock or sleep, on the lock call, and after the auto-lock time idle', async () => {
    const { core, advance, signedInAs, signIn, systemLock } = setUp('none');
    expect((await core.call<VaultStatus>('vault.status')).exists).toBe(false);
    await signIn();
    systemLock();
    expect(await signedInAs()).toBeNull();

    await signIn();
    await core.call('vault.lock');
    expect(await signedInAs()).toBeNull();

    // The auto-lock: the default five minutes with neither activity nor registry use.
    await signIn();
    advance(4 * 60_000);
    await core.call('vault.touch');
    advance(4 * 60_000);
    expect(await signedInAs()).toBe('ana');
    advance(5 * 60_000 + 1);
    expect(await signedInAs()).toBeNull();
    expect(core.events.filter((e) => e.name === 'vaultLocked')).toEqual([]); // no vault, nothing for the renderer to reset
    // But the renderer hears that the logins went, each time (so a tag list on screen stops naming the user).
    expect(core.events.filter((e) => e.name === 'registryLoginsCleared')).toHaveLength(3);
    // A lock with nothing to forget says nothing.
    systemLock();
    expect(core.events.filter((e) => e.name === 'registryLoginsCleared')).toHaveLength(3);
  });

  it('with a vault: on its lock, its auto-lock, and while it is locked after its own auto-lock time', async () => {
    const { core, advance, signedInAs, signIn, systemLock } = setUp('vault');
    await core.call('vault.create', { passphrase: 'master passphrase of the vault', unlockSeconds: 0.25 });
    await core.call('vault.settings', { autoLockMinutes: 2 });
    await signIn();
    await core.call('vault.lock');
    expect(await signedInAs()).toBeNull();

    await core.call('vault.unlock', { passphrase: 'master passphrase of the vault' });
    await signIn();
    advance(2 * 60_000 + 1); // the vault's auto-lock
    expect((await core.call<VaultStatus>('vault.status')).unlocked).toBe(false);
    expect(await signedInAs()).toBeNull();

    // Locked, the vault's setting still times them out, and the system lock still wipes them.
    await signIn();
    advance(2 * 60_000 + 1);
    expect(await signedInAs()).toBeNull();
    await signIn();
    systemLock();
    expect(await signedInAs()).toBeNull();
  });
});
