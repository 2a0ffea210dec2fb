import { randomBytes } from 'node:crypto';
import { deriveVaultKey, type KdfParams } from '../electron/core/vault/kdf';
import { median } from './measure';

/**
 * Issue 7, point 6: the vault's KDF (deriveVaultKey: Argon2id, 64 MiB, t=3, p=4) against the native `argon2`
 * package called directly with the same parameters, interleaved rounds in the same process, medians. The ratio
 * is the vault's speed over native's (native ms / ours ms); the target is at least 0.9x. A faster KDF buys more
 * memory-hardness for the same unlock time.
 */
const ROUNDS = Number(process.env.BENCH_ARGON2_ROUNDS ?? 9);
const TARGET = 0.9;

export async function benchArgon2(): Promise<{ ratio: number }> {
  const argon2 = await import('argon2');
  const params: KdfParams = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 4, salt: randomBytes(16) };
  const passphrase = 'bench vault passphrase';
  const native = async () => {
    const t = process.hrtime.bigint();
    const h = await argon2.hash(passphrase, { type: argon2.argon2id, memoryCost: params.memoryKiB, timeCost: params.iterations, parallelism: params.parallelism, salt: params.salt, hashLength: 32, raw: true });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    return { ms, h };
  };
  const ours = async () => {
    const t = process.hrtime.bigint();
    const h = await deriveVaultKey(passphrase, params);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    return { ms, h };
  };
  // Same output (they are the same Argon2id), and one warm-up of each.
  const [a, b] = [await native(), await ours()];
  if (!a.h.equals(b.h)) throw new Error('deriveVaultKey and argon2.hash disagree on the same parameters');
  const t = { native: [] as number[], ours: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate which goes first, so neither always runs on a warmer or cooler machine.
    if (i % 2 === 0) {
      t.native.push((await native()).ms);
      t.ours.push((await ours()).ms);
    } else {
      t.ours.push((await ours()).ms);
      t.native.push((await native()).ms);
    }
  }
  const n = median(t.native);
  const o = median(t.ours);
  const ratio = n / o;
  console.log(`\nArgon2id 64 MiB, t=3, p=4, median of ${ROUNDS} interleaved rounds:`);
  console.log(`${'native argon2.hash (raw)'.padEnd(52)}${n.toFixed(0).padStart(7)} ms`);
  console.log(`${'vault deriveVaultKey'.padEnd(52)}${o.toFixed(0).padStart(7)} ms`);
  console.log(`speed ours/native = ${ratio.toFixed(2)}x (target >= ${TARGET}): ${ratio >= TARGET ? 'PASS' : 'FAIL'}`);
  return { ratio };
}

if (require.main === module) {
  benchArgon2().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
