import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notaryOk } from '../test/support/notary-cli';
import { startNotaryServer } from '../test/support/notary-server';
import { pushImage, servedManifest, startRegistry } from '../test/support/registry';
import { startDelayProxy } from './delay-proxy';
import { median, timeProcessAsync } from './measure';
import { addSummaryRow } from './summary';

/**
 * Issue 17, as users meet it away from a loopback server: the targets rotation and the one-tag signing of
 * bench/rotate.ts and bench/tag-sign.ts again, whole processes (Node's start-up included: nothing subtracted),
 * with the notary-server and the registry behind a proxy that adds BENCH_LINK_MS (20) each way, a 40 ms round trip
 * as to a server in another region. What counts there is round trips: the vault asks for the files a snapshot names
 * at once and keeps its connections for reads; notary fetches one file after another on a new connection each.
 * No target of the issue is set on this: it is printed beside the loopback figures so that neither misleads alone.
 */
const ROUNDS = Number(process.env.BENCH_LINK_ROUNDS ?? 5);
const ONE_WAY_MS = Number(process.env.BENCH_LINK_MS ?? 20);
const CLI = join(__dirname, '..', 'dist', 'electron', 'cli.js');
const NOTARY = process.env.NOTARY_BIN ?? '/usr/bin/notary';
const PASS = { NOTARY_ROOT_PASSPHRASE: 'bench root pass', NOTARY_TARGETS_PASSPHRASE: 'bench targets pass', NOTARY_SNAPSHOT_PASSPHRASE: 'bench snapshot pass' };
const PASS_ENV = ['--root-passphrase-env', 'NOTARY_ROOT_PASSPHRASE', '--targets-passphrase-env', 'NOTARY_TARGETS_PASSPHRASE', '--snapshot-passphrase-env', 'NOTARY_SNAPSHOT_PASSPHRASE'];

export async function benchSlowLink(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'tv-bench-link-'));
  const server = await startNotaryServer(join(root, 'server'));
  const registry = await startRegistry(join(root, 'registry'));
  const far = await startDelayProxy(server.url, ONE_WAY_MS);
  const farRegistry = await startDelayProxy(`http://${registry.host}`, ONE_WAY_MS);
  try {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, ...PASS };
    const notary = (trust: string, args: string[]) => notaryOk(trust, root, ['-s', server.url, ...args], PASS);
    const time = async (cmd: string, args: string[]) => (await timeProcessAsync(cmd, args, env)).ms;

    // Rotation: two identical repositories, as in bench/rotate.ts.
    writeFileSync(join(root, 'payload.txt'), 'release bytes\n');
    const repo = (name: string) => {
      const trust = join(root, name);
      const gun = `bench.example.com/${name}`;
      notary(trust, ['init', gun, '-p']);
      notary(trust, ['add', gun, 'v1', join(root, 'payload.txt'), '-p']);
      return { trust, gun };
    };
    const theirs = repo('notary');
    const ours = repo('vault');
    const rotateNotary = () => time(NOTARY, ['-d', theirs.trust, '-s', far.url, 'key', 'rotate', theirs.gun, 'targets']);
    const rotateVault = () => time(process.execPath, [CLI, 'repo', 'rotate', ours.gun, 'targets', '--server', far.url, '--trust-dir', ours.trust, '--data-dir', join(root, 'data'), ...PASS_ENV]);

    // Tag signing: the GUN names the registry as the user reaches it (through the slow link).
    const farHost = new URL(farRegistry.url).host;
    const gun = `${farHost}/bench/app`;
    const tagTrust = join(root, 'tags');
    notary(tagTrust, ['init', gun]);
    notary(tagTrust, ['publish', gun]);
    await pushImage(registry, join(root, 'img'), 'bench/app', 'v1');
    const m = await servedManifest(registry, 'bench/app', 'v1');
    const hex = m.digest.slice('sha256:'.length);
    const signNotary = async (tag: string) =>
      (await time(NOTARY, ['-d', tagTrust, '-s', far.url, 'addhash', gun, tag, String(m.size), '--sha256', hex])) + (await time(NOTARY, ['-d', tagTrust, '-s', far.url, 'publish', gun]));
    const signVault = () => time(process.execPath, [CLI, 'tag', 'sign', `${gun}:v1`, '--server', far.url, '--trust-dir', tagTrust, '--data-dir', join(root, 'data'), ...PASS_ENV.slice(2)]);

    await rotateNotary();
    await rotateVault();
    await signNotary('warm');
    await signVault();
    const t = { rn: [] as number[], rv: [] as number[], sn: [] as number[], sv: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      t.rn.push(await rotateNotary());
      t.rv.push(await rotateVault());
      t.sn.push(await signNotary(`n${i}`));
      t.sv.push(await signVault());
    }
    const rows: [string, number, number][] = [
      ['targets rotation: notary key rotate / trust-vault repo rotate', median(t.rn), median(t.rv)],
      ['one tag: notary addhash + publish / trust-vault tag sign', median(t.sn), median(t.sv)],
    ];
    console.log(`\nover a link with a ${2 * ONE_WAY_MS} ms round trip (whole processes, median of ${ROUNDS} interleaved rounds):`);
    for (const [label, n, v] of rows) {
      console.log(`${label.padEnd(64)}${n.toFixed(0).padStart(6)} ms /${v.toFixed(0).padStart(6)} ms  ${(v / n).toFixed(2)}x`);
      addSummaryRow({
        measure: `${label.split(':')[0]} over a ${2 * ONE_WAY_MS} ms round trip, whole process`,
        reference: label.split(': ')[1]!.split(' / ')[0]!,
        result: `${(v / n).toFixed(2)}x (${v.toFixed(0)} vs ${n.toFixed(0)} ms)`,
        target: 'none (informative)',
        pass: null,
      });
    }
  } finally {
    await Promise.all([far.stop(), farRegistry.stop()]);
    await registry.stop();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
