import type { VaultApi } from '../../shared/vault-api';
import type { VaultEventsApi } from '../../shared/vault-events';
import type { VaultFilesApi } from '../../shared/vault-files';

declare global {
  interface Window {
    /** Built by the preload (or the e2e harness) from the shared contract; the renderer's only way to main. */
    readonly vault: VaultApi;
    /** Main's events (progress, drives coming and going), by name. */
    readonly vaultEvents: VaultEventsApi;
    /** Files dropped on the window, previewed for import (the preload turns them into paths; the page never sees one). */
    readonly vaultFiles?: VaultFilesApi<File>;
  }
}

/**
 * Answers to calls made before the vault locked are dropped (they never settle): a listing still on its way must
 * not fill the store again right after locking wiped it. Bumped by the lock (store/vault-slice.ts).
 */
let epoch = 0;
const never = new Promise<never>(() => undefined);

export function dropAnswersInFlight(): void {
  epoch++;
}

type Op = (args: unknown) => Promise<unknown>;

function guarded(api: VaultApi): VaultApi {
  const groups = Object.entries(api as unknown as Record<string, Record<string, unknown>>).map(([group, ops]) => [
    group,
    Object.fromEntries(
      Object.entries(ops).map(([name, fn]) => [
        name,
        typeof fn !== 'function'
          ? fn
          : (args: unknown) => {
              const started = epoch;
              return (fn as Op)(args).then((answer) => (started === epoch ? answer : never));
            },
      ]),
    ),
  ]);
  return Object.freeze(Object.fromEntries(groups)) as unknown as VaultApi;
}

/** The typed bridge to main. Everything the renderer asks of the vault goes through this object. */
export const vault: VaultApi = window.vault ? guarded(window.vault) : window.vault;

/** Subscribes to main's events; each subscription returns its own unsubscribe. */
export const vaultEvents: VaultEventsApi = window.vaultEvents;

/** Dropped files, previewed for import; undefined where the shell offers no drop (then the window says so). */
export const vaultFiles: VaultFilesApi<File> | undefined = window.vaultFiles;
