import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { generatePrivateKey } from '../../electron/core/keys/generate';
import { readCosignKey } from '../../electron/core/migrate/cosign-key';
import { buildInventory, inventorySha256 } from '../../electron/core/migrate/inventory';
import { notaryCertificateProblems, writeKit } from '../../electron/core/migrate/kit';
import { notationViolations } from '../../electron/core/migrate/notation-rules';
import { signStatement, verifyStatement, type TransitionStatement } from '../../electron/core/migrate/statement';
import { writeArchive } from '../../electron/core/archive';
import { trustDataFromArchive, trustDataFromServer } from '../../electron/core/migrate/trust-data';
import { signerFromPrivateKey } from '../../electron/core/publish/metadata/signer';
import { publishRepoWithDelegation } from '../support/notary-repo';
import { notaryTestBed } from '../support/notary-test-bed';
import { pushImage, servedManifest, startRegistry } from '../support/registry';

/**
 * The migration kit against a repository the real notary CLI published to a loopback notary-server, with a
 * delegation: the inventory equals `notary list`, the kit's keys and statement check out, and a consumer's pinned
 * root (written by the real notary CLI) verifies the statement and refuses altered or foreign ones.
 */
describe('migration kit (interop with notary + notary-server)', () => {
  const bed = notaryTestBed('tv-migrate-kit-');
  const gun = 'example.com/migrate/app';
  const trust = () => bed.dir('publisher');
  const server = () => ({ server: bed.server.url });
  // Set once the repository exists: a clock read before `notary init` predates its root certificate's notBefore.
  let now = new Date();
  let listed = '';
  const setUp = () => {
    if (listed) return;
    listed = publishRepoWithDelegation(bed.notary, trust(), bed.tmp.path, gun, [
      { name: 'v1', content: 'first\n' },
      { name: 'v2', content: 'second\n' },
      { name: 'latest', content: 'second\n' },
    ]);
    now = new Date();
  };
  const notaryListRows = (out: string) =>
    out.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f.length === 4 && /^[0-9a-f]{64}$/.test(f[1]!))
      .map(([tag, digest, size, role]) => ({ tag: tag!, digest: `sha256:${digest}`, size: Number(size), signedBy: role! }))
      .sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const pinnedRootOfConsumer = () => {
    const consumer = bed.fresh();
    bed.notary(consumer, ['list', gun]);
    return readFileSync(join(consumer, 'tuf', gun, 'metadata', 'root.json'));
  };

  it('the inventory of a repository with a delegation equals `notary list`', async () => {
    setUp();
    const data = await trustDataFromServer(trust(), gun, server(), now);
    const inv = buildInventory(data);
    expect(inv.tags).toEqual(notaryListRows(listed));
    expect(inv.tags.map((t) => t.signedBy)).toContain('targets/releases');
    expect(inv.delegations.map((d) => d.role)).toEqual(['targets/releases']);
    expect(notaryListRows(bed.notary(bed.fresh(), ['list', gun]))).toEqual(inv.tags);
  });

  it('from a verified trust-data archive (issue 15) the inventory is the same; a changed archive is refused', async () => {
    setUp();
    const archive = bed.dir('archive');
    await writeArchive(archive, [gun], { trustDir: trust(), server: bed.server.url, now });
    const fromArchive = buildInventory(trustDataFromArchive(archive, gun));
    expect(fromArchive.tags).toEqual(notaryListRows(listed));
    expect(fromArchive.delegations).toEqual(buildInventory(await trustDataFromServer(trust(), gun, server(), now)).delegations);
    const targetsFile = join(archive, 'tuf', gun, 'metadata', 'targets.json');
    writeFileSync(targetsFile, readFileSync(targetsFile, 'utf8').replace('"version"', '"version" '));
    expect(() => trustDataFromArchive(archive, gun)).toThrow(expect.objectContaining({ code: 'ARCHIVE_DAMAGED' }));
    expect(() => trustDataFromArchive(bed.dir('no-archive-here'), gun)).toThrow(/archive/);
  });

  it('a cosign kit: the targets key re-encoded, per-digest script, statement signed by targets and root', async () => {
    setUp();
    const data = await trustDataFromServer(trust(), gun, server(), now);
    const out = bed.dir('kit-cosign');
    const result = await writeKit({
      trustDir: trust(), to: 'cosign', outDir: out, key: { kind: 'targets' },
      keyPassphrase: bed.passphrases.targets, newPassphrase: 'cosign passphrase 1', rootPassphrase: bed.passphrases.root, data, now,
    });
    expect(readdirSync(out).sort()).toEqual(['CHECKLIST.md', 'NOTICE.md', 'cosign.key', 'cosign.pub', 'inventory.json', 'sign-with-cosign.sh', 'transition-statement.json']);
    expect(result).toMatchObject({ newKey: false, keyReused: true, tagCount: 4 });
    expect(result.statementSignedBy.root).toHaveLength(1);
    expect(readCosignKey(readFileSync(join(out, 'cosign.key'), 'utf8'), 'cosign passphrase 1').id).toBe(result.keyId);

    // One command per distinct digest, by digest only; v2 and latest share one.
    const script = readFileSync(join(out, 'sign-with-cosign.sh'), 'utf8');
    const commands = script.split('\n').filter((l) => l.startsWith('cosign '));
    const digests = [...new Set(notaryListRows(listed).map((r) => r.digest))];
    expect(commands.sort()).toEqual(digests.map((d) => `cosign sign --key cosign.key ${gun}@${d}`).sort());
    expect(script).toMatch(/# latest, v2 \(/);

    const inv = JSON.parse(readFileSync(join(out, 'inventory.json'), 'utf8'));
    expect(inventorySha256(inv)).toBe(result.inventorySha256);
    const statementBytes = readFileSync(join(out, 'transition-statement.json'));
    const check = verifyStatement(statementBytes, pinnedRootOfConsumer(), gun);
    expect(check.problems).toEqual([]);
    expect(check.valid).toBe(true);
    expect(check.signedByRoot).toHaveLength(1);
    expect(check.statement?.inventorySha256).toBe(result.inventorySha256);
    expect(check.statement?.newPublicKey).toBe(readFileSync(join(out, 'cosign.pub'), 'utf8'));
    // The consumer notice: how to check the statement, the key fingerprint it must show, how to verify with cosign.
    const notice = readFileSync(join(out, 'NOTICE.md'), 'utf8');
    expect(notice).toContain(`trust-vault migrate verify-statement transition-statement.json --server ${bed.server.url}`);
    expect(notice).toContain(check.newPublicKeySha256!);
    expect(notice).toMatch(new RegExp(`cosign verify --key cosign.pub ${gun}@sha256:[0-9a-f]{64}`));
  });

  it('a statement with a byte changed, or signed by a key the pinned root does not trust, fails', async () => {
    setUp();
    const pinned = pinnedRootOfConsumer();
    const good = readFileSync(join(bed.dir('kit-cosign'), 'transition-statement.json'));
    const altered = Buffer.from(good.toString('utf8').replace(/"tagCount": 4/, '"tagCount": 5'));
    expect(altered.equals(good)).toBe(false);
    const bad = verifyStatement(altered, pinned, gun);
    expect(bad.valid).toBe(false);
    expect(bad.problems.join()).toMatch(/not signed by the repository's targets key/);

    const statement = (JSON.parse(good.toString('utf8')) as { signed: TransitionStatement }).signed;
    const stranger = generatePrivateKey('ecdsa');
    const forged = await signStatement(statement, [signerFromPrivateKey(stranger)]);
    const forgedCheck = verifyStatement(Buffer.from(forged), pinned, gun);
    expect(forgedCheck.valid).toBe(false);
    expect(forgedCheck.signedByTargets).toEqual([]);
    expect(verifyStatement(good, pinned, 'example.com/other/app').problems.join()).toMatch(/speaks for/);
  });

  it('a Notation kit with a new key; notary\'s own root certificate fails Notation\'s key-usage rule', async () => {
    setUp();
    const data = await trustDataFromServer(trust(), gun, server(), now);
    const root = (JSON.parse(data.rootJson.toString('utf8')) as { signed: Parameters<typeof notaryCertificateProblems>[0] }).signed;
    expect(notaryCertificateProblems(root, now).join()).toMatch(/digitalSignature only, but also has keyEncipherment/);
    const out = bed.dir('kit-notation');
    const result = await writeKit({
      trustDir: trust(), to: 'notation', outDir: out, key: { kind: 'new' }, keyPassphrase: bed.passphrases.targets, data, now,
      notation: { name: 'example-app', subject: { commonName: 'example.com/migrate/app', organization: 'Example', state: 'WA', country: 'US' }, validDays: 365 },
    });
    expect(result).toMatchObject({ newKey: true, keyReused: false });
    expect(readdirSync(out).sort()).toEqual(['CHECKLIST.md', 'NOTICE.md', 'example-app.crt', 'example-app.key', 'inventory.json', 'sign-with-notation.sh', 'signingkeys.json', 'transition-statement.json', 'trustpolicy.json']);
    const certPem = readFileSync(join(out, 'example-app.crt'), 'utf8');
    expect(notationViolations(Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, 'trustpolicy.json'), 'utf8')).trustPolicies[0]).toMatchObject({
      registryScopes: [gun], trustStores: ['ca:example-app'], trustedIdentities: ['x509.subject: C=US, ST=WA, O=Example, CN=example.com/migrate/app'],
    });
    expect(readFileSync(join(out, 'sign-with-notation.sh'), 'utf8')).toContain(`notation sign --key example-app ${gun}@sha256:`);
    expect(readFileSync(join(out, 'CHECKLIST.md'), 'utf8')).toMatch(/keyEncipherment/);
    expect(verifyStatement(readFileSync(join(out, 'transition-statement.json')), pinnedRootOfConsumer(), gun).valid).toBe(true);
  });

  it('refuses a folder that is not empty, and writes nothing on a wrong passphrase', async () => {
    setUp();
    const data = await trustDataFromServer(trust(), gun, server(), now);
    const busy = bed.dir('busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'x'), 'x');
    const base = { trustDir: trust(), to: 'cosign' as const, key: { kind: 'targets' as const }, newPassphrase: 'cosign passphrase 1', data, now };
    await expect(writeKit({ ...base, outDir: busy, keyPassphrase: bed.passphrases.targets })).rejects.toThrow(/not empty/);
    const fresh = bed.dir('never-written');
    await expect(writeKit({ ...base, outDir: fresh, keyPassphrase: 'wrong' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(existsSync(fresh)).toBe(false);
    await expect(writeKit({ ...base, outDir: fresh, key: { kind: 'existing', id: 'a'.repeat(64) } })).rejects.toThrow(/hardware token is never exported/);
  });

  it('the CLI: migrate kit and migrate verify-statement, JSON out, exit codes', async () => {
    setUp();
    const run = async (trustDir: string, args: string[], env: Record<string, string> = {}) => {
      let out = '';
      let err = '';
      const code = await runCli([...args, '--trust-dir', trustDir, '--data-dir', bed.dir('cli-data'), '--json'], {
        stdout: (t) => (out += t.toString()), stderr: (t) => (err += t), env, cwd: bed.tmp.path,
      });
      return { code, out, err };
    };
    const env = { TP: bed.passphrases.targets, NP: 'cosign passphrase 2' };
    const made = await run(trust(), ['migrate', 'kit', gun, '--to', 'cosign', '--server', bed.server.url, '--out', 'cli-kit', '--passphrase-env', 'TP', '--new-passphrase-env', 'NP', '--legacy-label'], env);
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    const result = JSON.parse(made.out);
    expect(result).toMatchObject({ tool: 'cosign', tagCount: 4, keyReused: true });
    expect(readFileSync(join(bed.dir('cli-kit'), 'cosign.key'), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----/);
    expect(readFileSync(join(bed.dir('cli-kit'), 'transition-statement.json'), 'utf8')).not.toContain(env.TP);

    // A consumer that pulled before has the root pinned: valid offline and against the server.
    const consumer = bed.fresh();
    bed.notary(consumer, ['list', gun]);
    const statement = join(bed.dir('cli-kit'), 'transition-statement.json');
    const offline = await run(consumer, ['migrate', 'verify-statement', statement, '--inventory', join(bed.dir('cli-kit'), 'inventory.json')]);
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.out)).toMatchObject({ valid: true, repository: gun, inventoryMatches: true, firstUse: false, inventorySha256: result.inventorySha256 });
    expect((await run(consumer, ['migrate', 'verify-statement', statement, '--server', bed.server.url])).code).toBe(0);
    // A byte changed: exit 1 with the reason.
    const altered = bed.file('altered.json', readFileSync(statement, 'utf8').replace('"tagCount": 4', '"tagCount": 3'));
    const bad = await run(consumer, ['migrate', 'verify-statement', altered]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).valid).toBe(false);
    // From an archive instead of the server: the same inventory hash.
    const archive = bed.dir('archive-for-cli');
    await writeArchive(archive, [gun], { trustDir: trust(), server: bed.server.url, now });
    const fromArchive = await run(trust(), ['migrate', 'kit', gun, '--to', 'cosign', '--archive', archive, '--out', 'cli-kit-archive', '--passphrase-env', 'TP', '--new-passphrase-env', 'NP'], env);
    expect(fromArchive.err).toBe('');
    expect(JSON.parse(fromArchive.out).inventorySha256).not.toBe('');
    expect(JSON.parse(readFileSync(join(bed.dir('cli-kit-archive'), 'inventory.json'), 'utf8')).tags).toEqual(JSON.parse(readFileSync(join(bed.dir('cli-kit'), 'inventory.json'), 'utf8')).tags);
    expect((await run(trust(), ['migrate', 'kit', gun, '--to', 'cosign', '--archive', archive, '--server', bed.server.url, '--out', 'y'], env)).code).toBe(2);
    // Nothing pinned and no server: refused; bad usage: exit 2.
    expect((await run(bed.fresh(), ['migrate', 'verify-statement', statement])).code).toBe(1);
    expect((await run(trust(), ['migrate', 'kit', gun, '--to', 'gpg', '--server', bed.server.url, '--out', 'x'])).code).toBe(2);
    expect((await run(trust(), ['migrate', 'kit', gun, '--to', 'cosign', '--server', bed.server.url, '--out', 'x', '--new-key', '--key-id', 'a'])).code).toBe(2);
  });

  it('a tag moved in the registry after signing is carried over by the digest content trust signed, not the new one', async () => {
    const registry = await startRegistry(bed.dir('registry'));
    try {
      const repo = 'acme/moving';
      const movingGun = `${registry.host}/${repo}`;
      await pushImage(registry, bed.dir('images'), repo, 'v1', 'the first build');
      // Sign exactly what the registry serves for v1, as docker trust sign did: the manifest bytes are the target.
      const accept = 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json';
      const body = Buffer.from(await (await fetch(`http://${registry.host}/v2/${repo}/manifests/v1`, { headers: { Accept: accept } })).arrayBuffer());
      const signed = await servedManifest(registry, repo, 'v1');
      const publisher = bed.dir('moving-publisher');
      bed.notary(publisher, ['init', movingGun]);
      bed.notary(publisher, ['add', movingGun, 'v1', bed.file('v1.manifest.json', body.toString('latin1'))]);
      bed.notary(publisher, ['publish', movingGun]);
      // Someone pushes another build to v1 without signing it.
      await pushImage(registry, bed.dir('images-2'), repo, 'v1', 'an unsigned rebuild');
      const now2 = await servedManifest(registry, repo, 'v1');
      expect(now2.digest).not.toBe(signed.digest);

      const inv = buildInventory(await trustDataFromServer(publisher, movingGun, server(), new Date()));
      expect(inv.tags).toEqual([{ tag: 'v1', digest: signed.digest, size: signed.size, signedBy: 'targets' }]);
      const out = bed.dir('moving-kit');
      await writeKit({ trustDir: publisher, to: 'cosign', outDir: out, key: { kind: 'new' }, targetsPassphrase: bed.passphrases.targets, newPassphrase: 'cosign passphrase 3', data: await trustDataFromServer(publisher, movingGun, server(), new Date()), now: new Date() });
      const script = readFileSync(join(out, 'sign-with-cosign.sh'), 'utf8');
      expect(script).toContain(`cosign sign --key cosign.key ${movingGun}@${signed.digest}`);
      expect(script).not.toContain(now2.digest);
    } finally {
      await registry.stop();
    }
  });
});
