import { benchKeysList } from './keys-list';
import { addSummaryRow, missingRow, printSummary } from './summary';

/**
 * npm run bench: every figure against a reference measured in the same run (DESIGN.md, Tests). CLI figures are
 * whole processes (`node dist/electron/cli.js ...` against the notary binary), interleaved, medians of at least 7
 * runs, with peak memory; the run ends with one summary table of issue 17's targets and the machine's load.
 * BENCH_<NAME>=0 skips a part (KEYS_LIST, UI, STATUS, BACKUP, TOKEN, ROTATE, TAG_SIGN, SLOW_LINK, ARGON2).
 */
const KEYS = Number(process.env.BENCH_KEYS ?? 10_000);

async function main(): Promise<void> {
  await keysList();
  await uiOpen();
  await status();
  await rotate();
  await tagSign();
  await slowLink();
  await backup();
  await backupMemory();
  await token();
  await argon2();
  if (!printSummary()) process.exitCode = 1;
}

/** keys list and --help as whole processes (bench/keys-list.ts); BENCH_KEYS_LIST=0 skips it. */
async function keysList(): Promise<void> {
  if (process.env.BENCH_KEYS_LIST === '0') return;
  try {
    await benchKeysList();
  } catch (e) {
    console.log(`\nkeys list benchmark failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exitCode = 1;
  }
}

/**
 * Issue 14's tag signing, when bench/tag-sign.ts is there: its benchTagSign() is expected to print its own lines and
 * return { ratio } (`tag sign` whole process less node -e 0, over `notary addhash` + `notary publish`).
 */
async function tagSign(): Promise<void> {
  const measure = 'tag sign, one tag, whole process less node -e 0';
  const reference = 'notary addhash + notary publish';
  if (process.env.BENCH_TAG_SIGN === '0') return;
  let mod: { benchTagSign?: () => Promise<{ ratio: number; summary?: string }> };
  try {
    mod = (await import('./' + 'tag-sign')) as typeof mod; // not bundled: the file comes with issue 14
  } catch {
    addSummaryRow(missingRow(measure, reference, '<= 1.0x', 'bench/tag-sign.ts is not there yet'));
    return;
  }
  try {
    const r = await mod.benchTagSign!();
    addSummaryRow({ measure, reference, result: r.summary ?? `${r.ratio.toFixed(2)}x`, target: '<= 1.0x', pass: r.ratio <= 1.0 });
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    console.log(`\ntag sign benchmark failed: ${why}`);
    addSummaryRow(missingRow(measure, reference, '<= 1.0x', why));
    process.exitCode = 1;
  }
}

/** Rotation and tag signing over a link with a real round trip (bench/slow-link.ts); BENCH_SLOW_LINK=0 skips it. */
async function slowLink(): Promise<void> {
  if (process.env.BENCH_SLOW_LINK === '0') return;
  try {
    const { benchSlowLink } = await import('./slow-link');
    await benchSlowLink();
  } catch (e) {
    console.log(`\nslow-link benchmark failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exitCode = 1;
  }
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
    const { flat } = await benchBackupMemory();
    if (!flat) process.exitCode = 1;
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
  const measure = `app cold open to ${KEYS} keys rendered (harness)`;
  if (process.env.BENCH_UI === '0') return;
  try {
    const { benchUiOpen } = await import('./ui-open');
    const r = await benchUiOpen({ keys: KEYS, runs: Number(process.env.BENCH_UI_RUNS ?? 7) });
    console.log(
      `\nopening the app to a rendered list of ${KEYS} keys (e2e harness, median): ${r.ms} ms (CPU: core ${r.coreCpuMs} ms, page main thread ${r.pageCpuMs} ms); its very first start (empty app-data folder): ${r.firstStartMs} ms`,
    );
    addSummaryRow({
      measure,
      reference: 'none',
      result: `${r.ms} ms (first start ever, no listing index yet: ${r.firstStartMs} ms)`,
      target: '< 1000 ms',
      pass: r.ms < 1000,
    });
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    console.log(`\nui-open benchmark not run: ${why}`);
    addSummaryRow(missingRow(measure, 'none', '< 1000 ms', why));
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
