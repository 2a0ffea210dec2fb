import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initRepository } from '../../electron/core/publish/init-repo';
import { readSignerKeyFile, type SignerKeyFile } from '../../electron/core/publish/signer-key-file';
import { addSigner, removeSigner, type SignerPublicKey, signersOf } from '../../electron/core/publish/signers';
import { loadRepoState } from '../../electron/core/publish/repo-state';
import { rotateKey } from '../../electron/core/publish/rotate-key';
import { statusOfCache } from '../../electron/core/tuf/cache-status';
import { notaryTestBed } from '../support/notary-test-bed';
import { runNotary } from '../support/notary-cli';
import { cacheOf } from '../support/publish-helpers';
import { snapshotTree } from '../support/tree-snapshot';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

/**
 * Signer add and remove by the vault (as `docker trust signer add/remove` did) against the real notary-server,
 * checked with the real notary CLI: `notary delegation list` from a fresh consumer shows what the vault published,
 * and the signer's key (imported into notary's trust dir) publishes tags into targets/releases that consumers list.
 */
describe('repo signer add and remove against notary-server and the notary CLI', () => {
  const bed = notaryTestBed('tv-repo-signers-');
  const { tmp, env, passphrases, dir, notary, fresh, file } = bed;
  const o = () => ({ server: { server: bed.server.url }, passphrases, now: new Date() });

  /** `notary delegation list GUN` from a fresh consumer: role -> canonical key IDs. */
  const delegations = (gun: string): Map<string, string[]> => {
    const out = notary(fresh(), ['delegation', 'list', gun]);
    const m = new Map<string, string[]>();
    let last: string | null = null;
    for (const line of out.split('\n')) {
      const row = /^\s*(targets\/\S+)\s+(.*?)\s{2,}(\S+)\s+(.*\S)?\s*$/.exec(line);
      if (row && row[1]) {
        last = row[1];
        m.set(last, /^[0-9a-f]{64}$/.test(row[3] ?? '') ? [row[3]!] : []);
        continue;
      }
      const more = /^\s+([0-9a-f]{64})\s*$/.exec(line);
      if (more && last) m.get(last)!.push(more[1]!);
    }
    if (m.size === 0 && !/No delegations present/.test(out)) throw new Error(`unexpected notary delegation list output:\n${out}`);
    return m;
  };
  /**
   * A signer key made by `notary key generate ecdsa --role NAME -o PREFIX`: NAME.pem (public, `role: NAME`) and
   * NAME-key.pem, encrypted without a path header, which `notary key import` refuses (NOTARY.md section 4).
   */
  const notaryKey = (name: string) => {
    notary(fresh(), ['key', 'generate', 'ecdsa', '--role', name, '-o', dir(name)]);
    return { pub: dir(`${name}.pem`), priv: dir(`${name}-key.pem`) };
  };
  /** A signer key made by openssl: NAME.pub (PUBLIC KEY) and an unencrypted NAME.key, which notary can import. */
  const opensslKey = (name: string) => {
    const priv = dir(`${name}.key`);
    const pub = dir(`${name}.pub`);
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', priv], { stdio: 'ignore' });
    execFileSync('openssl', ['pkey', '-in', priv, '-pubout', '-out', pub], { stdio: 'ignore' });
    return { pub, priv };
  };
  /** A self-signed ECDSA certificate and its key, made by openssl. */
  const opensslCert = (name: string) => {
    const key = dir(`${name}.key`);
    const cert = dir(`${name}.crt`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '400', '-subj', `/CN=${name}`], { stdio: 'ignore' });
    return { pub: cert, priv: key };
  };
  const asSigner = (name: string, k: SignerKeyFile): SignerPublicKey => ({ name, keyId: k.id, keyType: k.key.keytype, tufKey: k.key });
  /** The signer's key imported into `trust`; it adds and publishes `tag` into targets/releases; a fresh consumer lists it. */
  const signerPublishes = (trust: string, gun: string, priv: string, tag: string) => {
    notary(trust, ['key', 'import', priv, '--role', 'targets/releases']);
    notary(trust, ['add', gun, tag, file(`${tag}.txt`, `content of ${tag}\n`), '--roles', 'targets/releases']);
    notary(trust, ['publish', gun]);
    expect(notary(fresh(), ['list', gun])).toMatch(new RegExp(`${tag}\\s+[0-9a-f]{64}\\s+\\d+\\s+targets/releases`));
  };
  /** The server's current files for a GUN (timestamp, snapshot, targets), to show nothing was published. */
  const serverFiles = async (gun: string) => {
    const out: Record<string, string> = {};
    for (const role of ['timestamp', 'snapshot', 'targets']) out[role] = await (await fetch(`${bed.server.url}/v2/${gun}/_trust/tuf/${role}.json`)).text();
    return out;
  };

  /** Our cache holds exactly what a fresh `notary list` caches. */
  const cacheAgreesWithNotary = (trust: string, gun: string) => {
    const consumer = fresh();
    notary(consumer, ['list', gun]);
    expect(cacheOf(trust, gun)).toEqual(cacheOf(consumer, gun));
  };


  it('a vault-made repository: add a .pub signer and a certificate signer, both publish; remove one, then the last one', async () => {
    const gun = 'example.com/vault/signers';
    const trust = dir('vault-made');
    await initRepository(trust, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'local', passphrases });
    expect(delegations(gun).size).toBe(0);

    const alice = opensslKey('alice');
    const aliceKey = readSignerKeyFile(alice.pub);
    const added = await addSigner(trust, gun, 'alice', asSigner('alice', aliceKey), o());
    expect(added.cacheUpdated, added.cacheProblem).toBe(true);
    expect(added.versions).toMatchObject({ targets: 2, snapshot: 2 });
    expect(Object.fromEntries(delegations(gun))).toEqual({ 'targets/alice': [aliceKey.id], 'targets/releases': [aliceKey.id] });
    cacheAgreesWithNotary(trust, gun);
    signerPublishes(trust, gun, alice.priv, 'v1');

    // A certificate key: listed as ecdsa-x509, shown by notary under the certificate's public key ID.
    const bob = opensslCert('bob');
    const bobKey = readSignerKeyFile(bob.pub);
    expect(bobKey.key.keytype).toBe('ecdsa-x509');
    await addSigner(trust, gun, 'bob', asSigner('bob', bobKey), o());
    const listed = delegations(gun);
    expect(listed.get('targets/bob')).toEqual([bobKey.canonicalId]);
    expect(new Set(listed.get('targets/releases'))).toEqual(new Set([aliceKey.id, bobKey.canonicalId]));
    notary(trust, ['list', gun]);
    signerPublishes(trust, gun, bob.priv, 'v2');
    await expect(addSigner(trust, gun, 'bob', asSigner('bob', bobKey), o())).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });

    const state = await loadRepoState(trust, gun, { server: bed.server.url });
    expect(signersOf(state, new Set([aliceKey.id]))).toEqual([
      { role: 'targets/alice', name: 'alice', keyIds: [aliceKey.id], inReleases: true, haveKey: true },
      { role: 'targets/bob', name: 'bob', keyIds: [bobKey.canonicalId], inReleases: true, haveKey: false },
    ]);

    // Removing an unknown signer, and removing alice while bob (who signed the current releases) stays.
    await expect(removeSigner(trust, gun, 'carol', { ...o(), confirmation: undefined })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const aliceGone = await removeSigner(trust, gun, 'alice', { ...o(), confirmation: undefined });
    expect(aliceGone.warnings).toEqual([]);
    expect(Object.fromEntries(delegations(gun))).toEqual({ 'targets/bob': [bobKey.canonicalId], 'targets/releases': [bobKey.canonicalId] });
    expect(notary(fresh(), ['list', gun])).toMatch(/v2\s+[0-9a-f]{64}\s+\d+\s+targets\/releases/);
    cacheAgreesWithNotary(trust, gun);

    // bob is the last signer: refused without confirmation, nothing sent or written.
    const before = snapshotTree(trust);
    const onServer = await serverFiles(gun);
    const refused = removeSigner(trust, gun, 'bob', { ...o(), confirmation: undefined });
    await expect(refused).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    await refused.catch((e: Error) => expect(e.message).toMatch(/last signer.*unusable for consumers that require signers/));
    await expect(removeSigner(trust, gun, 'bob', { ...o(), confirmation: 'alice' })).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect(snapshotTree(trust)).toEqual(before);
    expect(await serverFiles(gun)).toEqual(onServer);

    const done = await removeSigner(trust, gun, 'bob', { ...o(), confirmation: 'bob' });
    expect(done.cacheUpdated, done.cacheProblem).toBe(true);
    expect(done.warnings.join('\n')).toMatch(/unusable for consumers that require signers \(DOCKER_CONTENT_TRUST with signed releases\)/);
    const after = delegations(gun);
    expect(after.has('targets/bob')).toBe(false);
    expect(after.get('targets/releases') ?? []).toEqual([]);
    // Consumers still list the repository (without the releases tags), and our cache verifies.
    const list = notary(fresh(), ['list', gun]);
    expect(list).not.toMatch(/targets\/releases/);
    expect(statusOfCache(trust, gun).verdict).not.toBe('broken');
    cacheAgreesWithNotary(trust, gun);

    // A signer can be added again, but the server keeps targets/releases.json at its old version while notary
    // starts a new one at version 1, so the server refuses it: notary does the same after its own docker-style
    // removal (the old file kept in the snapshot), and the warning says so.
    expect(done.warnings.join('\n')).toMatch(/server keeps targets\/releases.json at version \d+/);
    const carol = opensslKey('carol');
    const carolKey = readSignerKeyFile(carol.pub);
    await addSigner(trust, gun, 'carol', asSigner('carol', carolKey), o());
    expect(Object.fromEntries(delegations(gun))).toEqual({ 'targets/carol': [carolKey.id], 'targets/releases': [carolKey.id] });
    notary(trust, ['key', 'import', carol.priv, '--role', 'targets/releases']);
    notary(trust, ['add', gun, 'v3', file('v3.txt', 'v3\n'), '--roles', 'targets/releases']);
    const rejected = runNotary(trust, tmp.path, ['-s', bed.server.url, 'publish', gun], env);
    expect(rejected.status).toBe(1);
    expect(`${rejected.stdout}${rejected.stderr}`).toMatch(/trust server rejected operation/);
  });

  it('the server holds the snapshot key: add, remove one that is not the last; the last one after the snapshot key is local again', async () => {
    const gun = 'example.com/vault/signers-server-snapshot';
    const trust = dir('server-snapshot');
    await initRepository(trust, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'server', passphrases });
    const [gina, hugo] = [opensslKey('gina'), opensslKey('hugo')];
    const [ginaKey, hugoKey] = [readSignerKeyFile(gina.pub), readSignerKeyFile(hugo.pub)];
    const added = await addSigner(trust, gun, 'gina', asSigner('gina', ginaKey), o());
    expect(added.cacheUpdated, added.cacheProblem).toBe(true);
    await addSigner(trust, gun, 'hugo', asSigner('hugo', hugoKey), o());
    notary(trust, ['list', gun]);
    signerPublishes(trust, gun, hugo.priv, 'v1');
    const removed = await removeSigner(trust, gun, 'gina', { ...o(), confirmation: undefined });
    expect(removed.cacheUpdated, removed.cacheProblem).toBe(true);
    expect(removed.warnings).toEqual([]);
    expect(Object.fromEntries(delegations(gun))).toEqual({ 'targets/hugo': [hugoKey.id], 'targets/releases': [hugoKey.id] });
    expect(notary(fresh(), ['list', gun])).toMatch(/v1\s+[0-9a-f]{64}\s+\d+\s+targets\/releases/);
    signerPublishes(trust, gun, hugo.priv, 'v2');

    // hugo signed the current releases: the server would keep that file in its snapshot, unverifiable, so the
    // vault refuses and says to take the snapshot key back first; after that the removal goes through.
    const before = snapshotTree(trust);
    const onServer = await serverFiles(gun);
    await expect(removeSigner(trust, gun, 'hugo', { ...o(), confirmation: 'hugo' })).rejects.toThrow(/Rotate the snapshot key to a local key first/);
    expect(snapshotTree(trust)).toEqual(before);
    expect(await serverFiles(gun)).toEqual(onServer);
    await rotateKey(trust, gun, 'snapshot', { dataDir: dir('data'), server: { server: bed.server.url }, passphrases });
    const last = await removeSigner(trust, gun, 'hugo', { ...o(), confirmation: 'hugo' });
    expect(last.cacheUpdated, last.cacheProblem).toBe(true);
    expect(last.warnings.join('\n')).toMatch(/unusable for consumers that require signers/);
    const list = runNotary(fresh(), tmp.path, ['-s', bed.server.url, 'list', gun], env);
    expect(list).toMatchObject({ status: 0, stderr: '' });
    expect(list.stdout).toMatch(/No targets present/);
  });

  describe('the CLI', () => {
    const secrets = { TV_TARGETS: env.NOTARY_TARGETS_PASSPHRASE, TV_SNAPSHOT: env.NOTARY_SNAPSHOT_PASSPHRASE };
    const pass = ['--targets-passphrase-env', 'TV_TARGETS', '--snapshot-passphrase-env', 'TV_SNAPSHOT'];
    const cli = (trust: string, args: string[]) => runBuiltCli([...args, '--trust-dir', trust, '--data-dir', dir('cli-data')], { HOME: tmp.path, ...secrets }, tmp.path);

    beforeAll(() => {
      ensureBuiltCli();
    });

    it('a repository notary made: repo signer add --key NAME.pub --json, notary publishes with it, repo signer remove --yes --json', () => {
      const gun = 'example.com/cli/signers';
      const trust = dir('cli-notary-made');
      notary(trust, ['init', gun, '-p']);
      const dave = opensslKey('dave');
      const daveId = readSignerKeyFile(dave.pub).id;

      const add = cli(trust, ['repo', 'signer', 'add', gun, 'dave', '--key', 'dave.pub', '--server', bed.server.url, '--json', ...pass]);
      expect(add, add.stderr).toMatchObject({ status: 0, stderr: '' });
      expect(JSON.parse(add.stdout)).toMatchObject({ operation: 'signer-add', gun, signer: 'dave', keyId: daveId, keyType: 'ecdsa', cacheUpdated: true });
      expect(Object.fromEntries(delegations(gun))).toEqual({ 'targets/dave': [daveId], 'targets/releases': [daveId] });
      signerPublishes(trust, gun, dave.priv, 'v1');

      // A .pub made by `notary key generate -o` (with its `role:` header) works the same; removing frank needs no
      // confirmation, since dave stays and signed the current releases.
      const frank = notaryKey('frank');
      const frankId = readSignerKeyFile(frank.pub).id;
      const addFrank = cli(trust, ['repo', 'signer', 'add', gun, 'frank', '--key', frank.pub, '--server', bed.server.url, ...pass]);
      expect(addFrank, addFrank.stderr).toMatchObject({ status: 0, stderr: '' });
      expect(addFrank.stdout).toMatch(new RegExp(`^Added signer frank to ${gun}: key ${frankId} \\(ecdsa\\) in targets/frank and targets/releases\n`));
      expect(delegations(gun).get('targets/frank')).toEqual([frankId]);
      expect(new Set(delegations(gun).get('targets/releases'))).toEqual(new Set([daveId, frankId]));
      const removeFrank = cli(trust, ['repo', 'signer', 'remove', gun, 'frank', '--server', bed.server.url, '--json', ...pass]);
      expect(removeFrank, removeFrank.stderr).toMatchObject({ status: 0 });
      expect(JSON.parse(removeFrank.stdout)).toMatchObject({ operation: 'signer-remove', warnings: [] });
      expect(Object.fromEntries(delegations(gun))).toEqual({ 'targets/dave': [daveId], 'targets/releases': [daveId] });
      expect(notary(fresh(), ['list', gun])).toMatch(/v1\s+[0-9a-f]{64}\s+\d+\s+targets\/releases/);

      const refused = cli(trust, ['repo', 'signer', 'remove', gun, 'dave', '--server', bed.server.url, ...pass]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/last signer.*\(on the command line: add --yes\)/);
      expect(delegations(gun).has('targets/dave')).toBe(true);

      const remove = cli(trust, ['repo', 'signer', 'remove', gun, 'dave', '--yes', '--server', bed.server.url, '--json', ...pass]);
      expect(remove, remove.stderr).toMatchObject({ status: 0 });
      const removed = JSON.parse(remove.stdout) as { warnings: string[]; cacheUpdated: boolean };
      expect(removed.cacheUpdated).toBe(true);
      expect(removed.warnings.join('\n')).toMatch(/unusable for consumers that require signers/);
      expect(delegations(gun).has('targets/dave')).toBe(false);
      notary(fresh(), ['list', gun]);
    });

    it('usage: no --key, a private key as --key, a bad signer name, releases', () => {
      const trust = dir('cli-usage');
      const gun = 'example.com/cli/signer-usage';
      const priv = notaryKey('erin').priv;
      expect(cli(trust, ['repo', 'signer', 'add', gun, 'erin', '--server', bed.server.url, ...pass])).toMatchObject({ status: 2, stderr: expect.stringMatching(/needs --key FILE/) as unknown });
      expect(cli(trust, ['repo', 'signer', 'add', gun, 'erin', '--key', priv, '--server', bed.server.url, ...pass])).toMatchObject({ status: 1, stderr: expect.stringMatching(/private key/) as unknown });
      expect(cli(trust, ['repo', 'signer', 'add', gun, 'Erin!', '--key', priv, '--server', bed.server.url, ...pass]).status).toBe(2);
      expect(cli(trust, ['repo', 'signer', 'remove', gun, 'releases', '--server', bed.server.url, ...pass]).status).toBe(2);
      expect(cli(trust, ['repo', 'signer', 'remove', gun, 'erin', '--key', priv, '--server', bed.server.url, ...pass]).status).toBe(2);
      expect(cli(trust, ['repo', 'signer', 'list', gun, '--server', bed.server.url]).status).toBe(2);
      expect(existsSync(trust)).toBe(false);
    });
  });
});
