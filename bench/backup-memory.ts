import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTrustDir } from './make-trust-dir';
import { median, timeProcess } from './measure';
import { addSummaryRow } from './summary';

/**
 * Issue 13, point 2: peak memory of `backup create` (whole process, with its read-back), `backup verify` and
 * `backup restore` (into an empty trust dir) as the key count grows: 1 key, 10,000 and 99,990 (with its folder and
 * the manifest, the 100,000 entries a backup may hold), set by BENCH_BACKUP_MEMORY_KEYS. The reference is the
 * 1-key run in the same setup: age's scrypt alone takes 256 MiB, so what matters is what the keys add.
 *
 * Verdict: flat when every count measured (99,990 keys included) adds less than FLAT_BOUND_MIB to the 1-key peak, for
 * create, verify and restore alike. What keeps it so: the manifest is read as it streams (manifest-reader.ts), create
 * reads its file back against the manifest it wrote, restore stages key files in the trust dir as they stream
 * (restore/key-staging.ts), and the CLI keeps V8's heap growth tight (cli/lean-process.ts tightHeap). Per-key
 * bookkeeping is left (IDs, paths and hashes, about 70 MB live at 99,990 keys), under the 256 MiB scrypt takes first.
 */
const COUNTS = (process.env.BENCH_BACKUP_MEMORY_KEYS ?? '1,10000,99990').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_BACKUP_MEMORY_ROUNDS ?? 3);
const FLAT_BOUND_MIB = 32;
const CLI = join(__dirname, '..', 'dist', 'electron', 'cli.js');
const PEAK = join(__dirname, 'peak-rss.mjs');

interface Row {
  keys: number;
  create: number;
  verify: number;
  restore: number;
  ms: number;
}

export async function benchBackupMemory(): Promise<{ addedMiBPer10k: number; flat: boolean }> {
  const root = mkdtempSync(join(tmpdir(), 'tv-bench-backup-mem-'));
  try {
    const rssFile = join(root, 'rss');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, TV_BACKUP: 'bench backup passphrase', PEAK_RSS_FILE: rssFile };
    const peakOf = (args: string[]) => {
      const { ms } = timeProcess(process.execPath, ['--import', PEAK, CLI, ...args], env);
      return { ms, mib: Number(readFileSync(rssFile, 'utf8')) / 1024 };
    };
    const rows: Row[] = [];
    for (const keys of COUNTS) {
      const trust = makeTrustDir(join(root, `k${keys}`), keys);
      const data = join(root, `data-${keys}`);
      const runs: Row[] = [];
      // The biggest set takes a minute or more a run (restore fsyncs every key file): once is enough.
      for (let i = 0; i < (keys > 10_000 ? 1 : ROUNDS); i++) {
        const file = join(root, `k${keys}-${i}.tar.gz.age`);
        const c = peakOf(['backup', 'create', '--out', file, '--passphrase-env', 'TV_BACKUP', '--trust-dir', trust, '--data-dir', data]);
        const v = peakOf(['backup', 'verify', file, '--passphrase-env', 'TV_BACKUP', '--trust-dir', trust, '--data-dir', data]);
        const r = peakOf(['backup', 'restore', file, '--passphrase-env', 'TV_BACKUP', '--trust-dir', join(root, `restored-${keys}-${i}`), '--data-dir', data]);
        rmSync(join(root, `restored-${keys}-${i}`), { recursive: true, force: true });
        rmSync(file, { force: true });
        runs.push({ keys, create: c.mib, verify: v.mib, restore: r.mib, ms: c.ms });
      }
      rmSync(join(root, `k${keys}`), { recursive: true, force: true });
      rows.push({ keys, create: median(runs.map((r) => r.create)), verify: median(runs.map((r) => r.verify)), restore: median(runs.map((r) => r.restore)), ms: median(runs.map((r) => r.ms)) });
    }
    const base = rows[0]!;
    const signed = (d: number) => `${Math.round(d) >= 0 ? '+' : ''}${Math.round(d)}`;
    const plus = (a: number, b: number) => `${a.toFixed(0).padStart(5)} MiB (${signed(a - b)})`;
    console.log(`\nbackup peak memory (whole process, median of ${ROUNDS} up to 10,000 keys, else 1 run), against ${base.keys} key(s):`);
    for (const r of rows) {
      console.log(`  ${String(r.keys).padStart(6)} keys  create ${plus(r.create, base.create)}  verify ${plus(r.verify, base.verify)}  restore ${plus(r.restore, base.restore)}  create ${r.ms.toFixed(0)} ms`);
    }
    // Every count is judged, for all three commands: the worst growth decides.
    const growthOf = (r: Row) => Math.max(r.create - base.create, r.verify - base.verify, r.restore - base.restore);
    const worst = rows.slice(1).reduce<Row>((w, r) => (growthOf(r) > growthOf(w) ? r : w), rows[rows.length - 1]!);
    const growth = rows.length > 1 ? growthOf(worst) : 0;
    const flat = growth < FLAT_BOUND_MIB;
    console.log(`  verdict: ${flat ? 'FLAT' : 'NOT FLAT'}: at most ${growth.toFixed(0)} MiB added (at ${worst.keys} keys) to create, verify or restore (bound: under ${FLAT_BOUND_MIB} MiB at every count)`);
    const last = rows[rows.length - 1]!;
    const addedMiBPer10k = ((last.create - base.create) * 10_000) / Math.max(1, last.keys - base.keys);
    addSummaryRow({
      measure: `backup create/verify/restore peak memory, 1 vs ${rows.map((r) => r.keys).slice(1).join(' and ')} keys, whole process`,
      reference: `1 key (${base.create.toFixed(0)} MiB, mostly scrypt)`,
      result: rows
        .slice(1)
        .map((r) => `${r.keys} keys ${signed(r.create - base.create)} / ${signed(r.verify - base.verify)} / ${signed(r.restore - base.restore)} MiB`)
        .join('; '),
      target: `< ${FLAT_BOUND_MIB} MiB growth at every count`,
      pass: flat,
    });
    return { addedMiBPer10k, flat };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
