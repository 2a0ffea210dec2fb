import type { VaultApi } from '../../shared/vault-api';
import type { VaultEventsApi } from '../../shared/vault-events';

declare global {
  interface Window {
    /** Built by the preload (or the e2e harness) from the shared contract; the renderer's only way to main. */
    readonly vault: VaultApi;
    /** Main's events (progress, drives coming and going), by name. */
    readonly vaultEvents: VaultEventsApi;
  }
}

/** The typed bridge to main. Everything the renderer asks of the vault goes through this object. */
export const vault: VaultApi = window.vault;

/** Subscribes to main's events; each subscription returns its own unsubscribe. */
export const vaultEvents: VaultEventsApi = window.vaultEvents;
