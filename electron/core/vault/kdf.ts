import { randomBytes } from 'node:crypto';
import { VaultError } from '../errors';

/**
 * The vault's key derivation: Argon2id through the native `argon2` package (issue 7, point 6: it is the reference
 * the bench compares against, so it is 1.0x of native by construction). Memory is fixed at 64 MiB or more and
 * parallelism at 4; only the iterations are calibrated to the machine, as KeePassXC does.
 */

export interface KdfParams {
  /** Memory in KiB; a real vault never has less than MIN_MEMORY_KIB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  /** 16 random bytes, one per vault (new on create and recalibrate). */
  salt: Buffer;
}

export interface Calibration {
  params: KdfParams;
  targetMs: number;
  /** How long one derivation with `params` took at the end of calibration. */
  measuredMs: number;
}

export const MIN_MEMORY_KIB = 64 * 1024;
/**
 * Caps on what an unauthenticated header may ask for (issue 12, point 2): checked before any work, a file asking
 * for more is refused as damaged rather than run (4 GiB or 1000 passes would stall or exhaust the machine). Well
 * above anything calibration writes: 64 MiB and, at 10 s on a slow machine, a few dozen passes.
 */
export const MAX_MEMORY_KIB = 1024 * 1024;
export const DEFAULT_PARALLELISM = 4;
export const MIN_ITERATIONS = 1;
/**
 * The fewest passes a new or re-encrypted vault gets, whatever unlock time is asked: RFC 9106's second recommended
 * option is Argon2id with t=3 at 64 MiB. (MIN_ITERATIONS stays 1 for reading: older files are opened, not refused.)
 */
export const FLOOR_ITERATIONS = 3;
export const MAX_ITERATIONS = 100;
export const SALT_BYTES = 16;
export const KEY_BYTES = 32;

type Argon2 = typeof import('argon2');
let argon2: Argon2 | null = null;

/** Loaded on first use, so CLI commands that never derive a key do not load the native addon. */
async function loadArgon2(): Promise<Argon2> {
  if (!argon2) {
    const mod = (await import('argon2')) as Argon2 & { default?: Argon2 };
    argon2 = typeof mod.hash === 'function' ? mod : mod.default!;
  }
  return argon2;
}

/** The 32-byte Argon2id output for a passphrase and the vault's parameters. The caller zero-fills it after use. */
export async function deriveVaultKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  const a = await loadArgon2();
  const secret = Buffer.from(passphrase, 'utf8');
  try {
    return await a.hash(secret, {
      type: a.argon2id,
      memoryCost: params.memoryKiB,
      timeCost: params.iterations,
      parallelism: params.parallelism,
      salt: params.salt,
      hashLength: KEY_BYTES,
      raw: true,
    });
  } catch (e) {
    throw new VaultError('INTERNAL', `Argon2id failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    secret.fill(0);
  }
}

export interface CalibrateOptions {
  /** Times one derivation with these parameters, in ms (tests inject a model; the default derives for real). */
  measure?: (params: KdfParams) => Promise<number>;
  memoryKiB?: number;
  parallelism?: number;
}

const clampIterations = (t: number): number => Math.min(MAX_ITERATIONS, Math.max(FLOOR_ITERATIONS, Math.round(t)));

async function timeDerivation(params: KdfParams): Promise<number> {
  const start = process.hrtime.bigint();
  const key = await deriveVaultKey('calibration passphrase', params);
  key.fill(0);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Chooses iterations so that one derivation takes about `targetMs` here. The time of Argon2 is close to
 * a + b*t (a: allocating and first filling the memory; b: one pass over it), so two timings, at t=1 and t=2,
 * give both; the iterations follow, and one more timing at the chosen value corrects the estimate (twice at most).
 * Never fewer than FLOOR_ITERATIONS passes: a slow machine gets a slower unlock, not a weaker vault.
 */
export async function calibrate(targetMs: number, options: CalibrateOptions = {}): Promise<Calibration> {
  if (!Number.isFinite(targetMs) || targetMs <= 0) throw new VaultError('INVALID_ARGUMENT', 'The unlock time must be a positive number of milliseconds');
  const measure = options.measure ?? timeDerivation;
  const base = {
    memoryKiB: options.memoryKiB ?? MIN_MEMORY_KIB,
    parallelism: options.parallelism ?? DEFAULT_PARALLELISM,
    salt: randomBytes(SALT_BYTES),
  };
  await measure({ ...base, iterations: 1 }); // warm-up: loads the addon, faults the allocator in
  const one = await measure({ ...base, iterations: 1 });
  const two = await measure({ ...base, iterations: 2 });
  const perPass = Math.max(two - one, one / 4, 0.01);
  const fixed = Math.max(0, one - perPass);
  let iterations = clampIterations((targetMs - fixed) / perPass);
  let measuredMs = await measure({ ...base, iterations });
  for (let round = 0; round < 2; round++) {
    if (Math.abs(measuredMs - targetMs) / targetMs <= 0.1) break;
    // Scale the per-pass part only: the fixed part does not grow with the iterations.
    const passMs = Math.max((measuredMs - fixed) / iterations, 0.01);
    const next = clampIterations((targetMs - fixed) / passMs);
    if (next === iterations) break;
    iterations = next;
    measuredMs = await measure({ ...base, iterations });
  }
  return { params: { ...base, iterations }, targetMs, measuredMs };
}

/** Memory x passes: what one guess costs an attacker, in KiB-passes. */
export const kdfCost = (p: Pick<KdfParams, 'memoryKiB' | 'iterations'>): number => p.memoryKiB * p.iterations;

/**
 * Issue 13, point 6: re-encrypting (recalibrate, a new master passphrase) never makes a guess cheaper than it is
 * now unless the person chose that (`allowWeaker`). Calibration is a measurement, and a busy machine measures slow:
 * without this floor three runs on a loaded machine took a vault from 28 passes to 10. Returns the calibration
 * raised to at least the current memory and passes (the expected unlock time scaled to match), and whether it was.
 */
export function keepKdfCost(cal: Calibration, current: Pick<KdfParams, 'memoryKiB' | 'iterations'>, allowWeaker: boolean): { calibration: Calibration; raised: boolean } {
  const floorIterations = Math.min(MAX_ITERATIONS, Math.max(cal.params.iterations, FLOOR_ITERATIONS));
  if (allowWeaker) {
    if (floorIterations === cal.params.iterations) return { calibration: cal, raised: false };
    return { calibration: { ...cal, params: { ...cal.params, iterations: floorIterations } }, raised: true };
  }
  const memoryKiB = Math.max(cal.params.memoryKiB, current.memoryKiB);
  const iterations = Math.min(MAX_ITERATIONS, Math.max(floorIterations, current.iterations));
  if (memoryKiB === cal.params.memoryKiB && iterations === cal.params.iterations) return { calibration: cal, raised: false };
  const measuredMs = cal.measuredMs * (kdfCost({ memoryKiB, iterations }) / kdfCost(cal.params));
  return { calibration: { ...cal, params: { ...cal.params, memoryKiB, iterations }, measuredMs }, raised: true };
}
