import { createHash, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../electron/core/tuf/canonical-json';
import { statusOfCache } from '../electron/core/tuf/cache-status';
import { readTufKey } from '../electron/core/tuf/tuf-key';
import { freePort } from '../test/support/notary-server';
import { certKey, ecdsaKey, type TestDelegation, type TestKey, writeTestRepo } from '../test/support/tuf-repo';
import { canMeasureMemory, median, peakMiB, timeProcess } from './measure';
import { addSummaryRow } from './summary';

/**
 * Issue 3, "Show it": the status of a repository with 10,000 targets and 100 delegations, made and signed by the
 * test tooling and written as a notary cache that `notary list` accepts offline.
 * (a) statusOfCache in-process against the floor measured in the same run: reading and JSON.parse of every
 *     metadata file, SHA-256 and SHA-512 of the same bytes, and one signature verification per role file. Target <= 2x.
 * (b) `trust-vault status --gun GUN --json` against `notary -d D -s <closed port> list GUN`, whole processes,
 *     interleaved. Target <= 0.5x.
 */
const TARGETS = Number(process.env.BENCH_STATUS_TARGETS ?? 10_000);
const DELEGATIONS = Number(process.env.BENCH_STATUS_DELEGATIONS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const CLI = join(__dirname, '..', 'dist', 'electron', 'cli.js');
const NOTARY = process.env.NOTARY_BIN ?? '/usr/bin/notary';
export const GUN = 'bench.example.com/team/app';

export interface StatusBenchResult {
  files: number;
  bytes: number;
  statusMs: number;
  floorMs: number;
  floorNoReadMs: number;
  cliMs: number;
  notaryMs: number;
  nodeMs: number;
  /** Peak memory (MiB) of the whole processes, NaN when GNU time is missing. */
  cliMiB: number;
  notaryMiB: number;
}

/** Half the tags in targets.json, the rest spread over the delegations (each signs under its own path prefix). */
export function makeRepo(trust: string): { keys: TestKey[] } {
  const root = certKey('ecdsa', GUN);
  const targets = ecdsaKey();
  const snapshot = ecdsaKey();
  const timestamp = ecdsaKey();
  const inTargets = Math.ceil(TARGETS / 2);
  const perDelegation = Math.floor((TARGETS - inTargets) / Math.max(1, DELEGATIONS));
  const tags: Record<string, string> = {};
  for (let i = 0; i < inTargets + (TARGETS - inTargets - perDelegation * DELEGATIONS); i++) tags[`v${i}`] = `release ${i}`;
  const delegations: TestDelegation[] = [];
  for (let d = 0; d < DELEGATIONS; d++) {
    const name = `team${String(d).padStart(3, '0')}`;
    const dtags: Record<string, string> = {};
    for (let i = 0; i < perDelegation; i++) dtags[`${name}/r${i}`] = `${name} release ${i}`;
    delegations.push({ name: `targets/${name}`, keys: [ecdsaKey()], paths: [`${name}/`], tags: dtags });
  }
  writeTestRepo(trust, { gun: GUN, root: [root], targets, snapshot, timestamp, tags, delegations });
  return { keys: [root, targets, snapshot, timestamp, ...delegations.flatMap((d) => d.keys)] };
}

function metadataFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith('.json') && statSync(f).isFile());
}

/**
 * The floor: the work no verifier can avoid. Messages (canonical JSON) and public keys are prepared beforehand, so
 * only parsing, hashing and the signature checks are timed; with `read`, reading the files too.
 */
function makeFloor(files: string[], keys: TestKey[]): (read: boolean) => void {
  const byId = new Map(keys.map((k) => [k.id, readTufKey(k.tuf)]));
  const cached = files.map((f) => readFileSync(f));
  const checks = cached.map((bytes) => {
    const doc = JSON.parse(bytes.toString('utf8')) as { signed: unknown; signatures: { keyid: string; sig: string }[] };
    const s = doc.signatures[0]!;
    const v = byId.get(s.keyid)?.verifier;
    if (!v || v.kind !== 'node') throw new Error(`bench: no ecdsa key for ${s.keyid}`);
    return { key: v.key, message: Buffer.from(canonicalJson(doc.signed), 'utf8'), sig: Buffer.from(s.sig, 'base64') };
  });
  return (read: boolean) => {
    files.forEach((f, i) => {
      const bytes = read ? readFileSync(f) : cached[i]!;
      JSON.parse(bytes.toString('utf8'));
      createHash('sha256').update(bytes).digest('base64');
      createHash('sha512').update(bytes).digest('base64');
      const c = checks[i]!;
      if (!nodeVerify('sha256', c.message, { key: c.key, dsaEncoding: 'ieee-p1363' }, c.sig)) throw new Error(`bench: ${f} does not verify`);
    });
  };
}

const timeIt = (f: () => void): number => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

export async function benchStatus(): Promise<StatusBenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'tv-bench-status-'));
  try {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root };
    const trust = join(root, 'trust');
    console.log(`Making a signed repository with ${TARGETS} targets and ${DELEGATIONS} delegations...`);
    const { keys } = makeRepo(trust);
    const metadata = join(trust, 'tuf', GUN, 'metadata');
    const files = metadataFiles(metadata);
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);

    // Both must accept it and see every tag. Nothing listens on `closed`: notary falls back to its cache.
    const closed = `http://127.0.0.1:${await freePort()}`;
    const notaryArgs = ['-d', trust, '-s', closed, 'list', GUN];
    const cliArgs = [CLI, 'status', '--gun', GUN, '--json', '--trust-dir', trust, '--data-dir', join(root, 'data')];
    const notary = () => timeProcess(NOTARY, notaryArgs, env);
    const cli = () => timeProcess(process.execPath, cliArgs, env);
    const status = statusOfCache(trust, GUN);
    if (status.verdict !== 'trusted' || status.tags.length !== TARGETS) {
      throw new Error(`statusOfCache: ${status.verdict}, ${status.tags.length} tags, problems ${JSON.stringify(status.problems.slice(0, 3))}`);
    }
    const notaryRows = notary().stdout.split('\n').filter((l) => /\b[0-9a-f]{64}\b/.test(l)).length;
    if (notaryRows !== TARGETS) throw new Error(`notary list shows ${notaryRows} tags, expected ${TARGETS}`);
    const fromCli = JSON.parse(cli().stdout) as { verdict: string; tags: unknown[] };
    if (fromCli.verdict !== 'trusted' || fromCli.tags.length !== TARGETS) throw new Error(`trust-vault status: ${fromCli.verdict}, ${fromCli.tags.length} tags`);

    // (a) in-process, interleaved, after one warm-up each.
    const floor = makeFloor(files, keys);
    floor(true);
    statusOfCache(trust, GUN);
    const t = { status: [] as number[], floor: [] as number[], floorNoRead: [] as number[], cli: [] as number[], notary: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      t.status.push(timeIt(() => statusOfCache(trust, GUN)));
      t.floor.push(timeIt(() => floor(true)));
      t.floorNoRead.push(timeIt(() => floor(false)));
    }
    // (b) whole processes, interleaved; peak memory in runs of their own.
    const mem = { cli: [] as number[], notary: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      t.notary.push(notary().ms);
      t.cli.push(cli().ms);
      if (canMeasureMemory()) {
        mem.notary.push(peakMiB(NOTARY, notaryArgs, env));
        mem.cli.push(peakMiB(process.execPath, cliArgs, env));
      }
    }
    const node = median(Array.from({ length: 5 }, () => timeProcess(process.execPath, ['-e', '0'], env).ms));
    const r: StatusBenchResult = {
      files: files.length,
      bytes,
      statusMs: median(t.status),
      floorMs: median(t.floor),
      floorNoReadMs: median(t.floorNoRead),
      cliMs: median(t.cli),
      notaryMs: median(t.notary),
      nodeMs: node,
      cliMiB: mem.cli.length ? median(mem.cli) : NaN,
      notaryMiB: mem.notary.length ? median(mem.notary) : NaN,
    };
    const ms = (x: number) => `${x.toFixed(1).padStart(8)} ms`;
    console.log(`\nstatus of ${TARGETS} targets / ${DELEGATIONS} delegations (${r.files} files, ${(r.bytes / 1e6).toFixed(2)} MB), median of ${ROUNDS}:`);
    console.log(`  statusOfCache (in-process)                           ${ms(r.statusMs)}`);
    console.log(`  floor: read + JSON.parse + sha256/512 + ${r.files} verifies   ${ms(r.floorMs)}  ratio ${(r.statusMs / r.floorMs).toFixed(2)}x (target <= 2): ${r.statusMs / r.floorMs <= 2 ? 'PASS' : 'FAIL'}`);
    console.log(`  floor without reading the files                      ${ms(r.floorNoReadMs)}  ratio ${(r.statusMs / r.floorNoReadMs).toFixed(2)}x`);
    console.log(`  notary -d D -s <closed port> list GUN                ${ms(r.notaryMs)}`);
    console.log(`  trust-vault status --gun GUN --json                  ${ms(r.cliMs)}  ratio ${(r.cliMs / r.notaryMs).toFixed(2)}x (target <= 0.5): ${r.cliMs / r.notaryMs <= 0.5 ? 'PASS' : 'FAIL'}`);
    console.log(`  node -e 0 (Node start-up alone, for reference)       ${ms(r.nodeMs)}`);
    console.log(`  peak memory: trust-vault ${r.cliMiB.toFixed(1)} MiB, notary ${r.notaryMiB.toFixed(1)} MiB`);
    const ratio = r.cliMs / r.notaryMs;
    addSummaryRow({
      measure: `status --gun, ${TARGETS} targets, whole process`,
      reference: 'notary list, offline, same cache',
      result: `${ratio.toFixed(2)}x wall (${r.cliMs.toFixed(0)} ms, ${r.cliMiB.toFixed(1)} MiB vs ${r.notaryMs.toFixed(0)} ms, ${r.notaryMiB.toFixed(1)} MiB)`,
      target: '<= 0.5x',
      pass: ratio <= 0.5,
    });
    return r;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchStatus().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
