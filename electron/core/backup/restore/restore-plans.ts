import { randomBytes } from 'node:crypto';
import { VaultError } from '../../errors';
import type { Clock } from '../../ports';
import type { OpenedBackup } from '../open-backup';

/** How long a checked archive waits in memory for the user to choose what to restore. */
export const PLAN_TTL_MS = 10 * 60 * 1000;
const MAX_PLANS = 4;

/**
 * Checked archives kept in main between the preview and the restore, so the passphrase crosses once and the file
 * is not read twice. Key bytes are zeroed when a plan is dropped, used or expires.
 */
export class RestorePlans {
  readonly #plans = new Map<string, { opened: OpenedBackup; expires: number }>();

  constructor(private readonly clock: Clock) {}

  put(opened: OpenedBackup): string {
    this.sweep();
    const id = randomBytes(16).toString('base64url');
    this.#plans.set(id, { opened, expires: this.clock.now().getTime() + PLAN_TTL_MS });
    while (this.#plans.size > MAX_PLANS) this.drop(this.#plans.keys().next().value as string);
    return id;
  }

  get(id: string): OpenedBackup {
    const plan = this.#plans.get(id);
    if (!plan) throw new VaultError('NOT_FOUND', 'That restore is no longer open: choose the backup file again');
    if (plan.expires < this.clock.now().getTime()) {
      this.drop(id);
      throw new VaultError('EXPIRED', 'The checked backup was kept for 10 minutes and has been dropped: open it again');
    }
    return plan.opened;
  }

  drop(id: string): void {
    const plan = this.#plans.get(id);
    if (!plan) return;
    this.#plans.delete(id);
    for (const k of plan.opened.keys.values()) k.data?.fill(0);
  }

  /** Drops every plan (the vault locked): their key bytes are zeroed. */
  dropAll(): void {
    for (const id of [...this.#plans.keys()]) this.drop(id);
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [id, plan] of this.#plans) if (plan.expires < now) this.drop(id);
  }
}
