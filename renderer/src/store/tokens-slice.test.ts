import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { TokenInfo } from '../../../shared/dto/tokens';

const dirA: TrustDirInfo = { id: 'a', path: '/t/a', label: 'a', origin: 'custom', exists: true, selected: true };

const token = (id: string, over: Partial<TokenInfo> = {}): TokenInfo => ({
  id,
  modulePath: '/usr/lib/softhsm/libsofthsm2.so',
  slot: 1,
  label: `Token ${id}`,
  manufacturer: 'SoftHSM project',
  model: 'SoftHSM v2',
  serial: `serial-${id}`,
  firmware: '2.6',
  flags: {
    loginRequired: true,
    pinCountLow: false,
    pinFinalTry: false,
    pinLocked: false,
    pinToBeChanged: false,
    initialized: true,
    protectedAuthPath: false,
  },
  loggedIn: false,
  defaultPinInUse: false,
  advisories: [],
  keys: [],
  ...over,
});

type Listener = (payload: unknown) => void;
type Op = (args: Record<string, unknown>) => Promise<unknown>;

async function storeWith(tokens: Record<string, Op>) {
  const listeners = new Map<string, Set<Listener>>();
  const calls: { op: string; args: Record<string, unknown> }[] = [];
  let keyLoads = 0;
  const record = (op: string, fn: Op) => (args: Record<string, unknown>) => {
    calls.push({ op, args });
    return fn(args);
  };
  const vault = {
    trustDirs: { list: async () => ({ ok: true, value: [dirA] }) },
    keys: {
      list: async () => {
        keyLoads++;
        return { ok: true, value: { trustDir: '/t/a', keys: [] } };
      },
    },
    backups: { coverage: async () => ({ ok: true, value: { trustDir: '/t/a', keys: [], locations: [] } }) },
    tokens: Object.fromEntries(Object.entries(tokens).map(([k, fn]) => [k, record(`tokens.${k}`, fn)])),
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
  const { useStore } = await import('./index');
  await useStore.getState().loadTrustDirs();
  keyLoads = 0;
  return { useStore, calls, emit, listeners, keyLoads: () => keyLoads };
}

afterEach(() => vi.unstubAllGlobals());

describe('tokens slice', () => {
  it('lists tokens, then follows the tokens event and announces tokens coming and going', async () => {
    const t1 = token('1');
    const t2 = token('2');
    const { useStore, emit, listeners } = await storeWith({ list: async () => ({ ok: true, value: [t1] }) });
    const off = useStore.getState().watchTokenEvents();
    await useStore.getState().loadTokens();
    expect(useStore.getState()).toMatchObject({ tokens: [t1], tokensState: 'ready' });
    // The first listing is no news.
    expect(useStore.getState().notices).toEqual([]);

    emit('tokens', [t1, t2]);
    expect(useStore.getState().tokens).toEqual([t1, t2]);
    emit('tokens', [t2]);
    expect(useStore.getState().notices.map((n) => `${n.title}: ${n.detail}`)).toEqual([
      'Token connected: Token 2 (serial serial-2)',
      'Token removed: Token 1 (serial serial-1)',
    ]);

    off();
    expect([...listeners.values()].every((s) => s.size === 0)).toBe(true);
  });

  it('re-reads the keys when the keys on tokens change, and only then', async () => {
    const bare = token('1');
    const withKey = token('1', { keys: [{ id: 'k'.repeat(64), role: 'root', algorithm: 'ecdsa', ckaId: '02', label: 'root', hasCertificate: true, extractable: true }] });
    const { useStore, emit, keyLoads } = await storeWith({ list: async () => ({ ok: true, value: [bare] }) });
    const off = useStore.getState().watchTokenEvents();
    await useStore.getState().loadTokens();
    expect(keyLoads()).toBe(0);
    emit('tokens', [{ ...bare, loggedIn: true }]);
    expect(keyLoads()).toBe(0);
    emit('tokens', [withKey]);
    expect(keyLoads()).toBe(1);
    off();
  });

  it('tracks the touch prompt per token', async () => {
    const { useStore, emit } = await storeWith({ list: async () => ({ ok: true, value: [token('1')] }) });
    const off = useStore.getState().watchTokenEvents();
    await useStore.getState().loadTokens();
    emit('tokenTouch', { tokenId: '1', label: 'Token 1', waiting: true });
    expect(useStore.getState().touchWaiting).toEqual([{ tokenId: '1', label: 'Token 1', waiting: true }]);
    emit('tokenTouch', { tokenId: '1', label: 'Token 1', waiting: false });
    expect(useStore.getState().touchWaiting).toEqual([]);
    // A token pulled out while waiting stops waiting.
    emit('tokenTouch', { tokenId: '1', label: 'Token 1', waiting: true });
    emit('tokens', []);
    expect(useStore.getState().touchWaiting).toEqual([]);
    off();
  });

  it('passes the PIN through once, keeps it nowhere, and refreshes the counters after a wrong one', async () => {
    const t1 = token('1');
    let lists = 0;
    const { useStore, calls } = await storeWith({
      list: async () => {
        lists++;
        return { ok: true, value: [token('1', { flags: { ...t1.flags, pinCountLow: lists > 1 } })] };
      },
      login: async ({ pin }) =>
        pin === '1234' ? { ok: true, value: { ...t1, loggedIn: true } } : { ok: false, code: 'TOKEN_PIN_INCORRECT', message: 'CKR_PIN_INCORRECT' },
    });
    await useStore.getState().loadTokens();

    const wrong = await useStore.getState().loginToken('1', '9999', false);
    expect(wrong).toEqual({ ok: false, error: { code: 'TOKEN_PIN_INCORRECT', message: 'CKR_PIN_INCORRECT' } });
    await vi.waitFor(() => expect(useStore.getState().tokens[0]!.flags.pinCountLow).toBe(true));

    const right = await useStore.getState().loginToken('1', '1234', false);
    expect(right.ok).toBe(true);
    expect(useStore.getState().tokens[0]!.loggedIn).toBe(true);
    expect(JSON.stringify(useStore.getState())).not.toContain('1234');
    expect(calls.filter((c) => c.op === 'tokens.login').map((c) => c.args)).toEqual([
      { tokenId: '1', pin: '9999', useDefaultPin: false },
      { tokenId: '1', pin: '1234', useDefaultPin: false },
    ]);
  });

  it('asks for the default PIN without sending one', async () => {
    const { useStore, calls } = await storeWith({
      list: async () => ({ ok: true, value: [token('1')] }),
      login: async () => ({ ok: true, value: token('1', { loggedIn: true, defaultPinInUse: true }) }),
    });
    await useStore.getState().loadTokens();
    await useStore.getState().loginToken('1', null, true);
    expect(calls.find((c) => c.op === 'tokens.login')!.args).toEqual({ tokenId: '1', useDefaultPin: true });
    expect(useStore.getState().tokens[0]!.defaultPinInUse).toBe(true);
  });

  it('makes a root key in the selected trust folder, the passphrase only for the import way', async () => {
    const created = { id: 'r'.repeat(64), role: 'root', algorithm: 'ecdsa', way: 'import', token: { id: '1', label: 'T', serial: 's' }, ckaId: '02', backupFile: 'private/x.key' };
    const { useStore, calls } = await storeWith({
      list: async () => ({ ok: true, value: [token('1', { loggedIn: true })] }),
      generateRoot: async () => ({ ok: true, value: created }),
    });
    await useStore.getState().loadTokens();
    expect(await useStore.getState().generateRootOnToken('1', 'import', 'a long passphrase')).toEqual({ ok: true, value: created });
    await useStore.getState().generateRootOnToken('1', 'on-device', 'ignored');
    expect(calls.filter((c) => c.op === 'tokens.generateRoot').map((c) => c.args)).toEqual([
      { trustDirId: 'a', tokenId: '1', way: 'import', passphrase: 'a long passphrase' },
      { trustDirId: 'a', tokenId: '1', way: 'on-device' },
    ]);
  });

  it('is wiped by resetAll', async () => {
    const { useStore } = await storeWith({ list: async () => ({ ok: true, value: [token('1')] }) });
    await useStore.getState().loadTokens();
    useStore.getState().resetAll();
    expect(useStore.getState()).toMatchObject({ tokens: [], tokensState: 'idle', touchWaiting: [], tokenDiagnostics: null });
  });
});
