import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRepository } from '../../electron/core/publish/init-repo';
import { planTagSigning, signTagPlan, signTags } from '../../electron/core/tags/sign-tags';
import { notaryTestBed } from '../support/notary-test-bed';
import { freePort } from '../support/notary-server';
import { breakingProxy, cacheOf } from '../support/publish-helpers';
import { buildMultiArchImage, pushImage, type RunningRegistry, servedManifest, skopeoPush, startRegistry } from '../support/registry';
import { ensureBuiltCli, runBuiltCli, runBuiltCliAsync } from '../support/vault-cli';
import { notaryListRows } from '../support/notary-cli';

const notaryList = notaryListRows;

/**
 * Image tags signed, revoked and inspected by the vault against Debian's docker-registry (distribution 2.8, images
 * pushed by skopeo) and a real notary-server, checked with the real notary CLI from fresh trust dirs.
 */
describe('tag sign, revoke, inspect against docker-registry and notary-server', () => {
  const bed = notaryTestBed('tv-tag-sign-');
  const { env, passphrases, dir, notary, fresh } = bed;
  let plain: RunningRegistry;
  let basic: RunningRegistry;
  let token: RunningRegistry;
  const cliEnv = { T: env.NOTARY_TARGETS_PASSPHRASE, S: env.NOTARY_SNAPSHOT_PASSPHRASE, D: env.NOTARY_DELEGATION_PASSPHRASE };
  const cli = (trust: string, args: string[], extra: Record<string, string> = {}) =>
    runBuiltCli(['--trust-dir', trust, '--data-dir', dir('data'), ...args, '--server', bed.server.url], { ...cliEnv, HOME: dir('home'), ...extra });
  const cliAsync = (trust: string, args: string[], extra: Record<string, string> = {}) =>
    runBuiltCliAsync(['--trust-dir', trust, '--data-dir', dir('data'), ...args, '--server', bed.server.url], { ...cliEnv, HOME: dir('home'), ...extra });
  const serverFiles = async (gun: string) => {
    const out: Record<string, string> = {};
    for (const role of ['timestamp', 'snapshot', 'targets', 'targets/releases']) out[role] = await (await fetch(`${bed.server.url}/v2/${gun}/_trust/tuf/${role}.json`)).text();
    return out;
  };
  const o = (extra: object = {}) => ({ server: { server: bed.server.url }, registry: {}, passphrases, ...extra });
  /** A repository the notary CLI initialised and published in `pub` (its targets and snapshot keys kept there). */
  const notaryRepo = (pub: string, gun: string) => {
    notary(pub, ['init', gun]);
    notary(pub, ['publish', gun]);
    return pub;
  };
  type Signed = { role: string; tags: { tag: string; digest: string; size: number }[]; verified: boolean; versions: { targets: number } };
  /** `tag sign --json` with the targets and snapshot keys of `pub`: quiet on stderr, exit 0, its JSON. */
  const signAsPublisher = (pub: string, refs: string[]): Signed => {
    const signed = cli(pub, ['tag', 'sign', ...refs, '--targets-passphrase-env', 'T', '--snapshot-passphrase-env', 'S', '--json']);
    expect(signed.stderr).toBe('');
    expect(signed.status).toBe(0);
    return JSON.parse(signed.stdout) as Signed;
  };

  beforeAll(async () => {
    ensureBuiltCli();
    [plain, basic, token] = await Promise.all([
      startRegistry(dir('reg-plain')),
      startRegistry(dir('reg-basic'), { kind: 'htpasswd', user: 'alice', password: 'alice pass' }),
      startRegistry(dir('reg-token'), { kind: 'token', user: 'bob', password: 'bob pass' }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([plain?.stop(), basic?.stop(), token?.stop()]);
  });

  it('signs two tags in one change with the registry digests; notary list agrees; tag inspect is docker\'s shape; revoke removes one', async () => {
    const gun = `${plain.host}/acme/app`;
    await pushImage(plain, dir('img'), 'acme/app', 'v1');
    await pushImage(plain, dir('img'), 'acme/app', 'v2', 'second', { format: 'v2s2' });
    const v1 = await servedManifest(plain, 'acme/app', 'v1');
    const v2 = await servedManifest(plain, 'acme/app', 'v2');
    const pub = notaryRepo(dir('pub'), gun);

    const doc = signAsPublisher(pub, [`${gun}:v1`, `${gun}:v2`]);
    expect(doc).toMatchObject({ role: 'targets', verified: true });
    expect(doc.tags.map((t) => [t.tag, t.digest, t.size])).toEqual([
      ['v1', v1.digest, v1.size],
      ['v2', v2.digest, v2.size],
    ]);

    const listed = notaryList(notary(fresh(), ['list', gun]));
    expect(listed.get('v1')).toEqual({ digest: v1.digest.slice(7), size: v1.size, role: 'targets' });
    expect(listed.get('v2')).toEqual({ digest: v2.digest.slice(7), size: v2.size, role: 'targets' });

    // docker trust inspect's shape, built from notary list, notary delegation list and the root a consumer caches.
    const consumer = fresh();
    const rows = notaryList(notary(consumer, ['list', gun]));
    expect(notary(consumer, ['delegation', 'list', gun])).toMatch(/No delegations present/);
    const root = JSON.parse(readFileSync(join(consumer, 'tuf', gun, 'metadata', 'root.json'), 'utf8')) as { signed: { roles: Record<string, { keyids: string[] }> } };
    const expected = [
      {
        Name: `${gun}`,
        SignedTags: [...rows].filter(([, r]) => r.role === 'targets' || r.role === 'targets/releases').map(([tag, r]) => ({ SignedTag: tag, Digest: r.digest, Signers: ['Repo Admin'] })),
        Signers: [],
        AdministrativeKeys: [
          { Name: 'Root', Keys: root.signed.roles.root!.keyids.map((ID) => ({ ID })) },
          { Name: 'Repository', Keys: root.signed.roles.targets!.keyids.map((ID) => ({ ID })) },
        ],
      },
    ];
    const inspected = cli(fresh(), ['tag', 'inspect', gun, '--json']);
    expect(inspected.stderr).toBe('');
    expect(JSON.parse(inspected.stdout)).toEqual(expected);
    const one = JSON.parse(cli(fresh(), ['tag', 'inspect', `${gun}:v2`, '--json']).stdout) as { Name: string; SignedTags: unknown[] }[];
    expect(one[0]!.Name).toBe(`${gun}:v2`);
    expect(one[0]!.SignedTags).toEqual([{ SignedTag: 'v2', Digest: v2.digest.slice(7), Signers: ['Repo Admin'] }]);

    // tag list: every registry tag with its state.
    await pushImage(plain, dir('img'), 'acme/app', 'v3', 'third');
    const list = JSON.parse(cli(fresh(), ['tag', 'list', gun, '--json']).stdout) as { tag: string; signed: boolean; role: string | null; digest: string }[];
    expect(list.map((t) => [t.tag, t.signed, t.role, t.digest])).toEqual([
      ['v1', true, 'targets', v1.digest],
      ['v2', true, 'targets', v2.digest],
      ['v3', false, null, (await servedManifest(plain, 'acme/app', 'v3')).digest],
    ]);

    const revoked = cli(pub, ['tag', 'revoke', `${gun}:v1`, '--targets-passphrase-env', 'T', '--snapshot-passphrase-env', 'S', '--json']);
    expect(revoked.stderr).toBe('');
    expect(JSON.parse(revoked.stdout)).toMatchObject({ removals: [{ role: 'targets', tags: ['v1'] }] });
    const after = notaryList(notary(fresh(), ['list', gun]));
    expect(after.has('v1')).toBe(false);
    expect(after.get('v2')?.digest).toBe(v2.digest.slice(7));

    // Every tag at once needs the typed confirmation (--yes on the command line).
    const all = cli(pub, ['tag', 'revoke', gun, '--targets-passphrase-env', 'T', '--snapshot-passphrase-env', 'S']);
    expect(all.status).toBe(1);
    expect(all.stderr).toMatch(/needs confirmation.*--yes/);
    expect(notaryList(notary(fresh(), ['list', gun])).has('v2')).toBe(true);
  }, 180_000);

  it('multi-arch: an OCI index and a Docker manifest list are signed by their own digest and size, not a platform\'s', async () => {
    const gun = `${plain.host}/acme/multi`;
    const image = buildMultiArchImage(dir('img'), 'oci', 'two platforms');
    await skopeoPush(plain, image, 'acme/multi', 'oci', { all: true });
    await skopeoPush(plain, buildMultiArchImage(dir('img'), 'list', 'two platforms'), 'acme/multi', 'list', { all: true, format: 'v2s2' });
    const served = { oci: await servedManifest(plain, 'acme/multi', 'oci'), list: await servedManifest(plain, 'acme/multi', 'list') };
    const types: Record<string, { type: string | null; platforms: string[] }> = {};
    for (const tag of ['oci', 'list']) {
      const r = await fetch(`http://${plain.host}/v2/acme/multi/manifests/${tag}`, { headers: { Accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json' } });
      const doc = (await r.json()) as { manifests: { digest: string }[] };
      types[tag] = { type: r.headers.get('content-type'), platforms: doc.manifests.map((m) => m.digest) };
    }
    // What skopeo pushed: an OCI index as built, and Docker's manifest list it converted it to, two platforms each.
    expect(types.oci!.type).toBe('application/vnd.oci.image.index.v1+json');
    expect(types.list!.type).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(served.oci.digest).toBe(image.digest);
    for (const tag of ['oci', 'list'] as const) {
      expect(served[tag].header).toBe(served[tag].digest);
      expect(types[tag]!.platforms).toHaveLength(2);
      expect(types[tag]!.platforms).not.toContain(served[tag].digest);
    }
    const doc = signAsPublisher(notaryRepo(dir('pub-multi'), gun), [`${gun}:oci`, `${gun}:list`]);
    expect(doc).toMatchObject({ role: 'targets', verified: true });
    expect(doc.tags.map((t) => [t.tag, t.digest, t.size])).toEqual([
      ['oci', served.oci.digest, served.oci.size],
      ['list', served.list.digest, served.list.size],
    ]);
    const listed = notaryList(notary(fresh(), ['list', gun]));
    expect(listed.get('oci')).toEqual({ digest: served.oci.digest.slice(7), size: served.oci.size, role: 'targets' });
    expect(listed.get('list')).toEqual({ digest: served.list.digest.slice(7), size: served.list.size, role: 'targets' });
  }, 180_000);

  it('a signer holding only a delegation key signs into targets/releases (snapshot on the server)', async () => {
    const gun = `${plain.host}/acme/delegated`;
    await pushImage(plain, dir('img'), 'acme/delegated', 'rel1', 'rel1');
    const rel1 = await servedManifest(plain, 'acme/delegated', 'rel1');
    const pub = dir('pub-d');
    await initRepository(pub, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'server', passphrases });
    const key = dir('releases.key');
    const cert = dir('releases.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '400', '-subj', '/CN=releases'], { stdio: 'ignore' });
    notary(pub, ['delegation', 'add', gun, 'targets/releases', cert, '--all-paths']);
    notary(pub, ['delegation', 'add', gun, 'targets/alice', cert, '--all-paths']);
    notary(pub, ['publish', gun]);
    const signer = dir('signer');
    notary(signer, ['key', 'import', key, '--role', 'targets/releases']);

    const r = cli(signer, ['tag', 'sign', `${gun}:rel1`, '--delegation-passphrase-env', 'D', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ role: 'targets/releases', verified: true });
    expect(notaryList(notary(fresh(), ['list', gun])).get('rel1')).toEqual({ digest: rel1.digest.slice(7), size: rel1.size, role: 'targets/releases' });

    // --role: the same key also signs into targets/alice, which docker's inspect shows as the tag's signer.
    const viaAlice = cli(signer, ['tag', 'sign', `${gun}:rel1`, '--role', 'targets/alice', '--delegation-passphrase-env', 'D', '--json']);
    expect(viaAlice.stderr).toBe('');
    const inspected = JSON.parse(cli(fresh(), ['tag', 'inspect', gun, '--json']).stdout) as { SignedTags: unknown[]; Signers: { Name: string; Keys: { ID: string }[] }[] }[];
    expect(inspected[0]!.SignedTags).toEqual([{ SignedTag: 'rel1', Digest: rel1.digest.slice(7), Signers: ['alice'] }]);
    const delegationList = notary(fresh(), ['delegation', 'list', gun]);
    const aliceKey = /targets\/alice\s+"" <all paths>\s+([0-9a-f]{64})\s+1/.exec(delegationList)?.[1];
    expect(aliceKey).toBeDefined();
    expect(inspected[0]!.Signers).toEqual([{ Name: 'alice', Keys: [{ ID: aliceKey }] }]);
  }, 180_000);

  it('registry credentials: a token registry with --registry-*-env, an htpasswd registry from docker config.json', async () => {
    for (const [reg, repo] of [
      [token, 'team/tok'],
      [basic, 'team/bas'],
    ] as const) {
      await pushImage(reg, dir('img'), repo, 'v1', repo);
      notary(dir(`pub-${repo.slice(5)}`), ['init', `${reg.host}/${repo}`]);
      notary(dir(`pub-${repo.slice(5)}`), ['publish', `${reg.host}/${repo}`]);
    }
    const tok = await cliAsync(dir('pub-tok'), ['tag', 'sign', `${token.host}/team/tok:v1`, '--registry-user-env', 'RU', '--registry-password-env', 'RP', '--targets-passphrase-env', 'T', '--snapshot-passphrase-env', 'S', '--json'], { RU: 'bob', RP: 'bob pass' });
    expect(tok.stderr).toBe('');
    expect(JSON.parse(tok.stdout)).toMatchObject({ signedInAs: 'bob', verified: true });

    const dockerConfig = dir('docker-config');
    mkdirSync(dockerConfig, { recursive: true });
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [basic.host]: { auth: Buffer.from('alice:alice pass').toString('base64') } } }));
    const bas = cli(dir('pub-bas'), ['tag', 'sign', `${basic.host}/team/bas:v1`, '--targets-passphrase-env', 'T', '--snapshot-passphrase-env', 'S', '--json'], { DOCKER_CONFIG: dockerConfig });
    expect(bas.stderr).toBe('');
    expect(JSON.parse(bas.stdout)).toMatchObject({ signedInAs: 'alice', verified: true });
    expect(notaryList(notary(fresh(), ['list', `${basic.host}/team/bas`])).has('v1')).toBe(true);
  }, 180_000);

  describe('bad input: a clear error and nothing published', () => {
    const gun = () => `${plain.host}/acme/bad`;
    const pub = () => dir('pub-bad');
    beforeAll(async () => {
      await pushImage(plain, dir('img'), 'acme/bad', 'v1', 'bad-v1');
      notary(pub(), ['init', gun()]);
      notary(pub(), ['publish', gun()]);
    }, 60_000);
    const unchanged = async (run: () => Promise<unknown>, error: object) => {
      const before = await serverFiles(gun());
      const cache = cacheOf(pub(), gun());
      await expect(run()).rejects.toMatchObject(error);
      expect(await serverFiles(gun())).toEqual(before);
      expect(cacheOf(pub(), gun())).toEqual(cache);
    };

    it('a tag the registry does not have', () =>
      unchanged(() => signTags(pub(), [`${gun()}:nope`], o()), { code: 'NOT_FOUND', message: expect.stringContaining('no tag nope in acme/bad') }));

    it('wrong registry credentials', async () => {
      const g = `${basic.host}/team/badcreds`;
      await pushImage(basic, dir('img'), 'team/badcreds', 'v1');
      notary(pub(), ['init', g]);
      notary(pub(), ['publish', g]);
      const before = await serverFiles(g);
      await expect(signTags(pub(), [`${g}:v1`], o({ registry: { credentials: { user: 'alice', password: 'wrong' } } }))).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
        message: expect.stringContaining('credentials of alice'),
      });
      expect(await serverFiles(g)).toEqual(before);
    });

    it('the registry down', async () => {
      const g = `127.0.0.1:${await freePort()}/acme/down`;
      notary(pub(), ['init', g]);
      notary(pub(), ['publish', g]);
      const before = await serverFiles(g);
      await expect(signTags(pub(), [`${g}:v1`], o())).rejects.toMatchObject({ code: 'SERVER_OFFLINE', message: expect.stringContaining('cannot be reached') });
      expect(await serverFiles(g)).toEqual(before);
    });

    it('a user with no key that can sign', () =>
      unchanged(() => signTags(dir('keyless'), [`${gun()}:v1`], o()), { code: 'NOT_FOUND', message: expect.stringContaining('no key that can sign tags') }));

    it('a server that refuses the change', async () => {
      const proxy = await breakingProxy(bed.server.url, '500');
      try {
        await unchanged(() => signTags(pub(), [`${gun()}:v1`], { ...o(), server: { server: proxy.url } }), { code: expect.stringMatching(/SERVER_/), message: expect.stringContaining('storage is down') });
      } finally {
        await proxy.stop();
      }
    });

    it('a tag moved between preview and sign: the preview digest is signed, and the move reported', async () => {
      const plan = await planTagSigning(pub(), [`${gun()}:v1`], o());
      const previewed = plan.items[0]!.digest;
      await pushImage(plain, dir('img'), 'acme/bad', 'v1', 'bad-v1-moved');
      const now = (await servedManifest(plain, 'acme/bad', 'v1')).digest;
      expect(now).not.toBe(previewed);
      const r = await signTagPlan(pub(), plan, o());
      expect(r.moved).toEqual([{ tag: 'v1', signed: previewed, registryNow: now }]);
      expect(notaryList(notary(fresh(), ['list', gun()])).get('v1')?.digest).toBe(previewed.slice(7));
    });
  });
});
