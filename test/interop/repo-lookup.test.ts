import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArchiveInventory } from '../../shared/dto/archive';
import type { RepoAddOutcome, RepoCheckResult, RepoLookupPreview } from '../../shared/dto/repo-lookup';
import { runCli } from '../../electron/cli/run';
import { statusOfCache } from '../../electron/core/tuf/cache-status';
import { parseNotaryKeyList, runNotary } from '../support/notary-cli';
import { notaryTestBed } from '../support/notary-test-bed';
import { publishRepoWithDelegation } from '../support/notary-repo';
import { startNotaryServer } from '../support/notary-server';
import { snapshotTree } from '../support/tree-snapshot';

/**
 * Issue 15 against the real peers: a loopback notary-server, the notary CLI as publisher, and the vault's CLI as a
 * consumer adding repositories by name, pinning roots (also in notary's config.json, which `notary -c` honours),
 * checking them (incomplete -> trusted, unreachable with the last verdict) and archiving them.
 */
describe('repo add / check / archive against notary-server and the notary CLI', () => {
  const bed = notaryTestBed('tv-repo-lookup-');
  const { dir, notary, fresh, env } = bed;
  const dataDir = () => dir('data');

  const cli = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli([...args, '--data-dir', dataDir()], { stdout: (t) => (out += String(t)), stderr: (t) => (err += t), env: { HOME: bed.tmp.path }, cwd: bed.tmp.path });
    return { code, out, err };
  };
  /** `notary list` with the server unreachable: only the cache (and config.json when given) decide. */
  const notaryOffline = (trust: string, gun: string, config?: string) =>
    runNotary(trust, bed.tmp.path, [...(config ? ['-c', config] : []), '-s', 'http://127.0.0.1:9', 'list', gun], env);
  const rowsOf = (listing: string) =>
    listing
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '')
      .map((l) => l.trim().split(/\s+/))
      .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  const rootIdsOf = (trust: string, gun: string): string[] =>
    (JSON.parse(readFileSync(join(trust, 'tuf', gun, 'metadata', 'root.json'), 'utf8')) as { signed: { roles: { root: { keyids: string[] } } } }).signed.roles.root.keyids;

  const gun = 'registry.example.com/team/app';
  const publisher = () => dir('publisher');
  let published = '';

  it('the publisher (notary CLI) publishes a repository with tags and a targets/releases delegation', () => {
    published = publishRepoWithDelegation(notary, publisher(), bed.tmp.path, gun, [
      { name: 'v1', content: 'one\n' },
      { name: 'v2', content: 'two\n' },
    ]);
    expect(rowsOf(published).map((r) => r[0])).toEqual(['v1', 'v2', 'v3']);
  });

  it('repo add without a pin or --yes: prints the root keys (x509 and key file IDs, certificate), writes nothing, exit 2', async () => {
    const consumer = fresh();
    mkdirSync(consumer, { recursive: true });
    const before = snapshotTree(bed.tmp.path + '/');
    const r = await cli(['repo', 'add', gun, '--server', bed.server.url, '--trust-dir', consumer, '--json']);
    expect(r.code, r.err).toBe(2);
    const preview = JSON.parse(r.out) as RepoLookupPreview & { accepted: boolean };
    expect(preview.accepted).toBe(false);
    expect(preview.rootKeys.map((k) => k.id)).toEqual(rootIdsOf(publisher(), gun));
    const keyFileId = parseNotaryKeyList(notary(publisher(), ['key', 'list'])).find((k) => k.role === 'root')!.id;
    expect(preview.rootKeys[0]).toMatchObject({ canonicalId: keyFileId, subject: gun, type: 'ecdsa-x509', isCa: false });
    expect(preview.tagCount).toBe(3);
    expect(r.err).toMatch(/nothing was written/);
    expect(snapshotTree(bed.tmp.path + '/')).toEqual(before);
    // The human form shows both IDs.
    const human = await cli(['repo', 'add', gun, '--server', bed.server.url, '--trust-dir', consumer]);
    expect(human.code).toBe(2);
    expect(human.out).toContain(preview.rootKeys[0]!.id);
    expect(human.out).toContain(keyFileId);
  });

  it('a wrong --pin-root-id is refused naming the real root keys, and writes nothing', async () => {
    const consumer = fresh();
    mkdirSync(consumer, { recursive: true });
    const before = snapshotTree(bed.tmp.path + '/');
    const r = await cli(['repo', 'add', gun, '--server', bed.server.url, '--trust-dir', consumer, '--pin-root-id', 'ab'.repeat(32), '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ROOT_NOT_PINNED/);
    expect(r.err).toContain(rootIdsOf(publisher(), gun)[0]);
    expect(snapshotTree(bed.tmp.path + '/')).toEqual(before);
  });

  const pinned = () => dir('consumer-pinned');

  it('the right pin (the key file ID notary key list shows): cached in notary layout, pinned in config.json; notary list offline agrees', async () => {
    const keyFileId = parseNotaryKeyList(notary(publisher(), ['key', 'list'])).find((k) => k.role === 'root')!.id;
    const r = await cli(['repo', 'add', gun, '--server', bed.server.url, '--trust-dir', pinned(), '--pin-root-id', keyFileId, '--json']);
    expect(r.code, r.err).toBe(0);
    const added = JSON.parse(r.out) as RepoAddOutcome;
    expect(added).toMatchObject({ gun, acceptedBy: 'pin-root-id', pinnedIds: rootIdsOf(publisher(), gun) });
    expect(added.check.verdict).toBe('trusted');
    expect(added.written.sort()).toEqual(['root', 'snapshot', 'targets', 'targets/releases', 'timestamp']);
    const config = JSON.parse(readFileSync(join(pinned(), 'config.json'), 'utf8')) as { trust_pinning: { certs: Record<string, string[]> } };
    expect(config.trust_pinning.certs[gun]).toEqual(rootIdsOf(publisher(), gun));
    // notary reads exactly what the vault cached, with the server unreachable, with and without the pin config.
    for (const cfg of [undefined, join(pinned(), 'config.json')]) {
      const offline = notaryOffline(pinned(), gun, cfg);
      expect(offline.status, offline.stderr).toBe(0);
      expect(rowsOf(offline.stdout)).toEqual(rowsOf(published));
    }
    // A plain docker-style name normalises: alpine -> docker.io/library/alpine (shown, not fetched here).
    const { normaliseImageName } = await import('../../shared/lookup/image-name');
    expect(normaliseImageName('alpine:3.20').gun).toBe('docker.io/library/alpine');
  });

  it('the archive of the repository with delegations: inventory equals notary list; verify offline; one flipped byte in any file is named', async () => {
    const out = dir('archive-1');
    const r = await cli(['repo', 'archive', gun, '--out', out, '--server', bed.server.url, '--trust-dir', pinned(), '--json']);
    expect(r.code, r.err).toBe(0);
    const inventory = JSON.parse(readFileSync(join(out, 'inventory.json'), 'utf8')) as ArchiveInventory;
    expect(inventory.rows.map((x) => [x.tag, x.digest, String(x.size), x.role]).sort()).toEqual(rowsOf(published));
    const v3 = inventory.rows.find((x) => x.tag === 'v3')!;
    expect(v3.roleKeyIds.length).toBe(1);
    expect(v3.rootKeyIds).toEqual(rootIdsOf(publisher(), gun));
    expect(readFileSync(join(out, 'inventory.csv'), 'utf8').split('\r\n')[0]).toBe('gun,tag,digest,size,role,role_key_ids,verified_at,root_key_ids,server');
    // An extracted copy is a trust dir notary lists offline, the same tags.
    const copy = dir('archive-copy');
    rmSync(copy, { recursive: true, force: true });
    cpSync(out, copy, { recursive: true });
    const offline = notaryOffline(copy, gun);
    expect(offline.status, offline.stderr).toBe(0);
    expect(rowsOf(offline.stdout)).toEqual(rowsOf(published));

    const ok = await cli(['repo', 'archive', 'verify', out, '--json']);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, problems: [] });

    const files = Object.entries(snapshotTree(out)).filter(([, v]) => v.startsWith('file')).map(([k]) => k);
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const damaged = dir(`archive-flip`);
      rmSync(damaged, { recursive: true, force: true });
      cpSync(out, damaged, { recursive: true });
      const path = join(damaged, f);
      const b = readFileSync(path);
      b[Math.floor(b.length / 2)]! ^= 0x01;
      writeFileSync(path, b);
      const bad = await cli(['repo', 'archive', 'verify', damaged, '--json']);
      expect(bad.code, f).toBe(1);
      expect(bad.err, f).toMatch(/ARCHIVE_DAMAGED/);
      const result = JSON.parse(bad.out) as { ok: boolean; problems: { file: string }[] };
      expect(result.problems.map((p) => p.file), f).toContain(f);
    }
  });

  it('with the pin in config.json, notary -c and the vault both refuse the repository re-initialised with another root', async () => {
    const oldIds = rootIdsOf(publisher(), gun);
    notary(publisher(), ['delete', gun, '--remote']);
    const second = dir('publisher-2');
    notary(second, ['init', gun]);
    notary(second, ['add', gun, 'evil', bed.file('evil.txt', 'other root\n')]);
    notary(second, ['publish', gun]);
    expect(rootIdsOf(second, gun)).not.toEqual(oldIds);

    // A new consumer that only has the pin (config.json), no cached root.
    const consumer = fresh();
    mkdirSync(consumer, { recursive: true });
    copyFileSync(join(pinned(), 'config.json'), join(consumer, 'config.json'));
    const n = runNotary(consumer, bed.tmp.path, ['-c', join(consumer, 'config.json'), '-s', bed.server.url, 'list', gun], env);
    expect(n.status).not.toBe(0);
    expect(n.stderr + n.stdout).toMatch(/unable to match any certificates to trust_pinning config/);
    const before = snapshotTree(consumer);
    const v = await cli(['repo', 'add', gun, '--server', bed.server.url, '--trust-dir', consumer, '--json']);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/ROOT_NOT_PINNED/);
    expect(snapshotTree(consumer)).toEqual(before);
    // Without the pin notary would trust it on first use: the pin is what refuses it.
    expect(runNotary(fresh(), bed.tmp.path, ['-s', bed.server.url, 'list', gun], env).status).toBe(0);
    // The consumer that cached the old root: broken (not a rotation), as notary says.
    const check = await cli(['repo', 'check', gun, '--trust-dir', pinned(), '--json']);
    expect(check.code, check.err).toBe(0);
    const c = JSON.parse(check.out) as RepoCheckResult;
    expect(c.verdict).toBe('broken');
    expect(c.problems.map((p) => p.code)).toContain('ROOT_NOT_TRUSTED');
  });

  it('--pin-ca: a root certificate issued by the CA is accepted and pinned as trust_pinning.ca; another CA is refused, by notary -c too', async () => {
    const g = 'registry.example.com/team/ca';
    const ssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
    const p = (n: string) => dir(`ca-${n}`);
    const makeCa = (name: string) => ssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p(`${name}.key`), '-out', p(`${name}.pem`), '-days', '400', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
    makeCa('good');
    makeCa('other');
    ssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p('root.key')]);
    ssl(['req', '-new', '-key', p('root.key'), '-subj', `/CN=${g.replace(/\//g, '\\/')}`, '-out', p('root.csr')]);
    // No extendedKeyUsage: notary verifies CA pins for serverAuth (Go's default), so a codeSigning-only leaf never matches.
    writeFileSync(p('ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n');
    ssl(['x509', '-req', '-in', p('root.csr'), '-CA', p('good.pem'), '-CAkey', p('good.key'), '-CAcreateserial', '-days', '400', '-out', p('root.crt'), '-extfile', p('ext')]);
    // notary imports only encrypted root keys, PBES2 with HMAC-SHA1 (NOTARY.md section 2).
    ssl(['pkcs8', '-topk8', '-in', p('root.key'), '-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA1', '-iter', '2048', '-passout', `pass:${env.NOTARY_ROOT_PASSPHRASE}`, '-out', p('root-enc.key')]);
    notary(dir('publisher-ca'), ['init', g, '--rootkey', p('root-enc.key'), '--rootcert', p('root.crt'), '-p']);

    const refused = fresh();
    mkdirSync(refused, { recursive: true });
    const bad = await cli(['repo', 'add', g, '--server', bed.server.url, '--trust-dir', refused, '--pin-ca', p('other.pem'), '--json']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/no root certificate .* is issued by the pinned CA.*ROOT_NOT_PINNED/);
    expect(snapshotTree(refused)).toEqual({});

    const consumer = fresh();
    const ok = await cli(['repo', 'add', g, '--server', bed.server.url, '--trust-dir', consumer, '--pin-ca', p('good.pem'), '--json']);
    expect(ok.code, ok.err).toBe(0);
    const added = JSON.parse(ok.out) as RepoAddOutcome;
    expect(added.acceptedBy).toBe('pin-ca');
    const config = JSON.parse(readFileSync(join(consumer, 'config.json'), 'utf8')) as { trust_pinning: { ca: Record<string, string> } };
    expect(config.trust_pinning.ca[g]).toBe(added.pinnedCa);
    expect(readFileSync(added.pinnedCa!, 'utf8')).toBe(readFileSync(p('good.pem'), 'utf8'));
    // notary -c with the vault's config accepts the same root from scratch; with the other CA pinned it refuses it.
    const scratch = fresh();
    const n = runNotary(scratch, bed.tmp.path, ['-c', join(consumer, 'config.json'), '-s', bed.server.url, 'list', g], env);
    expect(n.status, n.stderr).toBe(0);
    writeFileSync(p('other-config.json'), JSON.stringify({ trust_pinning: { ca: { [g]: p('other.pem') } } }));
    const m = runNotary(fresh(), bed.tmp.path, ['-c', p('other-config.json'), '-s', bed.server.url, 'list', g], env);
    expect(m.stderr + m.stdout).toMatch(/unable to match any certificates to trust_pinning config/);
  });

  it('notary init + publish leaves no timestamp: incomplete (not broken), naming it; a prompt for the server; after the fetch, trusted', async () => {
    const g = 'registry.example.com/team/fresh';
    const trust = dir('publisher-3');
    notary(trust, ['init', g]);
    notary(trust, ['add', g, 'v1', bed.file('f1.txt', 'one\n')]);
    notary(trust, ['publish', g]);
    expect(existsSync(join(trust, 'tuf', g, 'metadata', 'timestamp.json'))).toBe(false);
    const s = statusOfCache(trust, g);
    expect(s.verdict).toBe('incomplete');
    expect(s.missingRoles).toEqual(['timestamp']);

    rmSync(dataDir(), { recursive: true, force: true });
    const noServer = await cli(['repo', 'check', g, '--trust-dir', trust, '--json']);
    expect(noServer.code, noServer.err).toBe(0);
    const a = JSON.parse(noServer.out) as RepoCheckResult;
    expect(a).toMatchObject({ verdict: 'incomplete', missingRoles: ['timestamp'], basis: { against: 'cache' }, needsServer: { registry: 'registry.example.com', suggestion: null } });

    const fetched = await cli(['repo', 'check', g, '--server', bed.server.url, '--trust-dir', trust, '--json']);
    expect(fetched.code, fetched.err).toBe(0);
    const b = JSON.parse(fetched.out) as RepoCheckResult;
    expect(b).toMatchObject({ verdict: 'trusted', basis: { against: bed.server.url } });
    expect(b.fetched).toContain('timestamp');
    expect(statusOfCache(trust, g).verdict).toBe('trusted');
    // The publisher's notary keeps working on the completed cache.
    expect(rowsOf(notary(trust, ['list', g])).map((r) => r[0])).toEqual(['v1']);
  });

  it('the server stopped: unreachable, with the last verdict, when and against what; `repo check` with no name checks all', async () => {
    const own = await startNotaryServer(dir('server-2'));
    const g = 'registry.example.com/team/gone';
    const trust = dir('publisher-4');
    runNotary(trust, bed.tmp.path, ['-s', own.url, 'init', g], env);
    runNotary(trust, bed.tmp.path, ['-s', own.url, 'add', g, 'v1', bed.file('g1.txt', 'one\n')], env);
    expect(runNotary(trust, bed.tmp.path, ['-s', own.url, 'publish', g], env).status).toBe(0);
    const consumer = dir('consumer-gone');
    try {
      const add = await cli(['repo', 'add', g, '--server', own.url, '--trust-dir', consumer, '--yes', '--json']);
      expect(add.code, add.err).toBe(0);
      expect((JSON.parse(add.out) as RepoAddOutcome).acceptedBy).toBe('first-use');
      const first = JSON.parse((await cli(['repo', 'check', '--trust-dir', consumer, '--json'])).out) as RepoCheckResult[];
      expect(first.map((x) => [x.gun, x.verdict, x.basis.against])).toEqual([[g, 'trusted', own.url]]);
    } finally {
      await own.stop();
    }
    const r = await cli(['repo', 'check', g, '--trust-dir', consumer, '--json']);
    expect(r.code, r.err).toBe(0);
    const c = JSON.parse(r.out) as RepoCheckResult;
    expect(c.verdict).toBe('unreachable');
    expect(c.problems.map((p) => p.code)).toEqual(['SERVER_OFFLINE']);
    expect(c.last).toMatchObject({ verdict: 'trusted', basis: { against: own.url } });
    expect(Date.parse(c.last!.basis.checkedAt)).toBeLessThanOrEqual(Date.parse(c.basis.checkedAt));
    const human = await cli(['repo', 'check', g, '--trust-dir', consumer]);
    expect(human.out).toMatch(/UNREACHABLE[\s\S]*last verdict: TRUSTED, (just now|\d+ minutes? ago) against http/);
  });
});
