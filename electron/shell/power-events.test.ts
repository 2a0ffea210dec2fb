import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { electronPowerEvents } from './power-events';

describe('electronPowerEvents', () => {
  it('calls the listener when the screen locks or the machine suspends, and stops when asked', () => {
    const monitor = new EventEmitter();
    const listener = vi.fn();
    const stop = electronPowerEvents(monitor as never).onLockOrSleep(listener);
    monitor.emit('lock-screen');
    monitor.emit('suspend');
    monitor.emit('resume');
    monitor.emit('unlock-screen');
    expect(listener).toHaveBeenCalledTimes(2);
    stop();
    monitor.emit('lock-screen');
    expect(listener).toHaveBeenCalledTimes(2);
    expect(monitor.listenerCount('lock-screen') + monitor.listenerCount('suspend')).toBe(0);
  });
});
