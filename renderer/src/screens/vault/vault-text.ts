import { formatDateTimeSeconds } from '../../components/datetime';
import type { VaultKdfInfo, VaultLockReason } from '../../../../shared/dto/vault';

/** The unlock times offered when creating the vault or re-calibrating it (seconds). 1 s is the default. */
export const UNLOCK_CHOICES: readonly { seconds: number; label: string; why: string }[] = [
  { seconds: 0.25, label: '0.25 s', why: 'Quick to unlock; four times cheaper to guess than the default.' },
  { seconds: 0.5, label: '0.5 s', why: 'Half the default: fine for a strong generated passphrase.' },
  { seconds: 1, label: '1 s (recommended)', why: 'The usual balance, as KeePassXC chooses.' },
  { seconds: 2, label: '2 s', why: 'Every guess costs twice as much.' },
  { seconds: 5, label: '5 s', why: 'Slow to unlock; for a vault you open rarely.' },
];
export const DEFAULT_UNLOCK_SECONDS = 1;

/** Auto-lock choices in minutes; 0 = never. */
export const AUTO_LOCK_CHOICES: readonly number[] = [1, 2, 5, 10, 15, 30, 60, 0];
export const DEFAULT_AUTO_LOCK_MINUTES = 5;

export function autoLockLabel(minutes: number): string {
  if (minutes === 0) return 'Never';
  return minutes === 1 ? 'After 1 minute' : `After ${minutes} minutes`;
}

export function memoryLabel(kib: number): string {
  const mib = kib / 1024;
  return Number.isInteger(mib) ? `${mib} MiB` : `${mib.toFixed(1)} MiB`;
}

export function millisecondsLabel(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 2)} s` : `${Math.round(ms)} ms`;
}

/** The KDF in one line, e.g. "Argon2id · 64 MiB · 12 iterations · 4 lanes". */
export function kdfSummary(kdf: VaultKdfInfo): string {
  return `Argon2id · ${memoryLabel(kdf.memoryKiB)} · ${kdf.iterations} ${kdf.iterations === 1 ? 'iteration' : 'iterations'} · ${kdf.parallelism} ${kdf.parallelism === 1 ? 'lane' : 'lanes'}`;
}

export function lockReasonText(reason: VaultLockReason | null): string | null {
  switch (reason) {
    case 'manual':
      return 'The vault was locked with the lock button.';
    case 'idle':
      return 'The vault locked itself after a while without activity.';
    case 'system':
      return 'The vault locked because the screen locked or the computer went to sleep.';
    default:
      return null;
  }
}

/** "14:05" in local time: when an online key goes back into the vault. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A date and time for lists: "2026-11-23 14:05:09" in local time. */
/** The app's one date format, to the second (components/datetime.ts): the audit log orders within a minute. */
export function dateTime(iso: string): string {
  return formatDateTimeSeconds(iso, iso);
}

/** Durations offered by "Bring online". */
export const ONLINE_CHOICES: readonly { seconds: number; label: string }[] = [
  { seconds: 300, label: '5 minutes' },
  { seconds: 900, label: '15 minutes' },
  { seconds: 3600, label: '1 hour' },
];
