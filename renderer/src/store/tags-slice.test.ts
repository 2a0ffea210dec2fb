import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RegistryTags } from '../../../shared/dto/tags';

const GUN = '127.0.0.1:5000/acme/web';
const row = (tag: string, state: 'signed' | 'unsigned') => ({ tag, digest: `sha256:${'a'.repeat(64)}`, size: 400, state, signed: state === 'signed', role: state === 'signed' ? 'targets' : null, signers: [] });
const listed = (signedInAs: string | null, state: 'signed' | 'unsigned'): RegistryTags => ({ gun: GUN, signedInAs, tags: [row('v1', state)] }) as RegistryTags;

afterEach(() => vi.unstubAllGlobals());

/** window.vault as the tags slice reaches it: every call recorded, the list answering with what main holds now. */
function fakeVault(calls: [string, unknown][]) {
  let user: string | null = null;
  let state: 'signed' | 'unsigned' = 'unsigned';
  let held: ((v: unknown) => void) | null = null;
  return {
    /** Lets the list of slow/repo answer. */
    release: () => held?.(undefined),
    api: {
      tags: {
        list: async (a: { gun: string }) => {
          calls.push(['list', a]);
          if (a.gun === 'slow/repo') await new Promise((r) => (held = r));
          return a.gun === 'down/repo' ? { ok: false, code: 'SERVER_OFFLINE', message: 'the registry cannot be reached' } : { ok: true, value: { ...listed(user, state), gun: a.gun } };
        },
        preview: async (a: unknown) => (calls.push(['preview', a]), { ok: true, value: { previewId: 'p1', gun: GUN, role: 'targets', items: [], newVersions: { targets: 2 }, snapshotBy: 'local', signedInAs: user } }),
        sign: async (a: unknown) => (calls.push(['sign', a]), (state = 'signed'), { ok: true, value: { gun: GUN, role: 'targets', signed: [], moved: [], verified: true, versions: { targets: 2 } } }),
        revoke: async (a: { confirmation: string }) =>
          (calls.push(['revoke', a]), a.confirmation === GUN ? ((state = 'unsigned'), { ok: true, value: { gun: GUN, removals: [{ role: 'targets', tags: ['v1'] }], stillSignedElsewhere: [], versions: {} } }) : { ok: false, code: 'CONFIRMATION_REQUIRED', message: `Type ${GUN}` }),
        signIn: async (a: unknown) => (calls.push(['signIn', a]), (user = 'alice'), { ok: true, value: { registry: '127.0.0.1:5000', signedInAs: 'alice' } }),
        signOut: async (a: unknown) => (calls.push(['signOut', a]), (user = null), { ok: true, value: { registry: '127.0.0.1:5000', signedInAs: null } }),
        inventory: async (a: unknown) => (calls.push(['inventory', a]), { ok: true, value: { gun: GUN, takenAt: null, from: 'cache', tags: [] } }),
        putBack: async (a: unknown) => (calls.push(['putBack', a]), { ok: true, value: { gun: GUN, role: 'targets', signed: ['v1'], already: [], unresolved: [], versions: {} } }),
      },
    },
  };
}

async function store() {
  const calls: [string, unknown][] = [];
  const fake = fakeVault(calls);
  vi.stubGlobal('window', { vault: fake.api });
  vi.resetModules();
  const { useStore } = await import('./index');
  return { useStore, calls, fake };
}

describe('tags slice', () => {
  it('lists, signs what was previewed with only the passphrases given, lists again; never keeps a passphrase', async () => {
    const { useStore, calls } = await store();
    const s = useStore.getState;
    await s().loadRegistryTags('a', GUN);
    expect(s()).toMatchObject({ registryTagsFor: { dirId: 'a', gun: GUN }, registryTagsState: 'ready', registryTags: { signedInAs: null, tags: [{ tag: 'v1', state: 'unsigned' }] } });

    const preview = await s().previewTagSigning('a', GUN, ['v1']);
    expect(preview).toMatchObject({ ok: true, value: { previewId: 'p1' } });
    const signed = await s().signTags('a', GUN, 'p1', { targets: 'targets pass', snapshot: '', delegation: '' });
    expect(signed).toMatchObject({ ok: true, value: { verified: true } });
    expect(calls.find(([op]) => op === 'sign')).toEqual(['sign', { trustDirId: 'a', previewId: 'p1', passphrases: { targets: 'targets pass' } }]);
    expect(s().registryTags?.tags[0]?.state).toBe('signed');
    expect(JSON.stringify(s())).not.toContain('targets pass');

    // Revoke needs the typed GUN (main checks it); a wrong one changes nothing, the right one lists again.
    expect(await s().revokeTags('a', GUN, ['v1'], { targets: 't' }, 'acme/web')).toEqual({ ok: false, error: { code: 'CONFIRMATION_REQUIRED', message: `Type ${GUN}` } });
    expect(s().registryTags?.tags[0]?.state).toBe('signed');
    expect(await s().revokeTags('a', GUN, ['v1'], { targets: 't' }, GUN)).toMatchObject({ ok: true });
    expect(s().registryTags?.tags[0]?.state).toBe('unsigned');

    await s().putTagsBack('a', GUN, { targets: 'new targets pass', snapshot: '' });
    expect(calls.find(([op]) => op === 'putBack')).toEqual(['putBack', { trustDirId: 'a', gun: GUN, passphrases: { targets: 'new targets pass' } }]);
    expect(await s().loadTagInventory('a', GUN)).toMatchObject({ ok: true, value: { tags: [] } });
  });

  it('signing in and out lists again as that user; only the user name reaches the store; a lock wipes it', async () => {
    const { useStore } = await store();
    const s = useStore.getState;
    await s().loadRegistryTags('a', GUN);
    expect(await s().registrySignIn('a', GUN)).toEqual({ ok: true, value: { registry: '127.0.0.1:5000', signedInAs: 'alice' } });
    expect(s().registryTags?.signedInAs).toBe('alice');
    await s().registrySignOut('a', GUN);
    expect(s().registryTags?.signedInAs).toBeNull();
    s().resetAll();
    expect(s()).toMatchObject({ registryTagsFor: null, registryTags: null, registryTagsState: 'idle', registryTagsError: null });
  });

  it('keeps the error of a failed list, and drops an answer about a repository no longer asked for', async () => {
    const { useStore, fake } = await store();
    const s = useStore.getState;
    await s().loadRegistryTags('a', 'down/repo');
    expect(s()).toMatchObject({ registryTagsState: 'error', registryTags: null, registryTagsError: { code: 'SERVER_OFFLINE' } });
    const slow = s().loadRegistryTags('a', 'slow/repo');
    await s().loadRegistryTags('a', GUN);
    fake.release();
    await slow;
    expect(s()).toMatchObject({ registryTagsFor: { gun: GUN }, registryTags: { gun: GUN }, registryTagsState: 'ready', registryTagsError: null });
  });
});
