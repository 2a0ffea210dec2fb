import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTrustDir } from './make-trust-dir';
import { median, timeProcess } from './measure';

/**
 * npm run bench: `trust-vault keys list --json` against `notary key list` on the same 10,000-key trust dir, as
 * whole processes, interleaved, in the same run. Prints the ratio; the target is at most 0.6x notary's wall time.
 * The vault keeps a listing index in its data dir (see electron/core/keys/store/list-cache.ts): the first listing
 * of a trust dir reads every file ("cold"), later ones only lstat them ("warm"). Both are reported.
 */
const KEYS = Number(process.env.BENCH_KEYS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const TARGET = 0.6;
const CLI = join(__dirname, '..', 'dist', 'electron', 'cli.js');
const NOTARY = process.env.NOTARY_BIN ?? '/usr/bin/notary';

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'tv-bench-'));
  try {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root };
    console.log(`Making a trust dir with ${KEYS} keys...`);
    const trust = makeTrustDir(root, KEYS);
    // The index skips files changed in the last 3 s (coarse timestamps), so let the new files age first.
    await new Promise((r) => setTimeout(r, 3500));

    const notary = () => timeProcess(NOTARY, ['-d', trust, 'key', 'list'], env);
    const vault = (dataDir: string) =>
      timeProcess(process.execPath, [CLI, 'keys', 'list', '--json', '--trust-dir', trust, '--data-dir', dataDir], env);

    // Both must see every key.
    const listed = JSON.parse(vault(join(root, 'check')).stdout) as unknown[];
    const notaryRows = notary().stdout.split('\n').filter((l) => /[0-9a-f]{64}/.test(l)).length;
    if (listed.length !== KEYS || notaryRows !== KEYS) throw new Error(`listed ${listed.length} (vault) / ${notaryRows} (notary), expected ${KEYS}`);

    const warmDir = join(root, 'warm');
    vault(warmDir); // builds the index
    const t = { notary: [] as number[], warm: [] as number[], cold: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      t.notary.push(notary().ms);
      t.warm.push(vault(warmDir).ms);
      t.cold.push(vault(join(root, `cold-${i}`)).ms);
    }
    const node = median(Array.from({ length: 5 }, () => timeProcess(process.execPath, ['-e', '0'], env).ms));
    const n = median(t.notary);
    const warm = median(t.warm);
    const cold = median(t.cold);
    const row = (label: string, ms: number) => `${label.padEnd(52)}${ms.toFixed(0).padStart(7)} ms  ${(ms / n).toFixed(2)}x`;
    console.log(`\nkeys list on ${KEYS} keys, median of ${ROUNDS} interleaved rounds (whole processes):`);
    console.log(row('notary -d D key list', n));
    console.log(row('trust-vault keys list --json (index warm)', warm));
    console.log(row('trust-vault keys list --json (no index: first listing)', cold));
    console.log(row('node -e 0 (Node start-up alone, for reference)', node));
    const ratio = warm / n;
    console.log(`\nratio warm/notary = ${ratio.toFixed(2)} (target <= ${TARGET}): ${ratio <= TARGET ? 'PASS' : 'FAIL'}`);
    console.log(`ratio cold/notary = ${(cold / n).toFixed(2)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  await uiOpen();
  await status();
  await backup();
  await backupMemory();
  await token();
  await rotate();
  await argon2();
}

/** The vault's Argon2id against the native argon2 package (bench/argon2.ts); BENCH_ARGON2=0 skips it. */
async function argon2(): Promise<void> {
  if (process.env.BENCH_ARGON2 === '0') return;
  try {
    const { benchArgon2 } = await import('./argon2');
    const { ratio } = await benchArgon2();
    if (ratio < 0.9) process.exitCode = 1;
  } catch (e) {
    console.log(`\nargon2 benchmark failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exitCode = 1;
  }
}

/** A targets rotation against `notary key rotate` on a loopback notary-server (bench/rotate.ts); BENCH_ROTATE=0 skips it. */
async function rotate(): Promise<void> {
  if (process.env.BENCH_ROTATE === '0') return;
  try {
    const { benchRotate } = await import('./rotate');
    const { ratio } = await benchRotate();
    if (ratio > 1.0) process.exitCode = 1;
  } catch (e) {
    console.log(`\nrotate benchmark failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exitCode = 1;
  }
}

/** Signing on a SoftHSM2 token against node:crypto (bench/token.ts); BENCH_TOKEN=0 skips it. */
async function token(): Promise<void> {
  if (process.env.BENCH_TOKEN === '0') return;
  try {
    const { benchToken } = await import('./token');
    await benchToken();
  } catch (e) {
    console.log(`
token benchmark failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exitCode = 1;
  }
}

/** Backup create + verify against tar | age and back (bench/backup.ts); BENCH_BACKUP=0 skips it. */
async function backup(): Promise<void> {
  if (process.env.BENCH_BACKUP === '0') return;
  try {
    const { benchBackup } = await import('./backup');
    const { ratio } = await benchBackup();
    if (ratio > 1.2) process.exitCode = 1;
  } catch (e) {
    console.log(`
backup benchmark failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exitCode = 1;
  }
}

/** Peak memory of backup create/verify as keys grow (bench/backup-memory.ts); BENCH_BACKUP_MEMORY=0 skips it. */
async function backupMemory(): Promise<void> {
  if (process.env.BENCH_BACKUP_MEMORY === '0') return;
  try {
    const { benchBackupMemory } = await import('./backup-memory');
    await benchBackupMemory();
  } catch (e) {
    console.log(`\nbackup memory benchmark failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exitCode = 1;
  }
}

/** Repository status with 10,000 targets and 100 delegations (bench/status.ts); BENCH_STATUS=0 skips it. */
async function status(): Promise<void> {
  if (process.env.BENCH_STATUS === '0') return;
  try {
    const { benchStatus } = await import('./status');
    await benchStatus();
  } catch (e) {
    console.log(`\nstatus benchmark failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exitCode = 1;
  }
}

/** The time from opening the app to a rendered list of 10,000 keys, in the e2e harness (bench/ui-open.ts). */
async function uiOpen(): Promise<void> {
  if (process.env.BENCH_UI === '0') return;
  try {
    const { benchUiOpen } = await import('./ui-open');
    const r = await benchUiOpen({ keys: KEYS });
    console.log(`\nopening the app to a rendered list of ${KEYS} keys (e2e harness, median): ${r.ms} ms`);
  } catch (e) {
    console.log(`\nui-open benchmark not run: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
