import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notaryOk } from '../test/support/notary-cli';
import { startNotaryServer } from '../test/support/notary-server';
import { pushImage, servedManifest, startRegistry } from '../test/support/registry';
import { signTags } from '../electron/core/tags/sign-tags';
import { median, timeProcessAsync } from './measure';

/**
 * Issue 14: one tag signed end to end, `trust-vault tag sign REGISTRY/REPO:TAG` as a whole process (resolving the tag
 * in a loopback docker-registry, then publishing), less Node's start-up (`node -e 0`), against `notary addhash` +
 * `notary publish` (the digest given by hand) on the same repository, trust dir and notary-server, interleaved rounds.
 * Target: at most 1.0x.
 */
const ROUNDS = Number(process.env.BENCH_TAG_ROUNDS ?? 7);
const TARGET = 1.0;
const CLI = join(__dirname, '..', 'dist', 'electron', 'cli.js');
const NOTARY = process.env.NOTARY_BIN ?? '/usr/bin/notary';
const PASS = { NOTARY_ROOT_PASSPHRASE: 'bench root pass', NOTARY_TARGETS_PASSPHRASE: 'bench targets pass', NOTARY_SNAPSHOT_PASSPHRASE: 'bench snapshot pass' };

export async function benchTagSign(): Promise<{ ratio: number; summary: string }> {
  const root = mkdtempSync(join(tmpdir(), 'tv-bench-tag-'));
  const server = await startNotaryServer(join(root, 'server'));
  const registry = await startRegistry(join(root, 'registry'));
  try {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, ...PASS };
    const gun = `${registry.host}/bench/app`;
    const trust = join(root, 'trust');
    notaryOk(trust, root, ['-s', server.url, 'init', gun], PASS);
    notaryOk(trust, root, ['-s', server.url, 'publish', gun], PASS);
    await pushImage(registry, join(root, 'img'), 'bench/app', 'v1');
    const m = await servedManifest(registry, 'bench/app', 'v1');
    const hex = m.digest.slice('sha256:'.length);

    const notary = async (tag: string) => {
      const a = await timeProcessAsync(NOTARY, ['-d', trust, '-s', server.url, 'addhash', gun, tag, String(m.size), '--sha256', hex], env);
      const b = await timeProcessAsync(NOTARY, ['-d', trust, '-s', server.url, 'publish', gun], env);
      return a.ms + b.ms;
    };
    const vault = async () =>
      (await timeProcessAsync(
        process.execPath,
        [CLI, 'tag', 'sign', `${gun}:v1`, '--server', server.url, '--trust-dir', trust, '--data-dir', join(root, 'data'), '--targets-passphrase-env', 'NOTARY_TARGETS_PASSPHRASE', '--snapshot-passphrase-env', 'NOTARY_SNAPSHOT_PASSPHRASE'],
        env,
      )).ms;
    const nodeStart = async () => (await timeProcessAsync(process.execPath, ['-e', '0'], env)).ms;
    // The app's path: the same core call, in a process that is already running (no start-up, nothing to load).
    const passphrases = { targets: PASS.NOTARY_TARGETS_PASSPHRASE, snapshot: PASS.NOTARY_SNAPSHOT_PASSPHRASE };
    const inApp = async () => {
      const start = process.hrtime.bigint();
      await signTags(trust, [`${gun}:v1`], { server: { server: server.url }, registry: {}, passphrases });
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    await notary('warm');
    await vault();
    await inApp();
    const t = { notary: [] as number[], vault: [] as number[], node: [] as number[], app: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      t.notary.push(await notary(`n${i}`));
      t.app.push(await inApp());
      t.vault.push(await vault());
      t.node.push(await nodeStart());
    }
    const listed = notaryOk(join(root, 'consumer'), root, ['-s', server.url, 'list', gun], PASS);
    if (!listed.includes(hex)) throw new Error(`a fresh consumer does not list the signed digest:\n${listed}`);
    const n = median(t.notary);
    const v = median(t.vault);
    const node = median(t.node);
    const a = median(t.app);
    const ratio = (v - node) / n;
    const row = (label: string, ms: number) => console.log(`${label.padEnd(60)}${ms.toFixed(0).padStart(7)} ms  ${(ms / n).toFixed(2)}x`);
    console.log(`\none tag signed and published (loopback docker-registry + notary-server), median of ${ROUNDS} interleaved rounds:`);
    row('notary addhash + notary publish (two processes)', n);
    row('tag signing in the running app (core call)', a);
    row('trust-vault tag sign REGISTRY/REPO:TAG (whole process)', v);
    row('  Node start-up alone (node -e 0)', node);
    row('  tag sign less Node start-up', v - node);
    console.log(`\nratio (tag sign - node -e 0)/notary = ${ratio.toFixed(2)} (target <= ${TARGET}): ${ratio <= TARGET ? 'PASS' : 'FAIL'}`);
    console.log(`ratio app/notary = ${(a / n).toFixed(2)}`);
    return { ratio, summary: `${ratio.toFixed(2)}x (${v.toFixed(0)} - ${node.toFixed(0)} ms vs ${n.toFixed(0)} ms; in the running app ${(a / n).toFixed(2)}x)` };
  } finally {
    await registry.stop();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
