import { describe, expect, it } from 'vitest';
import type { DriveInfo } from '../../../shared/dto/backups';
import type { Clock } from '../ports';
import { injectedDriveSource, type DriveSource, type RawDrive } from './drive-source';
import { watchDrives } from './drive-watcher';

/** A clock whose timer fires only when the test says; `scheduled` resolves once a poll has finished and re-armed. */
function manualClock() {
  let pending: { fn: () => void; ms: number } | null = null;
  let armed: () => void = () => undefined;
  let scheduled = new Promise<void>((r) => (armed = r));
  const clock: Clock = {
    now: () => new Date(0),
    setTimeout(fn, ms) {
      pending = { fn, ms };
      armed();
      return { cancel: () => (pending = null) };
    },
  };
  return {
    clock,
    pendingMs: () => pending?.ms ?? null,
    /** Waits until the current poll has scheduled the next one. */
    async settled() {
      await scheduled;
      scheduled = new Promise<void>((r) => (armed = r));
    },
    /** Fires the timer and waits for that poll to finish. */
    async tick() {
      const p = pending;
      pending = null;
      p?.fn();
      await this.settled();
    },
  };
}

function stick(device: string, mountPoint: string): RawDrive {
  return { device, description: device, size: 1, mountpoints: [{ path: mountPoint }], isReadOnly: false, isRemovable: true, isSystem: false, isVirtual: false, isUSB: true, isCard: null };
}

/** describeDrives stand-in: free space comes from a variable, so tests can make it wiggle. */
function fakeDescribe(state: { free: number; readOnly?: boolean }) {
  return async (raw: RawDrive[]): Promise<DriveInfo[]> =>
    raw.map((r) => ({
      id: r.device,
      label: r.device,
      device: r.device,
      description: '',
      size: r.size,
      free: state.free,
      mountPoint: r.mountpoints[0]?.path ?? null,
      filesystem: 'vfat',
      readOnly: state.readOnly ?? false,
      noPermissions: true,
      problem: state.readOnly ? { code: 'READ_ONLY', message: 'read-only' } : null,
    }));
}

describe('watchDrives', () => {
  it('reports the first list, then only real changes, not free-space wiggles', async () => {
    const t = manualClock();
    let raw = [stick('/dev/sdb', '/media/a')];
    const state = { free: 5e9, readOnly: false };
    const seen: string[][] = [];
    const w = watchDrives(injectedDriveSource(() => raw), { intervalMs: 1234, clock: t.clock, describe: fakeDescribe(state), onChange: (d) => seen.push(d.map((x) => x.id)) });
    await t.settled();
    expect(seen).toEqual([['/dev/sdb']]);
    expect(t.pendingMs()).toBe(1234);

    state.free = 4e9;
    await t.tick();
    expect(seen).toHaveLength(1);

    raw = [stick('/dev/sdb', '/media/a'), stick('/dev/sdc', '/media/b')];
    await t.tick();
    expect(seen).toEqual([['/dev/sdb'], ['/dev/sdb', '/dev/sdc']]);

    state.readOnly = true;
    await t.tick();
    expect(seen).toHaveLength(3);

    raw = [];
    await t.tick();
    expect(seen[3]).toEqual([]);
    w.stop();
    expect(t.pendingMs()).toBeNull();
  });

  it('keeps polling after a failed poll and reports the error', async () => {
    const t = manualClock();
    let fail = true;
    const source: DriveSource = { list: async () => (fail ? Promise.reject(new Error('lsblk timed out')) : [stick('/dev/sdb', '/m')]) };
    const errors: unknown[] = [];
    const seen: DriveInfo[][] = [];
    const w = watchDrives(source, { clock: t.clock, describe: fakeDescribe({ free: 1 }), onChange: (d) => seen.push(d), onError: (e) => errors.push(e) });
    await t.settled();
    expect(errors).toHaveLength(1);
    expect(seen).toHaveLength(0);
    fail = false;
    await t.tick();
    expect(seen).toHaveLength(1);
    w.stop();
  });

  it('never starts a poll while one is running, and reports nothing after stop', async () => {
    const t = manualClock();
    let release: () => void = () => undefined;
    let calls = 0;
    const source: DriveSource = {
      list: () => {
        calls++;
        return new Promise((r) => (release = () => r([stick('/dev/sdb', '/m')])));
      },
    };
    const seen: DriveInfo[][] = [];
    const w = watchDrives(source, { clock: t.clock, describe: fakeDescribe({ free: 1 }), onChange: (d) => seen.push(d) });
    expect(calls).toBe(1);
    expect(t.pendingMs()).toBeNull(); // no timer armed while the first poll runs
    w.stop();
    release();
    await new Promise((r) => setImmediate(r));
    expect(seen).toHaveLength(0);
    expect(t.pendingMs()).toBeNull();
  });

  it('runs on the system clock by default (its timers are unref-ed)', async () => {
    const seen: DriveInfo[][] = [];
    const w = watchDrives(injectedDriveSource([]), { intervalMs: 60_000, describe: fakeDescribe({ free: 1 }), onChange: (d) => seen.push(d) });
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([[]]);
    w.stop();
  });
});
