import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../electron/core/backup/ledger';
import { decryptKeyBlock } from '../../electron/core/keys/key-block';
import { readKeyBlock } from '../../electron/core/keys/store/find-key';
import { listKeys } from '../../electron/core/keys/store/scan';
import { findLeftovers } from '../../electron/core/leftovers/leftovers';
import { listPending } from '../../electron/core/pending/pending-store';
import { initRepository } from '../../electron/core/publish/init-repo';
import { manualClock } from '../../electron/core/vault/testing';
import { VaultSession } from '../../electron/core/vault/vault-session';
import { notaryTestBed } from '../support/notary-test-bed';
import { BUILT_CLI, ensureBuiltCli } from '../support/vault-cli';

/**
 * kill -9 at random points (issue 13): key generation, passphrase change, backup create and restore, vault writes
 * and publish, each killed at a random moment of its run. After every kill: every key decrypts with the old or the
 * new passphrase, no key is lost, and the next run collects what the killed one left (leftovers, pending
 * changes). TRUST_VAULT_LONG_TESTS=1 runs 100 kills per command; by default 5, so CI stays fast.
 */
const RUNS = process.env.TRUST_VAULT_LONG_TESTS === '1' ? 100 : 5;
const OLD = 'the old key passphrase';
const NEW = 'the new key passphrase';
const MASTER = 'the vault master passphrase';
/** Room for a test of `RUNS` kills, each of up to `perRun` ms of processes (the long run is 20 times the short one). */
const budget = (perRun: number) => 60_000 + RUNS * perRun;

describe(`kill -9 at random points (${RUNS} runs per command)`, () => {
  const bed = notaryTestBed('tv-kill-loop-');
  const { tmp, dir, passphrases } = bed;
  beforeAll(() => ensureBuiltCli(), 120_000);

  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '', TV_OLD: OLD, TV_NEW: NEW, TV_MASTER: MASTER, TV_ROOT: passphrases.root, TV_TARGETS: passphrases.targets, TV_SNAPSHOT: passphrases.snapshot };

  /** Runs the CLI and kills it with SIGKILL after `ms` (or lets it finish when it is quicker). */
  const runKilled = (args: string[], ms: number) =>
    new Promise<{ killed: boolean; status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BUILT_CLI, ...args], { env: { ...env, HOME: tmp.path }, stdio: ['ignore', 'ignore', 'pipe'], cwd: tmp.path });
      // What a run said on stderr, for the message of a failed expectation (capped: a run says one line).
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => void (stderr = `${stderr}${d.toString('utf8')}`.slice(-4000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      child.on('close', (status, signal) => {
        clearTimeout(timer);
        resolve({ killed: signal === 'SIGKILL', status, stderr });
      });
    });
  const run = (args: string[]) => runKilled(args, 120_000);
  /** How many runs of each command were really killed (the rest finished before their moment came): said at the end. */
  const kills = new Map<string, { killed: number; runs: number }>();
  /**
   * How long the runs of each command that finished took, starting from one timed run. The moment of each kill is
   * drawn within the median of these (and a little past it), so it follows what the command takes on this machine
   * now: one slow first run on a loaded machine would otherwise let most runs finish before their moment came.
   */
  const durations = new Map<string, number[]>();
  const killAt = async (args: string[], typical: number) => {
    const name = args.slice(0, 2).join(' ');
    const seen = durations.get(name) ?? [typical];
    const median = [...seen].sort((a, b) => a - b)[Math.floor(seen.length / 2)]!;
    const start = Date.now();
    const r = await runKilled(args, Math.floor(Math.random() * median * 1.2));
    durations.set(name, r.killed ? seen : [...seen, Date.now() - start].slice(-15));
    const t = kills.get(name) ?? { killed: 0, runs: 0 };
    kills.set(name, { killed: t.killed + (r.killed ? 1 : 0), runs: t.runs + 1 });
    return r;
  };
  afterAll(() => {
    for (const [name, t] of kills) console.log(`kill-loop: ${name}: ${t.runs} runs, ${t.killed} killed mid-run`);
  });
  const timed = async (args: string[]) => {
    const start = Date.now();
    const r = await run(args);
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return Date.now() - start;
  };

  /** Whether every key file of the trust dir opens with this passphrase. */
  const opens = (trust: string, p: string) =>
    listKeys(trust).every((k) => {
      try {
        decryptKeyBlock(readKeyBlock(k), p).wipe();
        return true;
      } catch {
        return false;
      }
    });

  /** Every key file decrypts with one of the passphrases; returns the IDs. */
  const allDecrypt = (trust: string, phrases: string[]) =>
    listKeys(trust).map((k) => {
      expect(k.status, `${k.path}: ${k.problem?.reason}`).toBe('ok');
      const ok = phrases.some((p) => {
        try {
          decryptKeyBlock(readKeyBlock(k), p).wipe();
          return true;
        } catch {
          return false;
        }
      });
      expect(ok, `${k.id} decrypts with none of the passphrases`).toBe(true);
      return k.id;
    });

  /** What the killed runs left is collected by the next run (aged first: leftovers younger than a write are left alone). */
  const collectLeftovers = async (trust: string, data: string) => {
    const dirs = [join(trust, 'private'), data];
    const past = new Date(Date.now() - 3600_000);
    for (const l of findLeftovers(dirs, new Date(Date.now() + 3600_000))) utimesSync(l.path, past, past);
    const r = await run(['keys', 'leftovers', '--promote', '--remove', '--trust-dir', trust, '--data-dir', data]);
    expect(r.status, r.stderr).toBe(0);
    expect(findLeftovers(dirs, new Date(Date.now() + 3600_000))).toEqual([]);
    // And the audit log the killed runs were writing still verifies (a damaged one would refuse every key operation).
    const verify = await run(['audit', 'verify', '--trust-dir', trust, '--data-dir', data]);
    expect(verify.status, verify.stderr).toBe(0);
  };

  it('key generation', async () => {
    const trust = dir('gen-trust');
    const data = dir('gen-data');
    const args = ['keys', 'generate', '--role', 'targets', '--gun', 'example.com/app', '--passphrase-env', 'TV_OLD', '--trust-dir', trust, '--data-dir', data];
    const typical = await timed(args);
    for (let i = 0; i < RUNS; i++) {
      await killAt(args, typical);
      allDecrypt(trust, [OLD]);
    }
    await collectLeftovers(trust, data);
    allDecrypt(trust, [OLD]);
  }, budget(10_000));

  it('passphrase change', async () => {
    const trust = dir('pw-trust');
    const data = dir('pw-data');
    expect((await run(['keys', 'generate', '--role', 'root', '--passphrase-env', 'TV_OLD', '--trust-dir', trust, '--data-dir', data])).status).toBe(0);
    const [id] = allDecrypt(trust, [OLD]);
    const typical = await timed(['keys', 'passwd', '--id', id!, '--passphrase-env', 'TV_OLD', '--new-passphrase-env', 'TV_NEW', '--trust-dir', trust, '--data-dir', data]);
    for (let i = 0; i < RUNS; i++) {
      // Back and forth: whichever passphrase the key has now is the old one of this run.
      const now = opens(trust, OLD) ? ['TV_OLD', 'TV_NEW'] : ['TV_NEW', 'TV_OLD'];
      await killAt(['keys', 'passwd', '--id', id!, '--passphrase-env', now[0]!, '--new-passphrase-env', now[1]!, '--trust-dir', trust, '--data-dir', data], typical);
      expect(allDecrypt(trust, [OLD, NEW])).toEqual([id]);
    }
    await collectLeftovers(trust, data);
    expect(allDecrypt(trust, [OLD, NEW])).toEqual([id]);
  }, budget(20_000));

  it('backup create and restore', async () => {
    const trust = dir('bk-trust');
    const data = dir('bk-data');
    for (const role of ['root', 'targets']) expect((await run(['keys', 'generate', '--role', role, ...(role === 'targets' ? ['--gun', 'example.com/app'] : []), '--passphrase-env', 'TV_OLD', '--trust-dir', trust, '--data-dir', data])).status).toBe(0);
    const keys = allDecrypt(trust, [OLD]).sort();
    mkdirSync(dir('bk-out'));
    const out = (i: number) => join(dir('bk-out'), `b-${i}.tar.gz.age`);
    const typical = await timed(['backup', 'create', '--out', out(-1), '--passphrase-env', 'TV_NEW', '--trust-dir', trust, '--data-dir', data]);
    for (let i = 0; i < RUNS; i++) {
      await killAt(['backup', 'create', '--out', out(i), '--passphrase-env', 'TV_NEW', '--trust-dir', trust, '--data-dir', data], typical);
      // The ledger only ever names files that are there and read back.
      for (const b of readLedger(data).backups) for (const c of b.copies) expect(existsSync(c.file), c.file).toBe(true);
      expect(allDecrypt(trust, [OLD]).sort()).toEqual(keys);
    }
    const restoreTypical = await timed(['backup', 'restore', out(-1), '--passphrase-env', 'TV_NEW', '--trust-dir', dir('bk-restore--1'), '--data-dir', data]);
    for (let i = 0; i < RUNS; i++) {
      const target = dir(`bk-restore-${i}`);
      await killAt(['backup', 'restore', out(-1), '--passphrase-env', 'TV_NEW', '--trust-dir', target, '--data-dir', data], restoreTypical);
      // All or nothing, and what is there decrypts; a second restore completes it.
      const got = existsSync(join(target, 'private')) ? allDecrypt(target, [OLD]) : [];
      expect([0, keys.length]).toContain(got.length);
      expect((await run(['backup', 'restore', out(-1), '--passphrase-env', 'TV_NEW', '--trust-dir', target, '--data-dir', data])).status).toBe(0);
      expect(allDecrypt(target, [OLD]).sort()).toEqual(keys);
      await collectLeftovers(target, data);
    }
  }, budget(60_000));

  it('vault writes', async () => {
    const trust = dir('v-trust');
    const data = dir('v-data');
    const s = new VaultSession({
      dataDir: data,
      clock: manualClock(new Date()).clock,
      calibrator: async (targetMs) => ({ params: { memoryKiB: 65536, iterations: 1, parallelism: 4, salt: randomBytes(16) }, targetMs, measuredMs: 1 }),
    });
    await s.create(MASTER);
    s.dispose();
    expect((await run(['keys', 'generate', '--role', 'root', '--passphrase-env', 'TV_OLD', '--trust-dir', trust, '--data-dir', data])).status).toBe(0);
    const [id] = allDecrypt(trust, [OLD]);
    const args = (sub: string) => ['vault', sub, '--id', id!, ...(sub === 'remember' ? ['--passphrase-env', 'TV_OLD'] : []), '--vault-passphrase-env', 'TV_MASTER', '--trust-dir', trust, '--data-dir', data];
    const typical = await timed(args('remember'));
    for (let i = 0; i < RUNS; i++) {
      await killAt(args(i % 2 ? 'remember' : 'forget'), typical);
      // The vault still opens (old or new content), never damaged.
      const check = new VaultSession({ dataDir: data, clock: manualClock(new Date()).clock });
      await check.unlock(MASTER);
      expect([undefined, OLD]).toContain(check.savedPassphrase(id!));
      check.dispose();
    }
    await collectLeftovers(trust, data);
  }, budget(20_000));

  it('publish (repo rotate targets): the killed change is settled by the next command, no key lost', async () => {
    const trust = dir('p-trust');
    const data = dir('p-data');
    const gun = 'example.com/kill/publish';
    await initRepository(trust, gun, { dataDir: data, server: { server: bed.server.url }, snapshot: 'local', passphrases });
    const args = ['repo', 'rotate', gun, 'targets', '--server', bed.server.url, '--root-passphrase-env', 'TV_ROOT', '--targets-passphrase-env', 'TV_TARGETS', '--snapshot-passphrase-env', 'TV_SNAPSHOT', '--trust-dir', trust, '--data-dir', data];
    const typical = await timed(args);
    for (let i = 0; i < RUNS; i++) {
      await killAt(args, typical);
      // The next command settles whatever the kill left pending; then the repository is usable and nothing is lost.
      expect((await run(['recover', 'plan', gun, '--server', bed.server.url, '--trust-dir', trust, '--data-dir', data])).status).toBe(0);
      expect(listPending(data, trust)).toEqual([]);
      allDecrypt(trust, [passphrases.root, passphrases.targets, passphrases.snapshot]);
      bed.notaryPublishes(trust, gun, `kill-${i}`);
    }
    await collectLeftovers(trust, data);
    expect(readdirSync(join(trust, 'private')).filter((n) => n.startsWith('.'))).toEqual([]);
  }, budget(60_000));
});
