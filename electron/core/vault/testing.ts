import { randomBytes } from 'node:crypto';
import type { Clock } from '../ports';
import type { Calibration } from './kdf';

/**
 * Test helpers for the vault (used by its tests only; nothing in the app imports this). Argon2 with 64 MiB takes
 * a noticeable fraction of a second per derivation, so unit tests create vaults with 1 MiB, t=1, p=1 and lower the
 * format's memory floor to match (VaultSessionOptions.minimumMemoryKiB); one test calibrates for real.
 */

export const TINY_MEMORY_KIB = 1024;

export const tinyCalibrator = async (targetMs: number): Promise<Calibration> => ({
  params: { memoryKiB: TINY_MEMORY_KIB, iterations: 1, parallelism: 1, salt: randomBytes(16) },
  targetMs,
  measuredMs: 1,
});

/** A clock whose timers fire only when the test advances it. */
export function manualClock(start = new Date('2026-01-01T00:00:00.000Z')) {
  let now = start.getTime();
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock = {
    now: () => new Date(now),
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return { cancel: () => timers.delete(id) };
    },
  };
  /** Moves time forward, firing every timer that falls due on the way, in order. */
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.size };
}
