import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { RepoSummary } from '../../../shared/dto/repos';

const dir: TrustDirInfo = { id: 'a', path: '/t/a', label: 'a', origin: 'custom', exists: true, selected: true };
const summary: RepoSummary = { gun: 'example.com/x', verdict: 'trusted', problemCount: 0, soonestExpiry: null };

afterEach(() => vi.unstubAllGlobals());

describe('repos slice', () => {
  it('loads the list and the radar, opens a repository, and keeps an error as a code', async () => {
    const asked: string[] = [];
    const vault = {
      trustDirs: { list: async () => ({ ok: true, value: [dir] }) },
      keys: { list: async () => ({ ok: true, value: { trustDir: '/t/a', keys: [] } }) },
      repos: {
        list: async ({ trustDirId }: { trustDirId: string }) => (asked.push(`list ${trustDirId}`), { ok: true, value: [summary] }),
        expiryRadar: async () => ({ ok: true, value: [] }),
        forgotten: async () => ({ ok: true, value: [] }),
        status: async ({ gun }: { gun: string }) =>
          gun === 'example.com/x'
            ? { ok: true, value: { gun, verdict: 'trusted', problems: [], roles: [], tags: [], delegations: [], heldKeys: [] } }
            : { ok: false, code: 'NOT_FOUND', message: 'no trust data' },
      },
    };
    vi.stubGlobal('window', { vault });
    vi.resetModules();
    const { useStore } = await import('./index');
    await useStore.getState().loadTrustDirs();
    useStore.getState().showScreen('repos');
    await useStore.getState().loadRepos();
    expect(asked).toEqual(['list a']);
    expect(useStore.getState()).toMatchObject({ screen: 'repos', repos: [summary], radar: [], reposState: 'ready' });
    await useStore.getState().openRepo('example.com/x');
    expect(useStore.getState()).toMatchObject({ selectedGun: 'example.com/x', repoDetailState: 'ready' });
    await useStore.getState().openRepo('example.com/gone');
    expect(useStore.getState()).toMatchObject({ repoDetail: null, repoDetailState: 'error', repoDetailError: { code: 'NOT_FOUND' } });
    useStore.getState().closeRepo();
    expect(useStore.getState().selectedGun).toBeNull();
  });

  it('forgets with the typed confirmation, closes the view, reloads; restores; keeps a refusal as a code', async () => {
    let listed = [summary];
    const forgotten = { id: '20300101T000000000Z-x', gun: 'example.com/x', originalPath: '/t/a/tuf/example.com/x', forgottenAt: '2030-01-01T00:00:00.000Z', pinnedRootKeys: [], rootVersion: 1 };
    let gone: (typeof forgotten)[] = [];
    const vault = {
      trustDirs: { list: async () => ({ ok: true, value: [dir] }) },
      keys: { list: async () => ({ ok: true, value: { trustDir: '/t/a', keys: [] } }) },
      repos: {
        list: async () => ({ ok: true, value: listed }),
        expiryRadar: async () => ({ ok: true, value: [] }),
        forgotten: async () => ({ ok: true, value: gone }),
        status: async ({ gun }: { gun: string }) => ({ ok: true, value: { gun, verdict: 'broken', problems: [], roles: [], tags: [], delegations: [], heldKeys: [] } }),
        forget: async ({ gun, confirmation }: { gun: string; confirmation: string }) => {
          if (confirmation !== gun) return { ok: false, code: 'CONFIRMATION_REQUIRED', message: 'type it' };
          listed = [];
          gone = [forgotten];
          return { ok: true, value: { entryId: forgotten.id, movedTo: '/data/forgotten/x', pinnedRootKeyIds: [] } };
        },
        restore: async () => {
          listed = [summary];
          gone = [];
          return { ok: true, value: { gun: 'example.com/x', path: '/t/a/tuf/example.com/x' } };
        },
      },
    };
    vi.stubGlobal('window', { vault });
    vi.resetModules();
    const { useStore } = await import('./index');
    await useStore.getState().loadTrustDirs();
    await useStore.getState().openRepo('example.com/x');
    expect(await useStore.getState().forgetRepo('example.com/x', 'example.com/X')).toEqual({ code: 'CONFIRMATION_REQUIRED', message: 'type it' });
    expect(useStore.getState().selectedGun).toBe('example.com/x');
    expect(await useStore.getState().forgetRepo('example.com/x', 'example.com/x')).toBeNull();
    expect(useStore.getState()).toMatchObject({ selectedGun: null, repos: [], forgotten: [forgotten] });
    expect(useStore.getState().notices.at(-1)?.title).toContain('example.com/x');
    expect(await useStore.getState().restoreForgotten(forgotten.id)).toBeNull();
    expect(useStore.getState()).toMatchObject({ repos: [summary], forgotten: [] });
  });
});
