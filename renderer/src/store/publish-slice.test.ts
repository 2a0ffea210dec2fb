import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';

const dir: TrustDirInfo = { id: 'a', path: '/t/a', label: 'a', origin: 'custom', exists: true, selected: true };
const signer = { role: 'targets/alice', name: 'alice', keyIds: ['k1'], inReleases: true, haveKey: false };
const result = { gun: 'example.com/x', action: 'added signer alice', versions: {}, keysWritten: [], keysRemoved: [], cacheUpdated: true, cacheProblem: null, warnings: [], verdict: 'trusted' };

afterEach(() => vi.unstubAllGlobals());

function fakeVault(calls: unknown[]) {
  let signers = [signer];
  return {
    trustDirs: { list: async () => ({ ok: true, value: [dir] }) },
    keys: { list: async () => ({ ok: true, value: { trustDir: '/t/a', keys: [] } }) },
    repos: {
      list: async () => ({ ok: true, value: [] }),
      expiryRadar: async () => ({ ok: true, value: [] }),
      forgotten: async () => ({ ok: true, value: [] }),
      status: async ({ gun }: { gun: string }) => ({ ok: true, value: { gun, verdict: 'trusted', problems: [], roles: [], tags: [], delegations: [], heldKeys: [] } }),
      forget: async (a: unknown) => (calls.push(['forget', a]), { ok: true, value: { entryId: 'e1', movedTo: '/data/f/e1', pinnedRootKeyIds: [] } }),
      restore: async (a: unknown) => (calls.push(['restore', a]), { ok: true, value: { gun: 'example.com/x', path: '/t/a/tuf/example.com/x' } }),
    },
    publish: {
      signers: async () => ({ ok: true, value: signers }),
      addSigner: async (a: unknown) => (calls.push(['addSigner', a]), (signers = [signer, { ...signer, role: 'targets/bob', name: 'bob' }]), { ok: true, value: result }),
      rotate: async (a: unknown) => (calls.push(['rotate', a]), { ok: false, code: 'WRONG_PASSPHRASE', message: 'the root key: wrong passphrase' }),
      recoveryPlan: async () => ({ ok: false, code: 'NOT_FOUND', message: 'no root' }),
      deleteTrustData: async (a: { confirmation: string }) =>
        (calls.push(['deleteTrustData', a]), a.confirmation === 'example.com/x' ? { ok: true, value: { gun: 'example.com/x', server: 'http://n' } } : { ok: false, code: 'SERVER_ERROR', message: '405' }),
    },
  };
}

describe('publish slice', () => {
  it('lists signers, passes passphrases through once (only the given ones), and reads the signers again after a change', async () => {
    const calls: unknown[] = [];
    vi.stubGlobal('window', { vault: fakeVault(calls) });
    vi.resetModules();
    const { useStore } = await import('./index');
    await useStore.getState().loadTrustDirs();
    await useStore.getState().openRepo('example.com/x');
    await useStore.getState().loadSigners('example.com/x');
    expect(useStore.getState()).toMatchObject({ signersGun: 'example.com/x', signers: [signer], signersState: 'ready' });

    const added = await useStore.getState().addSigner('example.com/x', 'bob', 'sel1', { targets: 'targets pass', snapshot: '' });
    expect(added).toEqual({ ok: true, value: result });
    expect(calls).toEqual([['addSigner', { trustDirId: 'a', gun: 'example.com/x', name: 'bob', selectionId: 'sel1', passphrases: { targets: 'targets pass' } }]]);
    expect(useStore.getState().signers.map((s) => s.name)).toEqual(['alice', 'bob']);
    expect(JSON.stringify(useStore.getState())).not.toContain('targets pass');

    const rotated = await useStore.getState().rotateKey('example.com/x', 'targets', false, { root: 'root pass' });
    expect(rotated).toEqual({ ok: false, error: { code: 'WRONG_PASSPHRASE', message: 'the root key: wrong passphrase' } });

    await useStore.getState().loadRecoveryPlan('example.com/x');
    expect(useStore.getState()).toMatchObject({ recoveryGun: 'example.com/x', recoveryPlan: null, recoveryPlanState: 'error', recoveryPlanError: { code: 'NOT_FOUND' } });

    useStore.getState().resetAll();
    expect(useStore.getState()).toMatchObject({ signersGun: null, signers: [], recoveryPlan: null, recoveryPlanState: 'idle' });
  });

  it('deletes trust data after forgetting its own cached copy, and puts the copy back when the server refuses', async () => {
    const calls: unknown[] = [];
    vi.stubGlobal('window', { vault: fakeVault(calls) });
    vi.resetModules();
    const { useStore } = await import('./index');
    await useStore.getState().loadTrustDirs();
    const refused = await useStore.getState().deleteTrustData('example.com/x', 'example.com/X');
    expect(refused.ok).toBe(false);
    expect(calls.map((c) => (c as [string])[0])).toEqual(['forget', 'deleteTrustData', 'restore']);
    calls.length = 0;
    const done = await useStore.getState().deleteTrustData('example.com/x', 'example.com/x');
    expect(done).toEqual({ ok: true, value: { gun: 'example.com/x', server: 'http://n', forgottenTo: '/data/f/e1' } });
    expect(calls.map((c) => (c as [string])[0])).toEqual(['forget', 'deleteTrustData']);
  });
});
