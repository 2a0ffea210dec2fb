import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { VaultStatus } from '../../../shared/dto/vault';
import { keyInfo } from '../../../test/support/key-info';

const MASTER = 'master-passphrase-never-kept';
const KEY_PASSPHRASE = 'key-passphrase-never-kept';
const ROOT = 'a'.repeat(64);
const dirA: TrustDirInfo = { id: 'a', path: '/t/a', label: 'a', origin: 'custom', exists: true, selected: true };

const status = (over: Partial<VaultStatus> = {}): VaultStatus => ({
  file: '/data/vault.tvault',
  exists: true,
  unlocked: false,
  lockedBy: null,
  kdf: { algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 4, targetMs: 1000, measuredMs: 980 },
  autoLockMinutes: 5,
  savedPassphrases: [],
  offlineKeys: [],
  ...over,
});

type Listener = (payload: unknown) => void;

async function storeWithVault() {
  const listeners = new Map<string, Set<Listener>>();
  const calls: { op: string; args: unknown }[] = [];
  let current = status();
  let statusGate: Promise<void> = Promise.resolve();
  let keysGate: Promise<void> = Promise.resolve();
  const ok = <T>(value: T) => ({ ok: true as const, value });
  const rec =
    <A, R>(op: string, fn: (args: A) => R) =>
    async (args: A) => {
      calls.push({ op, args });
      return fn(args);
    };
  const unlocked = () => status({ unlocked: true, savedPassphrases: [{ keyId: ROOT, role: 'root', gun: null, savedAt: '2026-01-01T00:00:00Z' }] });
  const vault = {
    app: { info: async () => ok({ version: '0', platform: 'linux', shell: 'harness' }) },
    trustDirs: { list: async () => ok([dirA]) },
    keys: {
      list: async () => {
        const listed = [keyInfo(ROOT, { role: 'root', kind: 'root', passphraseInVault: current.unlocked })];
        await keysGate;
        return ok({ trustDir: '/t/a', keys: listed });
      },
    },
    tokens: { list: async () => ok([]) },
    tags: {
      list: rec('tags.list', () => ok({ gun: 'reg.example.com/app', registry: 'reg.example.com', signedInAs: null, tags: [] })),
    },
    repos: {
      list: async () => ok([]),
      expiryRadar: async () => ok([]),
      forgotten: async () => ok([]),
    },
    backups: { coverage: async () => ok({ trustDir: '/t/a', keys: [], locations: [] }) },
    audit: {
      list: rec('audit.list', () =>
        ok([
          {
            seq: 1,
            at: '2026-01-01T00:00:00Z',
            action: 'vault.unlocked',
            keyIds: [ROOT],
            gun: null,
            role: null,
            result: 'ok',
            error: null,
            detail: null,
            actor: { user: 'u', host: 'h', via: 'app' },
            prev: '0'.repeat(64),
            hash: '1'.repeat(64),
          },
        ]),
      ),
      verify: rec('audit.verify', () => ok({ ok: true, entries: 1, head: '1'.repeat(64), problems: [] })),
    },
    vault: {
      status: async () => {
        await statusGate;
        return ok(current);
      },
      unlock: rec('vault.unlock', () => ok((current = unlocked()))),
      lock: rec('vault.lock', () => ok((current = status({ lockedBy: 'manual' })))),
      touch: rec('vault.touch', () => ok(null)),
      savePassphrase: rec('vault.savePassphrase', () => ok(current)),
      changePassphrase: rec('vault.changePassphrase', (args: { passphrase: string }) =>
        args.passphrase === MASTER
          ? ok((current = { ...current, kdf: { ...current.kdf!, iterations: 4, measuredMs: 990 } }))
          : { ok: false as const, code: 'VAULT_WRONG_PASSPHRASE', message: 'The passphrase does not open the vault /data/vault.tvault' },
      ),
    },
  };
  const vaultEvents = {
    on: (name: string, listener: Listener) => {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(listener);
      return () => listeners.get(name)!.delete(listener);
    },
  };
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  vi.stubGlobal('window', { vault, vaultEvents });
  vi.resetModules();
  const { useStore, initialState } = await import('./index');
  return {
    useStore,
    initialState,
    calls,
    emit,
    holdStatus: () => {
      let release!: () => void;
      statusGate = new Promise((r) => (release = r));
      return release;
    },
    lockInMain: (reason: VaultStatus['lockedBy']) => (current = status({ lockedBy: reason })),
    holdKeys: () => {
      let release!: () => void;
      keysGate = new Promise((r) => (release = r));
      return release;
    },
  };
}

/** Everything the store holds, without its actions. */
const dataOf = (state: object) => Object.fromEntries(Object.entries(state).filter(([, v]) => typeof v !== 'function'));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('vault slice', () => {
  it('on vaultLocked, every slice is back to its initial state, no passphrase is anywhere in the store, and the Vault screen shows', async () => {
    const { useStore, initialState, emit, holdStatus, lockInMain } = await storeWithVault();
    const s = useStore.getState;
    s().watchVaultEvents();
    await s().loadVaultStatus();
    expect(await s().unlockVault(MASTER)).toBeNull();
    await s().loadTrustDirs();
    expect(await s().savePassphrase('a', ROOT, KEY_PASSPHRASE)).toBeNull();
    // Fill every slice with something from "before".
    await s().loadTokens();
    await s().loadRepos();
    await s().loadCoverage();
    await s().loadAudit({ actions: ['vault.unlocked'] });
    await s().verifyAudit();
    s().showScreen('audit');
    s().showBackupsTab('restore');
    s().showTokensTab('diagnostics');
    s().selectKey(ROOT);
    s().openDialog({ type: 'takeOffline', keyId: ROOT });
    s().notify({ tone: 'info', title: 'before the lock' });
    expect(s().keys[0]?.passphraseInVault).toBe(true);
    expect(s().auditEntries).toHaveLength(1);
    expect(s().vaultStatus?.unlocked).toBe(true);

    lockInMain('idle');
    const release = holdStatus();
    emit('vaultLocked', { reason: 'idle' });
    const after = dataOf(s());
    expect(after).toEqual({ ...initialState(), screen: 'vault', vaultState: 'loading' });
    for (const [slice, value] of Object.entries(after)) {
      const text = JSON.stringify(value) ?? '';
      expect(text, slice).not.toContain(MASTER);
      expect(text, slice).not.toContain(KEY_PASSPHRASE);
      expect(text, slice).not.toContain(ROOT);
    }

    // Then the vault's own state is read again: locked, and why.
    release();
    await vi.waitFor(() => expect(s().vaultStatus?.lockedBy).toBe('idle'));
    expect(s().vaultStatus?.unlocked).toBe(false);
    expect(JSON.stringify(dataOf(s()))).not.toContain(MASTER);
  });

  it('on registryLoginsCleared (no vault to lock), a tag list on screen is read again; with none shown, nothing is asked', async () => {
    const { useStore, calls, emit } = await storeWithVault();
    const s = useStore.getState;
    const stop = s().watchVaultEvents();
    emit('registryLoginsCleared', {});
    expect(calls.filter((c) => c.op === 'tags.list')).toEqual([]);
    await s().loadRegistryTags('dir-a', 'reg.example.com/app');
    emit('registryLoginsCleared', {});
    await vi.waitFor(() => expect(calls.filter((c) => c.op === 'tags.list')).toHaveLength(2));
    expect(calls.at(-1)).toEqual({ op: 'tags.list', args: { trustDirId: 'dir-a', gun: 'reg.example.com/app' } });
    await vi.waitFor(() => expect(s().registryTagsState).toBe('ready'));
    stop();
    emit('registryLoginsCleared', {});
    expect(calls.filter((c) => c.op === 'tags.list')).toHaveLength(2);
  });

  it('a listing still on its way when the vault locks does not fill the store again', async () => {
    const { useStore, emit, holdKeys, lockInMain } = await storeWithVault();
    const s = useStore.getState;
    s().watchVaultEvents();
    await s().unlockVault(MASTER);
    await s().loadTrustDirs();
    const release = holdKeys();
    const loading = s().loadKeys();
    lockInMain('system');
    emit('vaultLocked', { reason: 'system' });
    release();
    await Promise.race([loading, new Promise((r) => setTimeout(r, 50))]);
    expect(s().keys).toEqual([]);
    expect(s().keysState).toBe('idle');
    expect(s().trustDirs).toEqual([]);
  });

  it('the lock button locks in main and wipes the store even without the event', async () => {
    const { useStore, initialState, calls } = await storeWithVault();
    const s = useStore.getState;
    await s().unlockVault(MASTER);
    await s().loadTrustDirs();
    expect(s().keys).toHaveLength(1);
    expect(await s().lockVault()).toBeNull();
    expect(calls.map((c) => c.op)).toContain('vault.lock');
    expect(dataOf(s())).toEqual({ ...initialState(), screen: 'vault', vaultStatus: expect.objectContaining({ unlocked: false, lockedBy: 'manual' }), vaultState: 'ready' });
  });

  it('passphrases go to main in the call and are never stored', async () => {
    const { useStore, calls } = await storeWithVault();
    const s = useStore.getState;
    await s().unlockVault(MASTER);
    await s().loadTrustDirs();
    await s().savePassphrase('a', ROOT, KEY_PASSPHRASE);
    expect(calls.find((c) => c.op === 'vault.unlock')?.args).toEqual({ passphrase: MASTER });
    expect(calls.find((c) => c.op === 'vault.savePassphrase')?.args).toEqual({ trustDirId: 'a', keyId: ROOT, passphrase: KEY_PASSPHRASE });
    const text = JSON.stringify(dataOf(s()));
    expect(text).not.toContain(MASTER);
    expect(text).not.toContain(KEY_PASSPHRASE);
  });

  it('changing the master passphrase sends both in that one call, keeps main\'s answer, and stores neither', async () => {
    const NEW_MASTER = 'new-master-passphrase-never-kept';
    const { useStore, calls } = await storeWithVault();
    const s = useStore.getState;
    await s().unlockVault(MASTER);
    expect(await s().changeMasterPassphrase('not-the-master-passphrase', NEW_MASTER)).toEqual({
      code: 'VAULT_WRONG_PASSPHRASE',
      message: 'The passphrase does not open the vault /data/vault.tvault',
    });
    expect(s().vaultStatus?.kdf?.iterations).toBe(3);
    expect(await s().changeMasterPassphrase(MASTER, NEW_MASTER)).toBeNull();
    expect(await s().changeMasterPassphrase(MASTER, NEW_MASTER, 2)).toBeNull();
    expect(calls.filter((c) => c.op === 'vault.changePassphrase').map((c) => c.args)).toEqual([
      { passphrase: 'not-the-master-passphrase', newPassphrase: NEW_MASTER },
      { passphrase: MASTER, newPassphrase: NEW_MASTER },
      { passphrase: MASTER, newPassphrase: NEW_MASTER, unlockSeconds: 2 },
    ]);
    expect(s().vaultStatus).toMatchObject({ unlocked: true, kdf: { iterations: 4, measuredMs: 990 } });
    expect(s().vaultState).toBe('ready');
    const text = JSON.stringify(dataOf(s()));
    expect(text).not.toContain(MASTER);
    expect(text).not.toContain(NEW_MASTER);
    expect(text).not.toContain('not-the-master-passphrase');
  });

  it('activity sends vault.touch at most once every 30 s, and only while unlocked', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'));
    const { useStore, calls } = await storeWithVault();
    const s = useStore.getState;
    const touches = () => calls.filter((c) => c.op === 'vault.touch').length;
    await s().loadVaultStatus();
    s().touchVault();
    expect(touches()).toBe(0); // locked: nothing to keep alive
    await s().unlockVault(MASTER);
    s().touchVault(); // unlocking was activity already
    expect(touches()).toBe(0);
    vi.setSystemTime(new Date('2026-01-01T10:00:31Z'));
    s().touchVault();
    s().touchVault();
    vi.setSystemTime(new Date('2026-01-01T10:00:50Z'));
    s().touchVault();
    expect(touches()).toBe(1);
    vi.setSystemTime(new Date('2026-01-01T10:01:02Z'));
    s().touchVault();
    expect(touches()).toBe(2);
  });
});
