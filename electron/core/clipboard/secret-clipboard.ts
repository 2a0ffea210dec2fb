import type { Clipboard, Clock } from '../ports';

export const CLEAR_AFTER_SECONDS = 30;

/**
 * Copies a secret the user asked to copy and clears the clipboard after 30 s, but only if it still holds that
 * secret: whatever the user copied since is left alone.
 */
export class SecretClipboard {
  #pending: { cancel(): void } | null = null;

  constructor(
    private readonly clipboard: Clipboard,
    private readonly clock: Clock,
  ) {}

  #clear: (() => void) | null = null;

  async copy(text: string): Promise<{ clearsAfterSeconds: number }> {
    this.#pending?.cancel();
    // With the hints that keep it out of clipboard history and cloud sync, where the host knows them.
    await (this.clipboard.writeSecret ? this.clipboard.writeSecret(text) : this.clipboard.writeText(text));
    this.#clear = () => {
      this.#pending = null;
      this.#clear = null;
      whenRead(this.clipboard.readText(), (now) => {
        if (now === text) this.clipboard.clear();
      });
    };
    this.#pending = this.clock.setTimeout(() => this.#clear?.(), CLEAR_AFTER_SECONDS * 1000);
    return { clearsAfterSeconds: CLEAR_AFTER_SECONDS };
  }

  /** Clears now what would be cleared later (the vault locked); anything copied since is left alone. */
  clearNow(): void {
    this.#pending?.cancel();
    this.#clear?.();
  }
}

/** Runs `then` at once for a synchronous clipboard (so a lock clears before it returns), later for a promise. */
function whenRead(value: string | Promise<string>, then: (text: string) => void): void {
  if (typeof value === 'string') then(value);
  else void value.then(then, () => undefined);
}
