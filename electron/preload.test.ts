import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, contract, listOperations } from '../shared/contract';
import { makeVaultApi } from '../shared/vault-api';

// The preload runs in Electron's sandboxed preload world; here 'electron' is a recording stand-in.
const electron = vi.hoisted(() => ({
  exposed: [] as [string, unknown][],
  invoke: null as unknown as ReturnType<typeof import('vitest').vi.fn>,
  on: null as unknown as ReturnType<typeof import('vitest').vi.fn>,
  removeListener: null as unknown as ReturnType<typeof import('vitest').vi.fn>,
}));
vi.mock('electron', async () => {
  const { vi } = await import('vitest');
  electron.invoke = vi.fn(async (channel: string, args: unknown) => ({ ok: true, value: { channel, args } }));
  electron.on = vi.fn();
  electron.removeListener = vi.fn();
  return {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.push([key, api]) },
    ipcRenderer: { invoke: electron.invoke, send: vi.fn(), on: electron.on, removeListener: electron.removeListener, sendSync: vi.fn() },
    webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
  };
});

const contractShape = () =>
  Object.fromEntries(Object.entries(contract).map(([group, ops]) => [group, Object.keys(ops).sort()]));
const apiShape = (api: object) =>
  Object.fromEntries(Object.entries(api).map(([group, methods]) => [group, Object.keys(methods as object).sort()]));

describe('makeVaultApi', () => {
  it('has exactly one method per contract operation, and nothing else', () => {
    const api = makeVaultApi(async () => undefined);
    expect(apiShape(api)).toEqual(contractShape());
    for (const methods of Object.values(api)) {
      for (const method of Object.values(methods as object)) expect(typeof method).toBe('function');
    }
    expect(Object.keys(api)).not.toContain('invoke');
    expect(Object.keys(api)).not.toContain('send');
  });

  it('sends each method on its own contract channel, with its one argument', async () => {
    const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null }));
    const api = makeVaultApi(invoke) as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>;
    for (const { group, name, channel } of listOperations()) {
      invoke.mockClear();
      const args = { probe: channel };
      await api[group]![name]!(args);
      expect(invoke).toHaveBeenCalledExactlyOnceWith(channelOf(group, name), args);
      expect(channel).toBe(`vault:${group}.${name}`);
    }
  });

  it('sends {} when a method is called without an argument', async () => {
    const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null }));
    await (makeVaultApi(invoke).app.info as () => Promise<unknown>)();
    expect(invoke).toHaveBeenCalledWith('vault:app.info', {});
  });

  it('passes the answer through unchanged', async () => {
    const answer = { ok: false, code: 'FORBIDDEN_SENDER', message: 'no' };
    expect(await makeVaultApi(async () => answer).app.info({})).toBe(answer);
  });

  it('is frozen, top to bottom, so page scripts cannot swap a method', () => {
    const api = makeVaultApi(async () => undefined);
    expect(Object.isFrozen(api)).toBe(true);
    for (const methods of Object.values(api)) expect(Object.isFrozen(methods)).toBe(true);
    expect(() => {
      (api as unknown as Record<string, unknown>).keys = {};
    }).toThrow(TypeError);
  });
});

describe('the preload', () => {
  beforeEach(() => {
    electron.exposed.length = 0;
    vi.resetModules();
  });

  it('exposes window.vault, window.vaultEvents and window.vaultFiles and nothing else', async () => {
    await import('./preload');
    expect(electron.exposed.map(([key]) => key)).toEqual(['vault', 'vaultEvents', 'vaultFiles']);
    expect(Object.keys(electron.exposed[2]![1] as object)).toEqual(['previewDropped']);
    expect(apiShape(electron.exposed[0]![1] as object)).toEqual(contractShape());
    expect(Object.keys(electron.exposed[1]![1] as object)).toEqual(['on']);
  });

  it("relays main's events by contract name only, handing the listener the payload and not the IPC event", async () => {
    await import('./preload');
    const events = electron.exposed[1]![1] as { on(name: string, l: (p: unknown) => void): () => void };
    const on = electron.on as ReturnType<typeof vi.fn>;
    on.mockClear();
    const seen: unknown[] = [];
    const off = events.on('drives', (p) => seen.push(p));
    expect(on).toHaveBeenCalledOnce();
    const [channel, handler] = on.mock.calls[0] as [string, (e: unknown, p: unknown) => void];
    expect(channel).toBe('vault-event:drives');
    handler({ sender: 'secret' }, [{ id: 'x' }]);
    expect(seen).toEqual([[{ id: 'x' }]]);
    off();
    expect(electron.removeListener).toHaveBeenCalledWith('vault-event:drives', handler);
    expect(() => events.on('anything-else', () => undefined)).toThrow(/Unknown event/);
  });

  it('calls ipcRenderer.invoke on the contract channel, and only that', async () => {
    await import('./preload');
    const vault = electron.exposed[0]![1] as { keys: { list(a: unknown): Promise<unknown> } };
    electron.invoke.mockClear();
    const answer = await vault.keys.list({ trustDirId: 'docker' });
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith('vault:keys.list', { trustDirId: 'docker' });
    expect(answer).toEqual({ ok: true, value: { channel: 'vault:keys.list', args: { trustDirId: 'docker' } } });
  });

  it('turns dropped files into paths in the preload and sends them to keys.previewFiles only', async () => {
    await import('./preload');
    const files = electron.exposed[2]![1] as { previewDropped(f: unknown[]): Promise<unknown> };
    electron.invoke.mockClear();
    await files.previewDropped([{ path: '/home/u/root.key' }, { name: 'made-in-page.pem' }]);
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith('vault:keys.previewFiles', { paths: ['/home/u/root.key'] });
    electron.invoke.mockClear();
    expect(await files.previewDropped([{ name: 'no-path' }])).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(electron.invoke).not.toHaveBeenCalled();
  });
});
