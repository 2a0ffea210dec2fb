import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RACY_MS } from '../electron/core/keys/store/list-index';
import { makeTrustDir } from './make-trust-dir';
import { canMeasureMemory, median, peakMiB, timeProcess } from './measure';
import { addSummaryRow, missingRow } from './summary';

/**
 * Issue 17: `trust-vault keys list --json` against `notary key list` on the same 10,000-key trust dir, and
 * `trust-vault --help` against `node -e 0`, as the user meets them: whole processes (`node dist/electron/cli.js`,
 * no npm), interleaved rounds, medians, wall time and peak memory (measured in runs of their own under GNU time).
 * The vault keeps a listing index in its data dir (electron/core/keys/store/list-index.ts): the first listing of a
 * trust dir reads every file ("cold", a fresh data dir each round), later ones answer from the index ("warm").
 * Targets: warm at most 0.6x notary's wall time and 2x its peak memory; --help at most 1.2x `node -e 0`.
 */
const KEYS = Number(process.env.BENCH_KEYS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const HELP_ROUNDS = Number(process.env.BENCH_HELP_ROUNDS ?? 21);
const CLI = join(__dirname, '..', 'dist', 'electron', 'cli.js');
const NOTARY = process.env.NOTARY_BIN ?? '/usr/bin/notary';

export async function benchKeysList(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'tv-bench-'));
  try {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root };
    console.log(`Making a trust dir with ${KEYS} keys...`);
    const trust = makeTrustDir(root, KEYS);
    // The index stores only files older than RACY_MS (coarse timestamps), so let the new files age first.
    await new Promise((r) => setTimeout(r, RACY_MS + 500));

    const notaryArgs = ['-d', trust, 'key', 'list'];
    const vaultArgs = (dataDir: string) => [CLI, 'keys', 'list', '--json', '--trust-dir', trust, '--data-dir', dataDir];
    const notary = () => timeProcess(NOTARY, notaryArgs, env);
    const vault = (dataDir: string) => timeProcess(process.execPath, vaultArgs(dataDir), env);

    // Both must see every key.
    const listed = JSON.parse(vault(join(root, 'check')).stdout) as unknown[];
    const notaryRows = notary().stdout.split('\n').filter((l) => /[0-9a-f]{64}/.test(l)).length;
    if (listed.length !== KEYS || notaryRows !== KEYS) throw new Error(`listed ${listed.length} (vault) / ${notaryRows} (notary), expected ${KEYS}`);

    const warmDir = join(root, 'warm');
    vault(warmDir); // builds the index
    vault(warmDir); // private/ is settled now: the index-only shortcut is written
    const t = { notary: [] as number[], warm: [] as number[], cold: [] as number[], node: [] as number[], help: [] as number[] };
    const mem = { notary: [] as number[], warm: [] as number[], node: [] as number[], help: [] as number[] };
    const memory = canMeasureMemory();
    for (let i = 0; i < ROUNDS; i++) {
      t.notary.push(notary().ms);
      t.warm.push(vault(warmDir).ms);
      t.cold.push(vault(join(root, `cold-${i}`)).ms);
      t.node.push(timeProcess(process.execPath, ['-e', '0'], env).ms);
      if (memory) {
        mem.notary.push(peakMiB(NOTARY, notaryArgs, env));
        mem.warm.push(peakMiB(process.execPath, vaultArgs(warmDir), env));
        mem.node.push(peakMiB(process.execPath, ['-e', '0'], env));
      }
    }
    // --help against node -e 0 is a difference of a few milliseconds on ~30: its own run of close pairs, the order
    // swapped every round, so a busy moment or the keys list's page cache weighs on both alike.
    for (let i = 0; i < HELP_ROUNDS; i++) {
      const pair = [() => t.node.push(timeProcess(process.execPath, ['-e', '0'], env).ms), () => t.help.push(timeProcess(process.execPath, [CLI, '--help'], env).ms)];
      for (const run of i % 2 ? pair.reverse() : pair) run();
      if (memory && i < 3) mem.help.push(peakMiB(process.execPath, [CLI, '--help'], env));
    }
    const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) as Record<keyof typeof t, number>;
    const mm = Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, v.length ? median(v) : NaN])) as Record<keyof typeof mem, number>;
    const row = (label: string, ms: number, ref: number, mib: number) =>
      console.log(`${label.padEnd(56)}${ms.toFixed(0).padStart(7)} ms  ${(ms / ref).toFixed(2)}x${Number.isNaN(mib) ? '' : `  ${mib.toFixed(1).padStart(6)} MiB peak`}`);
    console.log(`\nkeys list on ${KEYS} keys, median of ${ROUNDS} interleaved rounds (whole processes):`);
    row('notary -d D key list', m.notary, m.notary, mm.notary);
    row('trust-vault keys list --json (index warm)', m.warm, m.notary, mm.warm);
    row('trust-vault keys list --json (no index: first listing)', m.cold, m.notary, NaN);
    row('node -e 0 (Node start-up alone)', m.node, m.notary, mm.node);
    row('trust-vault --help', m.help, m.node, mm.help);
    console.log(`  (the --help ratio is against node -e 0; --help timed ${HELP_ROUNDS} times, each beside a node -e 0)`);

    const wall = m.warm / m.notary;
    const peak = mm.warm / mm.notary;
    addSummaryRow({
      measure: `keys list --json, ${KEYS} keys, whole process`,
      reference: 'notary key list',
      result: `${wall.toFixed(2)}x wall, ${memory ? `${peak.toFixed(2)}x peak memory` : 'memory not measured'} (${m.warm.toFixed(0)} ms, ${mm.warm.toFixed(1)} MiB vs ${m.notary.toFixed(0)} ms, ${mm.notary.toFixed(1)} MiB; first listing ${m.cold.toFixed(0)} ms)`,
      target: '<= 0.6x wall, <= 2x memory',
      pass: wall <= 0.6 && (!memory || peak <= 2),
    });
    const help = m.help / m.node;
    addSummaryRow({
      measure: '--help, whole process',
      reference: 'node -e 0',
      result: `${help.toFixed(2)}x (${m.help.toFixed(0)} ms vs ${m.node.toFixed(0)} ms)`,
      target: '<= 1.2x',
      pass: help <= 1.2,
    });
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    addSummaryRow(missingRow(`keys list --json, ${KEYS} keys, whole process`, 'notary key list', '<= 0.6x wall, <= 2x memory', why));
    throw e;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
