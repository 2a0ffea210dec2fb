import { describe, expect, it } from 'vitest';
import { defaultExpires, expiryRole, notaryTime, parseNotaryTime } from './expiry';

describe('notary expiry', () => {
  const now = new Date('2026-11-23T14:37:37.458Z');

  it('uses 365-day years, as the notary CLI wrote for a repository made at the same instant', () => {
    // Observed from notary init + publish at 2026-11-23T14:37:37.45…Z: root 2036-11-20, targets/snapshot 2029-11-22, timestamp 2026-12-07.
    expect(defaultExpires('root', now)).toBe('2036-11-20T14:37:37.458Z');
    expect(defaultExpires('targets', now)).toBe('2029-11-22T14:37:37.458Z');
    expect(defaultExpires('snapshot', now)).toBe('2029-11-22T14:37:37.458Z');
    expect(defaultExpires('targets/releases', now)).toBe('2029-11-22T14:37:37.458Z');
    expect(defaultExpires('timestamp', now)).toBe('2026-12-07T14:37:37.458Z');
  });

  it('writes Go RFC3339Nano: Z, trailing fraction zeros dropped, none on a whole second', () => {
    expect(notaryTime(new Date('2036-11-23T14:00:00.120Z'))).toBe('2036-11-23T14:00:00.12Z');
    expect(notaryTime(new Date('2036-11-23T14:00:00.000Z'))).toBe('2036-11-23T14:00:00Z');
    expect(notaryTime(new Date('2036-11-23T14:00:00.001Z'))).toBe('2036-11-23T14:00:00.001Z');
  });

  it('reads nanosecond times notary writes, cutting (not rounding) below the millisecond', () => {
    expect(parseNotaryTime('2036-11-23T14:00:00.123456789Z').toISOString()).toBe('2036-11-23T14:00:00.123Z');
    expect(parseNotaryTime('2036-11-23T14:00:00.999999999Z').toISOString()).toBe('2036-11-23T14:00:00.999Z');
    expect(parseNotaryTime('2036-11-23T14:00:00Z').toISOString()).toBe('2036-11-23T14:00:00.000Z');
    expect(parseNotaryTime('2036-11-23T16:00:00.5+02:00').toISOString()).toBe('2036-11-23T14:00:00.500Z');
    // The status verifier reads expiry with Date.parse: it must take notary's nine digits too.
    expect(Date.parse('2036-11-23T14:00:00.123456789Z')).toBe(Date.parse('2036-11-23T14:00:00.123Z'));
    for (const bad of ['2036-11-23 14:00:00Z', '2036-11-23T14:00:00', '2036-11-23T14:00:00.1234567891Z', 'tomorrow'])
      expect(() => parseNotaryTime(bad)).toThrow(/RFC 3339/);
    expect(() => parseNotaryTime('2026-02-31T00:00:00Z')).toThrow(/not a valid time/);
    expect(() => parseNotaryTime('2026-11-23T24:00:00Z')).toThrow(/not a valid time/);
  });

  it('round-trips its own output', () => {
    for (const role of ['root', 'targets', 'snapshot', 'timestamp']) {
      const s = defaultExpires(role, now);
      expect(notaryTime(parseNotaryTime(s))).toBe(s);
    }
  });

  it('knows no lifetime for roles notary does not have', () => {
    expect(expiryRole('targets/a/b')).toBe('targets');
    expect(() => expiryRole('releases')).toThrow(/no expiry/);
  });
});
