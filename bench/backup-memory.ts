import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTrustDir } from './make-trust-dir';
import { median, timeProcess } from './measure';

/**
 * Issue 13, point 2: peak memory of `backup create` (whole process, with its read-back) as the key count grows,
 * 1 key against 1,000 and 10,000 (BENCH_BACKUP_MEMORY_KEYS), and the same for `backup verify`. The reference is the
 * 1-key run in the same process setup: age's scrypt alone takes 256 MiB, so what matters is what the keys add.
 */
const COUNTS = (process.env.BENCH_BACKUP_MEMORY_KEYS ?? '1,1000,10000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_BACKUP_MEMORY_ROUNDS ?? 3);
const CLI = join(__dirname, '..', 'dist', 'electron', 'cli.js');
const PEAK = join(__dirname, 'peak-rss.mjs');

export async function benchBackupMemory(): Promise<{ addedMiBPer10k: number }> {
  const root = mkdtempSync(join(tmpdir(), 'tv-bench-backup-mem-'));
  try {
    const rssFile = join(root, 'rss');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, TV_BACKUP: 'bench backup passphrase', PEAK_RSS_FILE: rssFile };
    const peakOf = (args: string[]) => {
      const { ms } = timeProcess(process.execPath, ['--import', PEAK, CLI, ...args], env);
      return { ms, mib: Number(readFileSync(rssFile, 'utf8')) / 1024 };
    };
    const rows: { keys: number; create: number; verify: number; ms: number }[] = [];
    for (const keys of COUNTS) {
      const trust = makeTrustDir(join(root, `k${keys}`), keys);
      const create: number[] = [];
      const verify: number[] = [];
      const ms: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const file = join(root, `k${keys}-${i}.tar.gz.age`);
        const c = peakOf(['backup', 'create', '--out', file, '--passphrase-env', 'TV_BACKUP', '--trust-dir', trust, '--data-dir', join(root, `data-${keys}`)]);
        create.push(c.mib);
        ms.push(c.ms);
        verify.push(peakOf(['backup', 'verify', file, '--passphrase-env', 'TV_BACKUP', '--trust-dir', trust, '--data-dir', join(root, `data-${keys}`)]).mib);
      }
      rows.push({ keys, create: median(create), verify: median(verify), ms: median(ms) });
    }
    const base = rows[0]!;
    console.log(`\nbackup peak memory (whole process, median of ${ROUNDS}), against ${base.keys} key(s):`);
    for (const r of rows) {
      console.log(`  ${String(r.keys).padStart(6)} keys  create ${r.create.toFixed(0).padStart(5)} MiB (+${(r.create - base.create).toFixed(0)})  verify ${r.verify.toFixed(0).padStart(5)} MiB (+${(r.verify - base.verify).toFixed(0)})  create ${r.ms.toFixed(0)} ms`);
    }
    const last = rows[rows.length - 1]!;
    const addedMiBPer10k = ((last.create - base.create) * 10_000) / Math.max(1, last.keys - base.keys);
    console.log(`  create adds ${addedMiBPer10k.toFixed(1)} MiB per 10,000 keys`);
    return { addedMiBPer10k };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
