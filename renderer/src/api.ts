import type { VaultApi } from '../../shared/vault-api';

declare global {
  interface Window {
    /** Built by the preload (or the e2e harness) from the shared contract; the renderer's only way to main. */
    readonly vault: VaultApi;
  }
}

/** The typed bridge to main. Everything the renderer asks of the vault goes through this object. */
export const vault: VaultApi = window.vault;
