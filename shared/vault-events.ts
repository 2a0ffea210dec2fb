import type { EventName, VaultEvents } from './contract';
import { EVENT_NAMES, eventChannelOf } from './contract';

/** The typed `window.vaultEvents`: subscribe to main's events by name; returns the way to unsubscribe. */
export interface VaultEventsApi {
  on<K extends EventName>(name: K, listener: (payload: VaultEvents[K]) => void): () => void;
}

export type Subscribe = (channel: string, listener: (payload: unknown) => void) => () => void;

/**
 * Builds window.vaultEvents. The preload subscribes with ipcRenderer.on; the e2e harness with its own relay. Only
 * the contract's event names can be subscribed to, so the page never names a channel.
 */
export function makeVaultEvents(subscribe: Subscribe): VaultEventsApi {
  return Object.freeze({
    on<K extends EventName>(name: K, listener: (payload: VaultEvents[K]) => void): () => void {
      if (!EVENT_NAMES.includes(name)) throw new Error(`Unknown event: ${String(name).slice(0, 40)}`);
      return subscribe(eventChannelOf(name), (payload) => listener(payload as VaultEvents[K]));
    },
  });
}
