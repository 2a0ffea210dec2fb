import type { DriveInfo } from '../../../shared/dto/backups';
import { systemClock, type Clock } from '../ports';
import { describeDrives } from './describe-drives';
import type { DriveSource, RawDrive } from './drive-source';

/**
 * Follows drives being plugged in, mounted, unplugged or made read-only, by polling: there is no portable event for
 * it, and drivelist polls too. The first successful poll reports the drives there are; after that only changes.
 */

export interface WatchOptions {
  intervalMs?: number;
  onChange(drives: DriveInfo[]): void;
  /** A poll that failed (the next one is still made). */
  onError?(error: unknown): void;
  /** Injected by tests to step the timer by hand; the system clock's timers are unref'd. */
  clock?: Clock;
  describe?: (raw: RawDrive[]) => Promise<DriveInfo[]>;
}

export function watchDrives(source: DriveSource, options: WatchOptions): { stop(): void } {
  const { intervalMs = 2000, onChange, onError, clock = systemClock, describe = describeDrives } = options;
  let lastKey: string | null = null;
  let stopped = false;
  let timer: { cancel(): void } | null = null;

  // The next poll is scheduled only when this one is done, so polls never overlap however slow lsblk is.
  const poll = async () => {
    timer = null;
    try {
      const drives = await describe(await source.list());
      const key = changeKey(drives);
      if (!stopped && key !== lastKey) {
        lastKey = key;
        onChange(drives);
      }
    } catch (e) {
      if (!stopped) onError?.(e);
    }
    if (!stopped) timer = clock.setTimeout(() => void poll(), intervalMs);
  };

  void poll();
  return {
    stop() {
      stopped = true;
      timer?.cancel();
      timer = null;
    },
  };
}

/** What counts as a change: which drives, where, and whether they can take a backup. Free space alone does not. */
export function changeKey(drives: DriveInfo[]): string {
  return JSON.stringify(
    drives
      .map((d) => [d.id, d.mountPoint, d.readOnly, d.problem?.code ?? null, d.label] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
  );
}
