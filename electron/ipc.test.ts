import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listOperations } from '../shared/contract';
import type { InvokeEventLike, IpcMainApi } from './ipc';
import { createVaultDispatch, registerIpc, senderOf } from './ipc';
import type { CorePorts } from './core/ports';

// Core's handlers are replaced by spies: these tests are about the binding, not about what core does.
const core = vi.hoisted(() => ({ handler: null as unknown as (channel: string, args: unknown) => unknown }));
vi.mock('./core/handlers', async () => {
  const { listOperations } = await import('../shared/contract');
  return {
    createHandlers: () => {
      const handlers: Record<string, Record<string, (args: unknown) => unknown>> = {};
      for (const { group, name, channel } of listOperations()) {
        (handlers[group] ??= {})[name] = (args) => core.handler(channel, args);
      }
      return handlers;
    },
  };
});

function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
  return { ipcMain: ipcMain as unknown as IpcMainApi, handlers };
}

/** An invoke event as Electron builds it: the sending frame and the WebContents it belongs to. */
function eventFrom(url: string, where: 'main' | 'subframe' | 'gone' = 'main'): InvokeEventLike {
  const mainFrame = { parent: null, url };
  if (where === 'gone') return { sender: { mainFrame }, senderFrame: null };
  if (where === 'subframe') return { sender: { mainFrame }, senderFrame: { parent: mainFrame, url } };
  return { sender: { mainFrame }, senderFrame: mainFrame };
}

const ports = {} as CorePorts;
const OURS = 'app://vault/index.html';

describe('senderOf', () => {
  it('describes our main frame', () => {
    expect(senderOf(eventFrom(OURS))).toEqual({ isMainFrame: true, url: OURS });
  });

  it('marks a subframe as not the main frame', () => {
    expect(senderOf(eventFrom(OURS, 'subframe'))).toEqual({ isMainFrame: false, url: OURS });
  });

  it('marks a top-level frame that is not this WebContents main frame (e.g. a swapped-out page) as not main', () => {
    const event = { sender: { mainFrame: { parent: null, url: OURS } }, senderFrame: { parent: null, url: OURS } };
    expect(senderOf(event)?.isMainFrame).toBe(false);
  });

  it('marks a detached frame (a page running its unload handlers) as not main', () => {
    const mainFrame = { parent: null, url: OURS, detached: true };
    expect(senderOf({ sender: { mainFrame }, senderFrame: mainFrame })?.isMainFrame).toBe(false);
  });

  it('is null when the frame is gone or cannot be read', () => {
    expect(senderOf(eventFrom(OURS, 'gone'))).toBeNull();
    const destroyed = {
      sender: {
        get mainFrame(): object {
          throw new Error('Object has been destroyed');
        },
      },
      senderFrame: { parent: null, url: OURS },
    };
    expect(senderOf(destroyed)).toBeNull();
  });
});

describe('registerIpc', () => {
  beforeEach(() => {
    core.handler = vi.fn(async (channel: string) => ({ handled: channel }));
  });

  it('registers one handler per contract operation, and no other channel', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, createVaultDispatch(ports));
    expect([...handlers.keys()].sort()).toEqual(listOperations().map((op) => op.channel).sort());
  });

  it('answers our main frame through the guarded dispatcher', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, createVaultDispatch(ports));
    const result = await handlers.get('vault:app.info')!(eventFrom(OURS), {});
    expect(result).toEqual({ ok: true, value: { handled: 'vault:app.info' } });
  });

  it.each([
    ['a subframe of our page', eventFrom(OURS, 'subframe')],
    ['a frame that is gone', eventFrom(OURS, 'gone')],
    ['another origin', eventFrom('https://example.com/')],
    ['a file: page', eventFrom('file:///tmp/index.html')],
    ['a lookalike host', eventFrom('app://vault.evil.com/index.html')],
    ['a data: page', eventFrom('data:text/html,hi')],
  ])('refuses %s without running core', async (_what, event) => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, createVaultDispatch(ports));
    for (const [channel, listener] of handlers) {
      expect(await listener(event, {}), channel).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    }
    expect(core.handler).not.toHaveBeenCalled();
  });

  it('refuses bad arguments without running core', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, createVaultDispatch(ports));
    const result = await handlers.get('vault:keys.list')!(eventFrom(OURS), { trustDirId: 'docker', path: '/etc' });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(core.handler).not.toHaveBeenCalled();
  });

  it('passes on only the first argument', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, createVaultDispatch(ports));
    await handlers.get('vault:keys.list')!(eventFrom(OURS), { trustDirId: 'docker' }, { trustDirId: 'other' });
    expect(core.handler).toHaveBeenCalledExactlyOnceWith('vault:keys.list', { trustDirId: 'docker' });
  });

  it('sends the key listing packed as rows (shared/wire/codecs.ts), every other answer as core gave it', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, createVaultDispatch(ports));
    core.handler = vi.fn(async (channel: string) => (channel === 'vault:keys.list' ? { trustDir: '/t', keys: [] } : { handled: channel }));
    expect(await handlers.get('vault:keys.list')!(eventFrom(OURS), { trustDirId: 'docker' })).toEqual({ ok: true, value: { packed: 'key-rows/2', trustDir: '/t', strings: [], rows: [] } });
    expect(await handlers.get('vault:app.info')!(eventFrom(OURS), {})).toEqual({ ok: true, value: { handled: 'vault:app.info' } });
  });

  it('unregisters every channel it registered', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const unregister = registerIpc(ipcMain, createVaultDispatch(ports));
    unregister();
    expect(handlers.size).toBe(0);
  });
});

describe('createVaultDispatch', () => {
  it('logs an unexpected error with its channel, never the arguments', async () => {
    const error = new Error('disk on fire');
    core.handler = vi.fn(() => {
      throw error;
    });
    const log = vi.fn();
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, createVaultDispatch(ports, log));
    const secret = 'my very secret passphrase';
    const result = await handlers.get('vault:clipboard.copySecret')!(eventFrom(OURS), { text: secret });
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]).toContain(error);
    expect(String(log.mock.calls[0]![0])).toContain('vault:clipboard.copySecret');
    expect(JSON.stringify(log.mock.calls, (_k, v: unknown) => (v instanceof Error ? v.message : v))).not.toContain(secret);
  });
});
