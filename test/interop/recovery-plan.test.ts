import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerErrors, ROOT_ROTATION_ERROR, type RecoveryPlan } from '../../shared/dto/recovery';
import { parseCliArgs } from '../../electron/cli/args';
import { recoverCommand } from '../../electron/cli/commands/recover';
import { makeContext } from '../../electron/cli/context';
import { listKeys } from '../../electron/core/keys/store/scan';
import { recoveryPlanFor } from '../../electron/core/recovery/recovery-service';
import { pinnedRootKeyIds } from '../../electron/core/trust-reset';
import { notaryTestBed } from '../support/notary-test-bed';
import { notaryOk, runNotary } from '../support/notary-cli';
import { publishRepoWithDelegation } from '../support/notary-repo';
import { freePort, startNotaryServer } from '../support/notary-server';
import { makeServerCert, makeTestCa } from '../support/tls-certs';
import { snapshotTree } from '../support/tree-snapshot';
import { builtCliExists, runBuiltCli } from '../support/vault-cli';

/**
 * The recovery planner on a repository the real notary CLI made on a loopback notary-server (targets, a local
 * snapshot key, the server's timestamp, a targets/releases delegation from an openssl certificate). Key files are
 * deleted from copies of the trust dir one at a time; the plan from the cache and from the server must say what is
 * lost and what to do. The CLI command is called as a function with a context built by context.ts's makeContext,
 * since `recover` is not wired into run.ts yet.
 */
describe('recovery plan of a notary-made repository', () => {
  const bed = notaryTestBed('tv-recovery-');
  const { tmp, env, notary } = bed;
  const trust = join(tmp.path, 'trust');
  const data = join(tmp.path, 'data');
  const gun = 'example.com/recovery/app';
  let caseNo = 0;

  /** A copy of the trust dir without the key files of the given roles. */
  function trustWithout(...roles: string[]): string {
    const dir = join(tmp.path, `case-${++caseNo}`);
    cpSync(trust, dir, { recursive: true });
    for (const k of listKeys(dir)) if (k.role !== null && roles.includes(k.role)) rmSync(k.path);
    return dir;
  }
  const fromCache = (dir: string, dataDir = data) => recoveryPlanFor(dir, gun, { now: new Date(), dataDir, tokens: [] });
  const fromServer = (dir: string) => recoveryPlanFor(dir, gun, { now: new Date(), dataDir: data, tokens: [], server: { server: bed.server.url, timeoutMs: 10_000 } });
  const statuses = (p: RecoveryPlan) => Object.fromEntries(p.roles.map((r) => [r.role, r.status]));
  const stepIds = (p: RecoveryPlan) => p.steps.map((s) => s.id);

  beforeAll(async () => {
    publishRepoWithDelegation(notary, trust, tmp.path, gun, [{ name: 'v1', content: 'first release\n' }]);
  });

  it('every key present: nothing lost; the server confirms it holds the timestamp key; nothing written', async () => {
    const before = snapshotTree(trust);
    const [cache, live] = await Promise.all([fromCache(trust), fromServer(trust)]);
    expect(snapshotTree(trust)).toEqual(before);
    for (const p of [cache, live]) {
      expect(statuses(p)).toEqual({ root: 'have', targets: 'have', snapshot: 'have', timestamp: 'server-held', 'targets/releases': 'have' });
      expect(p.steps).toEqual([]);
      expect(p.rootLoss).toBeNull();
    }
    expect(cache.roles.find((r) => r.role === 'timestamp')!.serverHeld).toBe('inferred');
    expect(live.roles.find((r) => r.role === 'timestamp')!.serverHeld).toBe('server');
    expect(live.source).toEqual({ kind: 'server', server: bed.server.url });
  });

  it('targets key deleted: notary cannot publish any more, and both plans rotate targets with root', async () => {
    const dir = trustWithout('targets');
    const home = join(tmp.path, 'home-targets');
    notary(dir, ['add', gun, 'v9', join(tmp.path, 'v1.txt')]);
    expect(runNotary(dir, home, ['-s', bed.server.url, 'publish', gun], env).status).not.toBe(0);
    for (const p of [await fromCache(dir), await fromServer(dir)]) {
      expect(p.lost).toEqual(['targets']);
      expect(stepIds(p)).toEqual(['rotate-targets']);
      expect(p.steps[0]!.options[0]).toMatchObject({ possibleNow: true, needsKeys: [{ role: 'root' }] });
    }
    expect((await fromServer(dir)).steps[0]!.options[0]!.commands).toEqual([`trust-vault repo rotate ${gun} targets --server ${bed.server.url}`]);
  });

  it('snapshot key deleted: lost from the cache (with a hint) and from the server (which holds another key); two options', async () => {
    const dir = trustWithout('snapshot');
    const cache = await fromCache(dir);
    const live = await fromServer(dir);
    for (const p of [cache, live]) {
      expect(p.lost).toEqual(['snapshot']);
      expect(stepIds(p)).toEqual(['rotate-snapshot']);
      expect(p.steps[0]!.options.map((o) => o.commands[0])).toEqual([expect.stringContaining('--server-managed'), expect.not.stringContaining('--server-managed')]);
    }
    expect(cache.notes.join('\n')).toMatch(/Plan with --server/);
    expect(live.notes.join('\n')).not.toMatch(/Plan with --server/);
  });

  it('a repository whose snapshot the server manages: server-held, confirmed by the server', async () => {
    const g = 'example.com/recovery/server-snapshot';
    notary(trust, ['init', g]);
    notary(trust, ['publish', g]);
    notary(trust, ['key', 'rotate', g, 'snapshot', '-r']);
    notary(trust, ['list', g]);
    const p = await recoveryPlanFor(trust, g, { now: new Date(), dataDir: data, tokens: [], server: { server: bed.server.url, timeoutMs: 10_000 } });
    expect(p.roles.find((r) => r.role === 'snapshot')).toMatchObject({ status: 'server-held', serverHeld: 'server' });
    expect(p.steps).toEqual([]);
    const cache = await recoveryPlanFor(trust, g, { now: new Date(), dataDir: data, tokens: [] });
    expect(cache.roles.find((r) => r.role === 'snapshot')).toMatchObject({ status: 'server-held', serverHeld: 'inferred' });
  });

  it('delegation key deleted: replace the targets/releases key with notary\'s delegation commands, which work as planned', async () => {
    // A repository of its own: running the plan's commands changes what the server serves.
    const g = 'example.com/recovery/delegation';
    const own = join(tmp.path, 'delegation-trust');
    const work = join(tmp.path, 'delegation-work');
    mkdirSync(work);
    publishRepoWithDelegation(notary, own, work, g, [{ name: 'v1', content: 'first release\n' }]);
    const lostId = listKeys(own).find((k) => k.role === 'targets/releases')!.id;
    rmSync(listKeys(own).find((k) => k.id === lostId)!.path);
    const planOf = (server?: { server: string }) => recoveryPlanFor(own, g, { now: new Date(), dataDir: data, tokens: [], ...(server ? { server } : {}) });
    const plans = [await planOf(), await planOf({ server: bed.server.url })];
    for (const p of plans) {
      expect(p.lost).toEqual(['targets/releases']);
      expect(stepIds(p)).toEqual(['replace-delegation-key']);
      expect(p.steps[0]!.options[0]).toMatchObject({ possibleNow: true, needsKeys: [{ role: 'targets' }] });
    }
    // Run the server plan's two commands with the real notary CLI (a new certificate in place of <NEW-CERT.pem>).
    const cert = join(work, 'new-releases.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(work, 'new-releases.key'), '-out', cert, '-days', '400', '-subj', '/CN=releases'], { stdio: 'ignore' });
    const [remove, add] = plans[1]!.steps[0]!.options[0]!.commands;
    expect(remove).toBe(`notary -s ${bed.server.url} delegation remove ${g} targets/releases ${lostId} --publish`);
    const notaryArgs = (command: string) => command.replace('<NEW-CERT.pem>', cert).split(' ').slice(1);
    notaryOk(own, tmp.path, notaryArgs(remove!), env);
    notaryOk(own, tmp.path, notaryArgs(add!), env);
    const listed = notaryOk(own, tmp.path, ['-s', bed.server.url, 'delegation', 'list', g], env);
    expect(listed).not.toContain(lostId);
    const releases = (await planOf({ server: bed.server.url })).roles.find((r) => r.role === 'targets/releases')!;
    expect(releases.keys).toHaveLength(1);
    expect(listed).toContain(releases.keys[0]!.canonicalId);
  });

  it('root key deleted: the plain statement and only the way out, from the cache and the server', async () => {
    const dir = trustWithout('root');
    for (const p of [await fromCache(dir), await fromServer(dir)]) {
      expect(p.lost).toEqual(['root']);
      expect(p.rootLoss!.statement).toMatch(/is lost and cannot be recovered/);
      expect(p.rootLoss!.consumerWarning).toBe(
        `Warning: potential malicious behavior - trust data has insufficient signatures for remote repository ${gun}: valid signatures did not meet threshold`,
      );
      expect(stepIds(p)).toEqual(['delete-trust-data', 'init-new-root', 're-add-signers', 're-sign-tags', 'notify-consumers']);
      const readd = p.steps.find((s) => s.id === 're-add-signers')!.options[0]!.commands;
      expect(readd).toEqual([expect.stringMatching(/delegation add .* targets\/releases <NEW-CERT\.pem> --all-paths --publish$/)]);
    }
  });

  it.skipIf(!builtCliExists())('root only in a verified backup (made by the built CLI): restore it first; the plan\'s restore command brings it back', async () => {
    const dir = trustWithout();
    const backupData = join(tmp.path, 'backup-data');
    const rootKey = listKeys(dir).find((k) => k.role === 'root')!;
    const vault = (args: string[]) => runBuiltCli([...args, '--data-dir', backupData], { HOME: tmp.path, TV_BACKUP: 'a long backup passphrase 1' }, tmp.path);
    const made = vault(['backup', 'create', '--out', join(tmp.path, 'root.age'), '--passphrase-env', 'TV_BACKUP', '--keys', rootKey.id, '--trust-dir', dir]);
    expect(made.status, made.stderr).toBe(0);
    rmSync(rootKey.path);

    const p = await recoveryPlanFor(dir, gun, { now: new Date(), dataDir: backupData, tokens: [], commands: { trustDir: dir } });
    expect(statuses(p).root).toBe('backup-only');
    expect(p.rootLoss).toBeNull();
    const restore = p.steps[0]!;
    expect(restore.id).toBe('restore-backup');
    expect(restore.title).toMatch(/restore it from the backup on .+ first$/);
    const [command] = restore.options[0]!.commands;
    const words = command!.replace('<VAR>', 'TV_BACKUP').split(' ');
    expect(words[0]).toBe('trust-vault');
    const restored = vault(words.slice(1));
    expect(restored.status, restored.stderr).toBe(0);
    expect(statuses(await fromCache(dir, backupData)).root).toBe('have');
  });

  it.skipIf(!builtCliExists())(
    'root lost, end to end over TLS: the way out run as planned (notary init standing in for repo init), old consumers refused, reset consumers trust the notice\'s root',
    async () => {
      const certs = join(tmp.path, 'tls');
      const ca = makeTestCa(certs, 'recovery');
      const tls = await startNotaryServer(join(tmp.path, 'tls-server'), { ...makeServerCert(certs, ca, 'notary', 'IP:127.0.0.1'), caFile: ca.caFile });
      try {
        const hostPort = tls.url.replace('https://', '');
        const g = `${hostPort}/recovery/root`;
        const publisher = join(tmp.path, 'root-publisher');
        const notaryTls = (dir: string, args: string[]) => notaryOk(dir, tmp.path, ['-s', tls.url, '--tlscacert', ca.caFile, ...args], env);
        const publish = () => {
          notaryTls(publisher, ['init', g]);
          notaryTls(publisher, ['add', g, 'v1', join(tmp.path, 'v1.txt')]);
          notaryTls(publisher, ['publish', g]);
        };
        publish();
        // Two consumers pin the first root: the notary CLI, and docker (which reads its CA from $DOCKER_CONFIG/tls).
        const notaryConsumer = join(tmp.path, 'root-consumer');
        notaryTls(notaryConsumer, ['list', g]);
        const dockerConfig = join(tmp.path, 'docker-config');
        mkdirSync(join(dockerConfig, 'tls', hostPort), { recursive: true });
        cpSync(ca.caFile, join(dockerConfig, 'tls', hostPort, 'ca.crt'));
        // No daemon: `docker pull` resolves the tag through notary first, which is all this needs.
        const dockerPull = () =>
          spawnSync('docker', ['pull', `${g}:v1`], {
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path, DOCKER_CONFIG: dockerConfig, DOCKER_CONTENT_TRUST: '1', DOCKER_CONTENT_TRUST_SERVER: tls.url, DOCKER_HOST: `unix://${join(tmp.path, 'no-daemon.sock')}` },
            encoding: 'utf8',
            timeout: 60_000,
          });
        const hasDocker = spawnSync('docker', ['--version']).status === 0;
        if (hasDocker) expect(dockerPull().stdout).toContain(`Pull (1 of 1): ${g}:v1@sha256:`);

        for (const k of listKeys(publisher)) if (k.role === 'root') rmSync(k.path);
        const plan = await recoveryPlanFor(publisher, g, { now: new Date(), dataDir: data, tokens: [], server: { server: tls.url, caFile: ca.caFile }, commands: { trustDir: publisher } });
        expect(plan.rootLoss).not.toBeNull();
        const vault = (command: string) => {
          const r = runBuiltCli([...command.split(' ').slice(1), '--data-dir', data], { HOME: tmp.path }, tmp.path);
          expect(r.status, r.stderr).toBe(0);
        };
        const [forget, deleteRemote] = plan.steps.find((s) => s.id === 'delete-trust-data')!.options[0]!.commands;
        expect(deleteRemote).toBe(`notary -s ${tls.url} --tlscacert ${ca.caFile} -d ${publisher} delete ${g} --remote`);
        vault(forget!);
        notaryOk(publisher, tmp.path, deleteRemote!.split(' ').slice(1), env);
        // `trust-vault repo init` is another engineer's; notary init makes the same new root here.
        publish();

        const noticeOut = { text: '' };
        const ctx = makeContext(parseCliArgs(['recover', 'notice', g, '--server', tls.url, '--trust-dir', publisher, '--json']), {
          stdout: (t) => (noticeOut.text += String(t)),
          stderr: () => undefined,
          env: { HOME: tmp.path },
          cwd: tmp.path,
        });
        expect(await recoverCommand(ctx)).toBe(0);
        const notice = JSON.parse(noticeOut.text) as { rootKeyId: string; text: string };
        expect(notice.rootKeyId).not.toBe(plan.roles.find((r) => r.role === 'root')!.keys[0]!.keyId);
        for (const e of consumerErrors(g)) expect(notice.text).toContain(e);

        // Old consumers are refused with the words the plan and the notice quote.
        const refused = runNotary(notaryConsumer, tmp.path, ['-s', tls.url, '--tlscacert', ca.caFile, 'list', g], env);
        expect(refused.status).not.toBe(0);
        expect(refused.stdout + refused.stderr).toContain(`* fatal: ${ROOT_ROTATION_ERROR}`);
        if (hasDocker) expect(dockerPull().stderr).toContain(ROOT_ROTATION_ERROR);

        // The consumer reset the plan names; afterwards both trust the new root, which is the notice's.
        expect(plan.rootLoss!.consumerReset[0]).toContain(`trust-vault trust forget --gun ${g} --yes`);
        vault(`trust-vault trust forget --gun ${g} --yes --trust-dir ${notaryConsumer}`);
        expect(notaryTls(notaryConsumer, ['list', g])).toContain('v1');
        expect(pinnedRootKeyIds(notaryConsumer, g).keys.map((k) => k.id)).toEqual([notice.rootKeyId]);
        if (hasDocker) {
          vault(`trust-vault trust forget --gun ${g} --yes --trust-dir ${join(dockerConfig, 'trust')}`);
          expect(dockerPull().stdout).toContain(`Pull (1 of 1): ${g}:v1@sha256:`);
          expect(pinnedRootKeyIds(join(dockerConfig, 'trust'), g).keys.map((k) => k.id)).toEqual([notice.rootKeyId]);
        }
      } finally {
        await tls.stop();
      }
    },
  );

  it('recover plan GUN --json through the CLI function: the same plan; the text lists roles and steps in order', async () => {
    const dir = trustWithout('targets');
    const run = async (argv: string[]) => {
      let stdout = '';
      const ctx = makeContext(parseCliArgs(argv), {
        stdout: (t) => (stdout += String(t)),
        stderr: () => undefined,
        // No PKCS#11 module is probed: the plan searches no tokens here.
        env: { HOME: tmp.path, TRUST_VAULT_PKCS11_MODULES: '' },
        cwd: tmp.path,
      });
      return { status: await recoverCommand(ctx), stdout };
    };
    const json = await run(['recover', 'plan', gun, '--server', bed.server.url, '--trust-dir', dir, '--data-dir', data, '--json']);
    expect(json.status).toBe(0);
    const plan = JSON.parse(json.stdout) as RecoveryPlan;
    expect(plan.lost).toEqual(['targets']);
    expect(plan.steps[0]!.options[0]!.commands).toEqual([`trust-vault repo rotate ${gun} targets --server ${bed.server.url} --trust-dir ${dir}`]);

    const text = await run(['recover', 'plan', gun, '--trust-dir', dir, '--data-dir', data]);
    expect(text.stdout).toMatch(/^Recovery plan for example\.com\/recovery\/app \(from the cache in /);
    expect(text.stdout).toMatch(/HAVE +root: you have key [0-9a-f]{64} \(file .*\.key\)/);
    expect(text.stdout).toMatch(/LOST +targets: lost/);
    expect(text.stdout).toMatch(/Steps:\n {2}1\. Replace the lost targets key: rotate it with the root key\n/);
    expect(text.stdout).toContain(`$ trust-vault repo rotate ${gun} targets --server <URL> --trust-dir ${dir}`);

    const notice = await run(['recover', 'notice', gun, '--server', bed.server.url, '--trust-dir', dir, '--data-dir', data, '--json']);
    const pinnedRoot = plan.roles.find((r) => r.role === 'root')!.keys[0]!.keyId;
    expect(JSON.parse(notice.stdout)).toMatchObject({ gun, rootKeyId: pinnedRoot, text: expect.stringContaining(`New root key ID: ${pinnedRoot}`) });
  });

  it('a server that cannot be reached plans nothing and says why; bad usage is refused', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expect(recoveryPlanFor(trust, gun, { now: new Date(), dataDir: data, tokens: [], server: { server: closed, timeoutMs: 5_000 } })).rejects.toMatchObject({
      code: 'SERVER_OFFLINE',
      message: expect.stringMatching(/^no recovery plan for example\.com\/recovery\/app: .*could not be reached/),
    });
    const usage = (argv: string[]) => recoverCommand(makeContext(parseCliArgs(argv), { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: tmp.path }));
    await expect(usage(['recover'])).rejects.toThrow(/unknown command: recover \(none\)/);
    await expect(usage(['recover', 'plan'])).rejects.toThrow(/needs a GUN/);
    await expect(usage(['recover', 'plan', gun, '--ca', 'x.pem'])).rejects.toThrow(/--ca needs --server/);
    await expect(usage(['recover', 'plan', gun, '--yes'])).rejects.toThrow(/does not take --yes/);
    await expect(usage(['recover', 'notice', gun])).rejects.toThrow(/needs --server/);
  });
});
