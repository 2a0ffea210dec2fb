import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWithPassphrase, shellQuote } from '../test/support/age-cli';
import { makeTrustDir } from './make-trust-dir';
import { median, timeProcess } from './measure';

/**
 * Issue 4's goal: creating and verifying a backup of a 1,000-key trust dir, against what Docker's guide and age
 * would have you do by hand on the same data with the same scrypt work factor (18, age's own):
 *   `tar -czf - private | age -p > F`   then   `age -d F | tar -tz`.
 * The vault's `backup create` does both halves in one process: it packs, encrypts, writes, then reads the file
 * back from where it lies, decrypts it and checks every key against the manifest and the trust dir (reusing the
 * scrypt result it just computed: core/backup/age/derived-keys.ts); `backup verify` of the same file later, with
 * its own scrypt, is shown beside it for comparison with `age -d | tar -tz`. Whole
 * processes, interleaved rounds, medians. Target: at most 1.2x the pipeline's wall time.
 */
const KEYS = Number(process.env.BENCH_BACKUP_KEYS ?? 1000);
const ROUNDS = Number(process.env.BENCH_BACKUP_ROUNDS ?? 5);
const TARGET = 1.2;
const CLI = join(__dirname, '..', 'dist', 'electron', 'cli.js');
const PASSPHRASE = 'bench backup passphrase';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function benchBackup(): Promise<{ ratio: number }> {
  const root = mkdtempSync(join(tmpdir(), 'tv-bench-backup-'));
  try {
    const trust = makeTrustDir(root, KEYS);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, TV_BACKUP: PASSPHRASE };
    const vault = (i: number) =>
      timeProcess(process.execPath, [CLI, 'backup', 'create', '--out', join(root, `vault-${i}.tar.gz.age`), '--passphrase-env', 'TV_BACKUP', '--trust-dir', trust, '--data-dir', join(root, 'data')], env).ms;
    const pipeline = async (i: number) => {
      const file = shellQuote(join(root, `pipeline-${i}.tar.gz.age`));
      const encrypt = await timed(() => runWithPassphrase(`tar -czf - private | age -p -o ${file}`, PASSPHRASE, { cwd: trust, confirm: true }));
      const check = await timed(() => runWithPassphrase(`age -d ${file} | tar -tz > /dev/null`, PASSPHRASE, { cwd: trust }));
      return { encrypt, check, total: encrypt + check };
    };

    const verify = (i: number) =>
      timeProcess(process.execPath, [CLI, 'backup', 'verify', join(root, `vault-${i}.tar.gz.age`), '--passphrase-env', 'TV_BACKUP', '--trust-dir', trust, '--data-dir', join(root, 'data')], env).ms;

    await pipeline(-1);
    vault(-1);
    const t = { vault: [] as number[], verify: [] as number[], pipeline: [] as number[], encrypt: [] as number[], check: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      t.vault.push(vault(i));
      t.verify.push(verify(i));
      const p = await pipeline(i);
      t.pipeline.push(p.total);
      t.encrypt.push(p.encrypt);
      t.check.push(p.check);
    }
    const p = median(t.pipeline);
    const v = median(t.vault);
    const row = (label: string, ms: number) => `${label.padEnd(64)}${ms.toFixed(0).padStart(7)} ms  ${(ms / p).toFixed(2)}x`;
    console.log(`\nbackup create + verify of ${KEYS} keys, scrypt work factor 18, median of ${ROUNDS} interleaved rounds:`);
    console.log(row('tar -czf - private | age -p, then age -d | tar -tz (both)', p));
    console.log(row('  of which tar -czf - private | age -p', median(t.encrypt)));
    console.log(row('  of which age -d | tar -tz', median(t.check)));
    console.log(row('trust-vault backup create (writes, reads back, verifies)', v));
    console.log(row('trust-vault backup verify alone (a later drill: its own scrypt)', median(t.verify)));
    const ratio = v / p;
    console.log(`\nratio vault/pipeline = ${ratio.toFixed(2)} (target <= ${TARGET}): ${ratio <= TARGET ? 'PASS' : 'FAIL'}`);
    return { ratio };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
