import { describe, expect, it } from 'vitest';
import type { Clipboard, Clock } from '../ports';
import { SecretClipboard } from './secret-clipboard';

function fakes() {
  let text = '';
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const clipboard: Clipboard = { writeText: (t) => void (text = t), readText: () => text, clear: () => void (text = '') };
  const clock: Clock = {
    now: () => new Date(0),
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timers.push(t);
      return { cancel: () => void (t.cancelled = true) };
    },
  };
  const fire = () => timers.filter((t) => !t.cancelled).forEach((t) => t.fn());
  return { clipboard, clock, timers, fire, read: () => text, set: (t: string) => void (text = t) };
}

describe('secret clipboard', async () => {
  it('clears after 30 s if the clipboard still holds the secret', async () => {
    const f = fakes();
    expect(await new SecretClipboard(f.clipboard, f.clock).copy('horse battery')).toEqual({ clearsAfterSeconds: 30 });
    expect(f.read()).toBe('horse battery');
    expect(f.timers[0]!.ms).toBe(30_000);
    f.fire();
    expect(f.read()).toBe('');
  });

  it('leaves something the user copied since', async () => {
    const f = fakes();
    await new SecretClipboard(f.clipboard, f.clock).copy('secret');
    f.set('a shopping list');
    f.fire();
    expect(f.read()).toBe('a shopping list');
  });

  it('clears at once when the vault locks, still only if it holds the secret', async () => {
    const f = fakes();
    const c = new SecretClipboard(f.clipboard, f.clock);
    await c.copy('secret');
    c.clearNow();
    expect(f.read()).toBe('');
    expect(f.timers[0]!.cancelled).toBe(true);
    await c.copy('another secret');
    f.set('a shopping list');
    c.clearNow();
    expect(f.read()).toBe('a shopping list');
    c.clearNow();
  });
});
