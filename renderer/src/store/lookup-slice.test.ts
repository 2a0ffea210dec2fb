import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { RepoCheckResult } from '../../../shared/dto/repo-lookup';

const dirA: TrustDirInfo = { id: 'a', path: '/t/a', label: 'a', origin: 'custom', exists: true, selected: true };
const dirB: TrustDirInfo = { id: 'b', path: '/t/b', label: 'b', origin: 'custom', exists: true, selected: false };
type Listener = (payload: unknown) => void;

const result = (gun: string, verdict: RepoCheckResult['verdict']): RepoCheckResult => ({
  gun,
  verdict,
  basis: { checkedAt: '2026-12-07T20:00:00Z', against: 'http://s', cachedAt: null },
  problems: [],
  missingRoles: [],
  fetched: [],
  last: null,
  needsServer: null,
});

const calls: [string, unknown][] = [];
const added = { gun: 'example.com/app', server: 'https://notary.example.com', pinned: 'first-use', check: result('example.com/app', 'trusted'), tagCount: 1 };

async function store() {
  calls.length = 0;
  const listeners = new Map<string, Set<Listener>>();
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  let dirs = [dirA, dirB];
  const vault = {
    trustDirs: {
      list: async () => ({ ok: true, value: dirs }),
      select: async ({ id }: { id: string }) => {
        dirs = dirs.map((d) => ({ ...d, selected: d.id === id }));
        return { ok: true, value: dirs };
      },
    },
    keys: { list: async () => ({ ok: true, value: { trustDir: '/t/a', keys: [] } }) },
    repos: {
      list: async () => ({ ok: true, value: [] }),
      expiryRadar: async () => ({ ok: true, value: [] }),
      forgotten: async () => ({ ok: true, value: [] }),
      status: async ({ gun }: { gun: string }) => (calls.push(['status', gun]), { ok: true, value: { gun, verdict: 'trusted', problems: [], roles: [], tags: [], delegations: [], heldKeys: [] } }),
      serverFor: async (a: unknown) => (calls.push(['serverFor', a]), { ok: true, value: { gun: 'example.com/app', server: null, suggestion: null } }),
      lookup: async (a: unknown) => (calls.push(['lookup', a]), { ok: false, code: 'SERVER_OFFLINE', message: 'https://notary.example.com cannot be reached' }),
      add: async (a: unknown) => (calls.push(['add', a]), { ok: true, value: added }),
      checkAll: async ({ jobId }: { jobId: string }) => {
        // main reports each repository as it is checked
        emit('repoCheck', { jobId, done: 1, total: 2, gun: 'g/one', result: result('g/one', 'trusted') });
        emit('repoCheck', { jobId: 'someone-else', done: 1, total: 9, gun: 'x', result: result('x', 'broken') });
        emit('repoCheck', { jobId, done: 2, total: 2, gun: 'g/two', result: result('g/two', 'unreachable') });
        return { ok: true, value: [result('g/one', 'trusted'), result('g/two', 'unreachable')] };
      },
    },
    publish: {
      resign: async (a: unknown) => (calls.push(['resign', a]), { ok: true, value: { gun: 'g/one', action: 're-signed targets', versions: {} } }),
    },
  };
  const vaultEvents = {
    on: (name: string, l: Listener) => {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(l);
      return () => listeners.get(name)!.delete(l);
    },
  };
  vi.stubGlobal('window', { vault, vaultEvents });
  vi.resetModules();
  const { useStore } = await import('./index');
  const { checkResultOf } = await import('./lookup-slice');
  await useStore.getState().loadTrustDirs();
  return { useStore, checkResultOf, emit, listeners };
}

afterEach(() => vi.unstubAllGlobals());

describe('lookup slice', () => {
  it('check all: its own job\'s progress events only, results kept per folder, then unsubscribed', async () => {
    const { useStore, checkResultOf, listeners } = await store();
    expect(await useStore.getState().checkAllRepos()).toBeNull();
    const s = useStore.getState();
    expect(s.checkAllProgress).toBeNull();
    expect(checkResultOf(s, 'g/two')?.verdict).toBe('unreachable');
    expect(checkResultOf(s, 'x')).toBeNull();
    expect(listeners.get('repoCheck')?.size ?? 0).toBe(0);
    // Another trust folder: the results were about the first one.
    await useStore.getState().selectTrustDir('b');
    expect(checkResultOf(useStore.getState(), 'g/two')).toBeNull();
  });

  it('an expiry notification click opens the repository with a re-sign request', async () => {
    const { useStore, emit } = await store();
    const off = useStore.getState().watchExpiryNotices();
    emit('expiryNotificationClicked', { trustDirId: 'a', gun: 'g/one', roles: ['targets'] });
    await vi.waitFor(() => expect(useStore.getState().selectedGun).toBe('g/one'));
    expect(useStore.getState()).toMatchObject({ screen: 'repos', resignRequest: { gun: 'g/one', roles: ['targets'] } });
    off();
  });

  it('the add dialog\'s steps go to main for the selected folder; an added repository is opened; a token is not kept', async () => {
    const { useStore } = await store();
    const s = useStore.getState;
    expect(await s().findRepoServer('example.com/app')).toMatchObject({ ok: true, value: { gun: 'example.com/app' } });
    expect(await s().lookUpRepo('example.com/app', 'https://notary.example.com', 'secret-token-1')).toEqual({
      ok: false,
      error: { code: 'SERVER_OFFLINE', message: 'https://notary.example.com cannot be reached' },
    });
    expect(calls.find(([op]) => op === 'lookup')).toEqual(['lookup', { trustDirId: 'a', name: 'example.com/app', server: 'https://notary.example.com', token: 'secret-token-1' }]);
    s().openAddRepo();
    expect(await s().addRepo('example.com/app', 'https://notary.example.com', { acceptFirstUse: true })).toEqual({ ok: true, value: added });
    expect(calls.find(([op]) => op === 'add')).toEqual(['add', { trustDirId: 'a', name: 'example.com/app', server: 'https://notary.example.com', acceptFirstUse: true }]);
    expect(s()).toMatchObject({ addRepoOpen: false, selectedGun: 'example.com/app', checkResults: { 'example.com/app': { verdict: 'trusted' } } });
    expect(JSON.stringify(s())).not.toContain('secret-token-1');
  });

  it('re-signing from a notice passes only the given passphrases, ends the request and reads the repository again', async () => {
    const { useStore, emit } = await store();
    const s = useStore.getState;
    const off = s().watchExpiryNotices();
    emit('expiryNotificationClicked', { trustDirId: 'a', gun: 'g/one', roles: ['targets'] });
    await vi.waitFor(() => expect(s().selectedGun).toBe('g/one'));
    calls.length = 0;
    expect(await s().resignRoles('a', 'g/one', ['targets'], { targets: 'targets pass', snapshot: '' })).toMatchObject({ ok: true, value: { action: 're-signed targets' } });
    expect(calls).toEqual([
      ['resign', { trustDirId: 'a', gun: 'g/one', roles: ['targets'], passphrases: { targets: 'targets pass' } }],
      ['status', 'g/one'],
    ]);
    expect(s().resignRequest).toBeNull();
    expect(JSON.stringify(s())).not.toContain('targets pass');
    off();
  });
});
