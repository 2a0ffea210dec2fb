import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPending } from '../../electron/core/pending/pending-store';
import { initRepository } from '../../electron/core/publish/init-repo';
import type { BaseRole } from '../../electron/core/publish/metadata/roles';
import { rotateKey } from '../../electron/core/publish/rotate-key';
import { recoveryPlanFor } from '../../electron/core/recovery/recovery-service';
import { type FaultProxy, type PublishFault, startFaultProxy } from '../support/fault-proxy';
import { notaryTestBed } from '../support/notary-test-bed';
import { BUILT_CLI, ensureBuiltCli } from '../support/vault-cli';

/**
 * Keys first, then the server, then settle (issue 13, point 1), against the real notary-server behind a proxy that
 * breaks the publish: the answer lost to a reset, held past the client's timeout, or a refusal. For init and for
 * rotating root, targets and snapshot, afterwards the repository works with the vault and with the notary CLI from
 * the same trust dir (`notary publish`, `notary key rotate`), and the recovery plan finds nothing lost.
 */
describe('publish faults: no key is lost whatever happens to the publish', () => {
  const bed = notaryTestBed('tv-publish-faults-');
  const { tmp, env, passphrases, dir, notary, notaryPublishes } = bed;
  let proxy: FaultProxy;
  let cases = 0;
  const keyFiles = (trust: string) => (existsSync(join(trust, 'private')) ? readdirSync(join(trust, 'private')).filter((n) => n.endsWith('.key')).sort() : []);
  const retired = (data: string) => (existsSync(join(data, 'retired-keys')) ? readdirSync(join(data, 'retired-keys')) : []);

  beforeAll(async () => {
    proxy = await startFaultProxy(bed.server.url);
    ensureBuiltCli();
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  /** A trust dir, its data dir and a GUN of their own. */
  const fresh = (name: string) => {
    const n = ++cases;
    return { trust: dir(`trust-${n}-${name}`), data: dir(`data-${n}-${name}`), gun: `example.com/faults/${n}-${name}` };
  };
  const viaProxy = (data: string) => ({ dataDir: data, server: { server: proxy.url, timeoutMs: 1500 }, passphrases });
  const direct = (data: string) => ({ dataDir: data, server: { server: bed.server.url }, passphrases });

  /** The built CLI as a child process, without blocking this process's event loop (the proxy runs here). */
  const cli = (args: string[], data: string, trust: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BUILT_CLI, ...args, '--trust-dir', trust, '--data-dir', data], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path }, cwd: tmp.path });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += String(d)));
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  /** The repository works for the vault and for notary from this trust dir, and nothing is lost or left pending. */
  async function stillUsable(trust: string, data: string, gun: string, tag: string): Promise<void> {
    expect(listPending(data, trust)).toEqual([]);
    await rotateKey(trust, gun, 'targets', direct(data));
    notaryPublishes(trust, gun, `${tag}-a`);
    notary(trust, ['key', 'rotate', gun, 'targets']);
    notaryPublishes(trust, gun, `${tag}-b`);
    const plan = await recoveryPlanFor(trust, gun, { now: new Date(), dataDir: data, tokens: [], server: { server: bed.server.url } });
    expect(plan.lost).toEqual([]);
  }

  /** Makes a repository for a rotation to break (vault init, directly). */
  async function repository(name: string) {
    const r = fresh(name);
    await initRepository(r.trust, r.gun, { ...direct(r.data), snapshot: 'local' });
    return r;
  }

  const run = (op: 'init' | BaseRole, r: { trust: string; data: string; gun: string }) =>
    op === 'init' ? initRepository(r.trust, r.gun, { ...viaProxy(r.data), snapshot: 'local' }) : rotateKey(r.trust, r.gun, op, viaProxy(r.data));

  for (const op of ['init', 'root', 'targets', 'snapshot'] as const) {
    for (const fault of ['reset', 'hold'] as PublishFault[]) {
      it(`${op}: the answer ${fault === 'reset' ? 'lost to a reset' : 'held past the timeout'}, the server asked at once: settled as accepted`, async () => {
        const r = op === 'init' ? fresh(`${op}-${fault}`) : await repository(`${op}-${fault}`);
        const before = keyFiles(r.trust);
        proxy.arm(fault);
        const outcome = await run(op, r);
        expect(outcome.note).toMatch(/the answer to the publish was lost .* has the change: it is settled/);
        expect(outcome.keysWritten.length).toBeGreaterThan(0);
        for (const k of outcome.keysWritten) expect(keyFiles(r.trust)).toContain(`${k.id}.key`);
        // notary key rotate removes the old targets and snapshot keys; the vault does too, once the server has the change.
        if (op === 'targets' || op === 'snapshot') expect(keyFiles(r.trust)).toHaveLength(before.length);
        proxy.heal();
        await stillUsable(r.trust, r.data, r.gun, `${op}-${fault}`);
      });
    }

    it(`${op}: refused by the server: the new keys are moved aside into the data dir, the old ones work on`, async () => {
      const r = op === 'init' ? fresh(`${op}-refuse`) : await repository(`${op}-refuse`);
      const before = keyFiles(r.trust);
      proxy.arm('refuse');
      await expect(run(op, r)).rejects.toThrow(/rejected the request.*INVALID_UPDATE.*moved out of private\/ into/);
      proxy.heal();
      expect(keyFiles(r.trust)).toEqual(before);
      // Every new key is kept (moved, never deleted): init made root, targets and snapshot; a rotation one key.
      expect(retired(r.data)).toHaveLength(op === 'init' ? 3 : 1);
      if (op === 'init') await initRepository(r.trust, r.gun, { ...direct(r.data), snapshot: 'local' });
      await stillUsable(r.trust, r.data, r.gun, `${op}-refuse`);
    });

    for (const fault of ['reset', 'hold'] as PublishFault[]) {
      it(`${op}: ${fault}, then the network is gone: the change stays pending, and the next command settles it and says so`, async () => {
        const r = op === 'init' ? fresh(`${op}-${fault}-offline`) : await repository(`${op}-${fault}-offline`);
        proxy.arm(fault, { offlineAfter: true });
        await expect(run(op, r)).rejects.toThrow(/is not known yet: the new keys .* are kept in private\/ and the change is recorded as pending/);
        const [pending] = listPending(r.data, r.trust);
        expect(pending?.gun).toBe(r.gun);
        for (const k of pending!.newKeys) expect(keyFiles(r.trust)).toContain(`${k.id}.key`);
        // The key list shows them as pending.
        const listed = await cli(['keys', 'list', '--json'], r.data, r.trust);
        expect(listed.stderr).toMatch(/is still unsettled: .* could not be asked/);
        const marked = (JSON.parse(listed.stdout) as { id: string; pending?: { gun: string } }[]).filter((k) => k.pending);
        expect(marked.map((k) => k.id).sort()).toEqual(pending!.newKeys.map((k) => k.id).sort());
        proxy.heal();
        const next = await cli(['recover', 'plan', r.gun, '--server', proxy.url, '--json'], r.data, r.trust);
        expect(next.stderr).toMatch(new RegExp(`the ${op === 'init' ? 'init' : `rotate ${op}`} of ${r.gun} started .* was taken by ${proxy.url}: settled; its new keys`));
        expect(next.status, next.stderr).toBe(0);
        expect((JSON.parse(next.stdout) as { lost: string[] }).lost).toEqual([]);
        await stillUsable(r.trust, r.data, r.gun, `${op}-${fault}-offline`);
      });
    }
  }

  it('interrupted: the CLI killed while the publish is under way; the next command settles the change', async () => {
    const r = await repository('killed');
    proxy.arm('hold');
    const secrets = { TV_ROOT: env.NOTARY_ROOT_PASSPHRASE, TV_TARGETS: env.NOTARY_TARGETS_PASSPHRASE, TV_SNAPSHOT: env.NOTARY_SNAPSHOT_PASSPHRASE };
    const child = spawn(
      process.execPath,
      [BUILT_CLI, 'repo', 'rotate', r.gun, 'targets', '--server', proxy.url, '--root-passphrase-env', 'TV_ROOT', '--targets-passphrase-env', 'TV_TARGETS', '--snapshot-passphrase-env', 'TV_SNAPSHOT', '--trust-dir', r.trust, '--data-dir', r.data],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path, ...secrets }, stdio: 'ignore' },
    );
    const forwarded = proxy.forwarded;
    while (proxy.forwarded === forwarded) await new Promise((ok) => setTimeout(ok, 50));
    process.kill(child.pid!, 'SIGKILL');
    await new Promise((ok) => child.once('close', ok));
    proxy.heal();
    expect(listPending(r.data, r.trust)).toHaveLength(1);
    const next = await cli(['keys', 'list'], r.data, r.trust);
    expect(next.stderr).toMatch(/the rotate targets of .* was taken by .*: settled; its new keys \(targets [0-9a-f]{64}\) stay in private\/; the key files it retired were removed/);
    await stillUsable(r.trust, r.data, r.gun, 'killed');
  });
});
