import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { UtilityProcess } from 'electron';
import { utilityWorkerHost } from './token-worker-host';

describe('utilityWorkerHost', () => {
  it('forks the token worker as a utility process and relays messages, exit and kill', () => {
    const child = Object.assign(new EventEmitter(), { postMessage: vi.fn(), kill: vi.fn() });
    const fork = vi.fn(() => child as unknown as UtilityProcess);
    const channel = utilityWorkerHost(fork, '/app/dist/electron/token-worker.js')();
    expect(fork).toHaveBeenCalledWith('/app/dist/electron/token-worker.js', [], expect.objectContaining({ serviceName: expect.any(String) }));
    // Never Electron's default (all of process.env): the allowlist only (issue 12, point 6).
    const env = (fork.mock.calls[0] as unknown as [string, string[], { env: Record<string, string> }])[2].env;
    expect(Object.keys(env).every((k) => ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TMP', 'TEMP', 'SOFTHSM2_CONF', 'OPENSC_CONF', 'PCSCLITE_CSOCK_NAME', 'XDG_RUNTIME_DIR'].includes(k) || k.startsWith('LC_'))).toBe(true);
    channel.send({ id: 1, op: 'probe' });
    expect(child.postMessage).toHaveBeenCalledWith({ id: 1, op: 'probe' });
    const messages: unknown[] = [];
    channel.onMessage((m) => messages.push(m));
    child.emit('message', { id: 1, ok: true });
    expect(messages).toEqual([{ id: 1, ok: true }]);
    const exits: (number | null)[] = [];
    channel.onExit((code) => exits.push(code));
    child.emit('exit', 134);
    child.emit('exit', 0);
    expect(exits).toEqual([134]);
    channel.kill();
    expect(child.kill).toHaveBeenCalled();
  });
});
