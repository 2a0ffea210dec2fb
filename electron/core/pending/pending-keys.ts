import type { KeyInfo } from '../../../shared/dto/keys';
import { listPending } from './pending-store';

/** Marks the keys made for a change still pending, so the key list and the recovery plan show them as such. */
export function markPendingKeys<K extends Pick<KeyInfo, 'id'>>(dataDir: string, trustDir: string, keys: K[]): (K & { pending?: KeyInfo['pending'] })[] {
  const pending = new Map<string, NonNullable<KeyInfo['pending']>>();
  for (const p of listPending(dataDir, trustDir)) for (const k of p.newKeys) pending.set(k.id, { gun: p.gun, action: p.action, since: p.startedAt });
  if (pending.size === 0) return keys;
  return keys.map((k) => (pending.has(k.id) ? { ...k, pending: pending.get(k.id)! } : k));
}

/** Settles the trust dir's pending changes (the app does it when it lists keys); returns what was done, in words. */
export async function settlePendingFor(dataDir: string, trustDir: string, now: Date): Promise<string[]> {
  if (listPending(dataDir, trustDir).length === 0) return [];
  const { reconcilePending } = await import('./reconcile');
  return (await reconcilePending(dataDir, trustDir, { timeoutMs: 5000, now })).map((s) => s.message);
}
