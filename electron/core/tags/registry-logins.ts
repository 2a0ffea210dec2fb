import type { Clock } from '../ports';

export interface RegistryLogin {
  user: string;
  password: string;
}

/**
 * Registry credentials typed into main's prompt, by registry host: memory only, never on disk or in the renderer.
 * They go on every lock, a vault or not: the app wipes them when the vault locks (button, auto-lock, system lock or
 * sleep), and on the system's lock or sleep and the lock button when no vault is unlocked. They also go after the
 * auto-lock time (the vault's setting, else its default) with neither registry use nor activity, so with no vault
 * they do not last until the app quits.
 */
export class RegistryLogins {
  readonly #logins = new Map<string, RegistryLogin>();
  #idle: { cancel(): void } | null = null;
  #idleMinutes: () => number = () => 0;
  readonly #onCleared: (() => void)[] = [];

  constructor(private readonly clock: Clock) {}

  /** Where the auto-lock time comes from (minutes; 0: never); set by the app's vault. */
  expireAfterIdle(minutes: () => number): void {
    this.#idleMinutes = minutes;
    this.touch();
  }

  /** The login for a registry; using it is activity. */
  get(registry: string): RegistryLogin | undefined {
    const login = this.#logins.get(registry);
    if (login) this.touch();
    return login;
  }

  set(registry: string, login: RegistryLogin): void {
    this.#logins.set(registry, login);
    this.touch();
  }

  delete(registry: string): void {
    this.#logins.delete(registry);
    if (this.#logins.size === 0) this.#cancelIdle();
  }

  clear(): void {
    const held = this.#logins.size > 0;
    this.#logins.clear();
    this.#cancelIdle();
    if (held) for (const l of this.#onCleared) l();
  }

  /** Called after a clear that forgot at least one login (the app tells the renderer: `registryLoginsCleared`). */
  onCleared(listener: () => void): void {
    this.#onCleared.push(listener);
  }

  get size(): number {
    return this.#logins.size;
  }

  /** Activity: restarts the countdown while any login is held. */
  touch(): void {
    this.#cancelIdle();
    if (this.#logins.size === 0) return;
    const minutes = this.#idleMinutes();
    if (!(minutes > 0)) return;
    this.#idle = this.clock.setTimeout(() => this.clear(), minutes * 60_000);
  }

  #cancelIdle(): void {
    this.#idle?.cancel();
    this.#idle = null;
  }
}
