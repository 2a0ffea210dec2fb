import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notaryOk } from '../test/support/notary-cli';
import { startNotaryServer } from '../test/support/notary-server';
import { rotateKey } from '../electron/core/publish/rotate-key';
import { median, timeProcessAsync } from './measure';
import { addSummaryRow } from './summary';

/**
 * Issues 6 and 17: a targets rotation end to end on a loopback notary-server, against `notary key rotate GUN targets`
 * (a whole process) on an identical repository (made by `notary init -p` plus one tag), interleaved rounds, same
 * server, same run. Target (issue 17): `trust-vault repo rotate GUN targets` as a whole process, less Node's own
 * start-up (`node -e 0`, measured in the same rounds: a floor no Node program goes under), at most 1.0x notary's
 * wall time. The rotation in the running app (the core call, from the click to the repository published, read back
 * and cached) is printed beside it.
 */
const ROUNDS = Number(process.env.BENCH_ROTATE_ROUNDS ?? 7);
const TARGET = 1.0;
const CLI = join(__dirname, '..', 'dist', 'electron', 'cli.js');
const NOTARY = process.env.NOTARY_BIN ?? '/usr/bin/notary';
const PASS = { NOTARY_ROOT_PASSPHRASE: 'bench root pass', NOTARY_TARGETS_PASSPHRASE: 'bench targets pass', NOTARY_SNAPSHOT_PASSPHRASE: 'bench snapshot pass' };

export async function benchRotate(): Promise<{ ratio: number }> {
  const root = mkdtempSync(join(tmpdir(), 'tv-bench-rotate-'));
  const server = await startNotaryServer(join(root, 'server'));
  try {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, ...PASS };
    const payload = join(root, 'payload.txt');
    writeFileSync(payload, 'release bytes\n');
    const make = (name: string) => {
      const trust = join(root, name);
      const gun = `bench.example.com/${name}`;
      notaryOk(trust, root, ['-s', server.url, 'init', gun, '-p'], PASS);
      notaryOk(trust, root, ['-s', server.url, 'add', gun, 'v1', payload, '-p'], PASS);
      return { trust, gun };
    };
    const theirs = make('notary');
    const ours = make('vault');
    const app = make('app');
    const passphrases = { root: PASS.NOTARY_ROOT_PASSPHRASE, targets: PASS.NOTARY_TARGETS_PASSPHRASE, snapshot: PASS.NOTARY_SNAPSHOT_PASSPHRASE };
    // The app's path: the same core call, in a process that is already running (no start-up, nothing to load).
    const inApp = async () => {
      const start = process.hrtime.bigint();
      await rotateKey(app.trust, app.gun, 'targets', { dataDir: `${app.trust}-data`, server: { server: server.url }, passphrases });
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const notary = async () => (await timeProcessAsync(NOTARY, ['-d', theirs.trust, '-s', server.url, 'key', 'rotate', theirs.gun, 'targets'], env)).ms;
    const vault = async () =>
      (await timeProcessAsync(
        process.execPath,
        [CLI, 'repo', 'rotate', ours.gun, 'targets', '--server', server.url, '--trust-dir', ours.trust, '--data-dir', join(root, 'data'),
          '--root-passphrase-env', 'NOTARY_ROOT_PASSPHRASE', '--targets-passphrase-env', 'NOTARY_TARGETS_PASSPHRASE', '--snapshot-passphrase-env', 'NOTARY_SNAPSHOT_PASSPHRASE'],
        env,
      )).ms;
    const nodeStart = async () => (await timeProcessAsync(process.execPath, ['-e', '0'], env)).ms;
    await notary();
    await vault();
    await inApp();
    const t = { notary: [] as number[], vault: [] as number[], app: [] as number[], node: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      t.notary.push(await notary());
      t.app.push(await inApp());
      t.vault.push(await vault());
      t.node.push(await nodeStart());
    }
    // Both repositories still list for a fresh consumer after all those rotations.
    for (const r of [theirs, ours, app]) notaryOk(join(root, `consumer-${r.gun.split('/')[1]}`), root, ['-s', server.url, 'list', r.gun], PASS);
    const n = median(t.notary);
    const a = median(t.app);
    const v = median(t.vault);
    const node = median(t.node);
    // Per round, so a busy moment weighs on both terms alike.
    const lessNode = median(t.vault.map((ms, i) => ms - t.node[i]!));
    const ratio = lessNode / n;
    const row = (label: string, ms: number) => console.log(`${label.padEnd(56)}${ms.toFixed(0).padStart(7)} ms  ${(ms / n).toFixed(2)}x`);
    console.log(`\ntargets key rotation published to a loopback notary-server, median of ${ROUNDS} interleaved rounds:`);
    row('notary key rotate GUN targets', n);
    row('the rotation in the running app (core call)', a);
    row('trust-vault repo rotate GUN targets (a fresh process)', v);
    row('  of which Node start-up alone (node -e 0)', node);
    row('  the CLI less Node start-up (per round)', lessNode);
    console.log(`\nratio (CLI - node -e 0)/notary = ${ratio.toFixed(2)} (target <= ${TARGET}): ${ratio <= TARGET ? 'PASS' : 'FAIL'}`);
    console.log(`ratio app/notary = ${(a / n).toFixed(2)}`);
    addSummaryRow({
      measure: 'repo rotate GUN targets, whole process less node -e 0',
      reference: 'notary key rotate GUN targets, same server',
      result: `${ratio.toFixed(2)}x (${v.toFixed(0)} - ${node.toFixed(0)} ms vs ${n.toFixed(0)} ms; in the running app ${(a / n).toFixed(2)}x)`,
      target: `<= ${TARGET.toFixed(1)}x`,
      pass: ratio <= TARGET,
    });
    return { ratio };
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
