import { describe, expect, it } from 'vitest';
import { autoLockLabel, clockTime, kdfSummary, lockReasonText, memoryLabel, millisecondsLabel, UNLOCK_CHOICES } from './vault-text';

describe('vault text', () => {
  it('offers the contract’s unlock times, 1 s recommended, the smallest 0.25 s', () => {
    const seconds = UNLOCK_CHOICES.map((c) => c.seconds);
    expect(Math.min(...seconds)).toBe(0.25);
    expect(Math.max(...seconds)).toBeLessThanOrEqual(10);
    expect(UNLOCK_CHOICES.find((c) => c.seconds === 1)?.label).toContain('recommended');
  });

  it('says the KDF parameters in words', () => {
    expect(memoryLabel(65536)).toBe('64 MiB');
    expect(millisecondsLabel(271)).toBe('271 ms');
    expect(millisecondsLabel(1000)).toBe('1 s');
    expect(millisecondsLabel(1250)).toBe('1.25 s');
    expect(kdfSummary({ algorithm: 'argon2id', memoryKiB: 65536, iterations: 1, parallelism: 4, targetMs: 250, measuredMs: 260 })).toBe(
      'Argon2id · 64 MiB · 1 iteration · 4 lanes',
    );
  });

  it('names the auto-lock choices and why the vault locked', () => {
    expect(autoLockLabel(0)).toBe('Never');
    expect(autoLockLabel(5)).toBe('After 5 minutes');
    expect(lockReasonText('system')).toContain('screen locked');
    expect(lockReasonText(null)).toBeNull();
  });

  it('shows an online key’s end as a local HH:MM', () => {
    const d = new Date(2026, 0, 2, 9, 5, 0);
    expect(clockTime(d.toISOString())).toBe('09:05');
    expect(clockTime('not a date')).toBe('not a date');
  });
});
