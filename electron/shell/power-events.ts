import type { PowerMonitor } from 'electron';
import type { PowerEvents } from '../core/ports';

/** The powerMonitor events after which an unlocked vault must lock: the screen locked, or the machine going to sleep. */
export const LOCKING_POWER_EVENTS = ['lock-screen', 'suspend'] as const;

/** Electron's powerMonitor as core's PowerEvents (it may only be used once the app is ready). */
export function electronPowerEvents(monitor: Pick<PowerMonitor, 'on' | 'removeListener'>): PowerEvents {
  return {
    onLockOrSleep(listener) {
      const handler = () => listener();
      for (const name of LOCKING_POWER_EVENTS) monitor.on(name as 'suspend', handler);
      return () => {
        for (const name of LOCKING_POWER_EVENTS) monitor.removeListener(name as 'suspend', handler);
      };
    },
  };
}
