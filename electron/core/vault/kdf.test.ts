import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { calibrate, deriveVaultKey, FLOOR_ITERATIONS, kdfCost, keepKdfCost, MAX_ITERATIONS, MIN_MEMORY_KIB, type KdfParams } from './kdf';

// How close calibration lands on this machine is a timing: `npm run bench` (bench/argon2.ts) measures it.

describe('deriveVaultKey', () => {
  it('is Argon2id: deterministic for a salt, 32 bytes, different for another passphrase or salt', async () => {
    const params = { memoryKiB: 1024, iterations: 1, parallelism: 1, salt: Buffer.alloc(16, 7) };
    const a = await deriveVaultKey('passphrase one', params);
    expect(a).toHaveLength(32);
    expect((await deriveVaultKey('passphrase one', params)).equals(a)).toBe(true);
    expect((await deriveVaultKey('passphrase two', params)).equals(a)).toBe(false);
    expect((await deriveVaultKey('passphrase one', { ...params, salt: randomBytes(16) })).equals(a)).toBe(false);
  });

  it('matches the native package called directly (RFC 9106 Argon2id, raw output)', async () => {
    const argon2 = await import('argon2');
    const params = { memoryKiB: 2048, iterations: 2, parallelism: 2, salt: Buffer.alloc(16, 3) };
    const native = await argon2.hash('same passphrase', { type: argon2.argon2id, memoryCost: 2048, timeCost: 2, parallelism: 2, salt: params.salt, hashLength: 32, raw: true });
    expect((await deriveVaultKey('same passphrase', params)).equals(native)).toBe(true);
  });
});

describe('calibrate', () => {
  it('with a linear machine model lands on the target, memory 64 MiB and p=4 fixed, iterations clamped', async () => {
    const seen: KdfParams[] = [];
    const model = (fixed: number, perPass: number) => async (p: KdfParams) => {
      seen.push(p);
      return fixed + perPass * p.iterations;
    };
    const c = await calibrate(1000, { measure: model(20, 45) });
    expect(c.params.memoryKiB).toBe(MIN_MEMORY_KIB);
    expect(c.params.parallelism).toBe(4);
    expect(c.params.salt).toHaveLength(16);
    expect(Math.abs(c.measuredMs - 1000) / 1000).toBeLessThanOrEqual(0.05);
    expect(seen.every((p) => p.memoryKiB === MIN_MEMORY_KIB && p.parallelism === 4)).toBe(true);
    // Issue 12, point 4: a tiny unlock time still gets RFC 9106's t=3 at 64 MiB.
    expect((await calibrate(10, { measure: model(20, 45) })).params.iterations).toBe(FLOOR_ITERATIONS);
    expect((await calibrate(10, { measure: model(20, 45) })).params.memoryKiB).toBe(64 * 1024);
    expect((await calibrate(600_000, { measure: model(0, 1) })).params.iterations).toBe(MAX_ITERATIONS);
  });

  it('corrects a first estimate that was off (the machine slowed down)', async () => {
    let calls = 0;
    // The first three timings (warm-up, t=1, t=2) say 50 ms a pass; afterwards passes take 100 ms.
    const c = await calibrate(1000, { measure: async (p) => (++calls <= 3 ? 50 * p.iterations : 100 * p.iterations) });
    expect(c.params.iterations).toBe(10);
    expect(c.measuredMs).toBe(1000);
  });
});

describe('keepKdfCost (issue 13, point 6)', () => {
  const cal = (memoryKiB: number, iterations: number, measuredMs = 100 * iterations) => ({
    params: { memoryKiB, iterations, parallelism: 4, salt: Buffer.alloc(16) },
    targetMs: 1000,
    measuredMs,
  });

  it('never lowers memory or passes below the current ones unless the person allows it', () => {
    const current = { memoryKiB: MIN_MEMORY_KIB, iterations: 28 };
    const kept = keepKdfCost(cal(MIN_MEMORY_KIB, 10), current, false);
    expect(kept.raised).toBe(true);
    expect(kept.calibration.params.iterations).toBe(28);
    expect(kept.calibration.measuredMs).toBe(2800);
    expect(kdfCost(kept.calibration.params)).toBeGreaterThanOrEqual(kdfCost(current));
    const allowed = keepKdfCost(cal(MIN_MEMORY_KIB, 10), current, true);
    expect(allowed.raised).toBe(false);
    expect(allowed.calibration.params.iterations).toBe(10);
    // A faster machine (or a longer unlock time) raises it: nothing to keep.
    expect(keepKdfCost(cal(MIN_MEMORY_KIB, 40), current, false)).toMatchObject({ raised: false, calibration: { params: { iterations: 40 } } });
    expect(keepKdfCost(cal(MIN_MEMORY_KIB, 10), { memoryKiB: 2 * MIN_MEMORY_KIB, iterations: 5 }, false).calibration.params).toMatchObject({
      memoryKiB: 2 * MIN_MEMORY_KIB,
      iterations: 10,
    });
  });

  it('keeps the 3-pass floor even when lowering is allowed', () => {
    expect(keepKdfCost(cal(MIN_MEMORY_KIB, 1), { memoryKiB: MIN_MEMORY_KIB, iterations: 1 }, true).calibration.params.iterations).toBe(FLOOR_ITERATIONS);
  });
});
