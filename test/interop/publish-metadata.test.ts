import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../../electron/core/keys/generate';
import { defaultExpires, parseNotaryTime } from '../../electron/core/publish/metadata/expiry';
import { type PublicTufKey, publicTufKey, rootCertificateKey, tufKeyOf } from '../../electron/core/publish/metadata/keys';
import {
  addSigner,
  buildNewRepository,
  newDelegationTargets,
  resignTargets,
  rotateRoot,
  snapshotFor,
} from '../../electron/core/publish/metadata/repo-builder';
import { targetMeta } from '../../electron/core/publish/metadata/roles';
import { signMetadata } from '../../electron/core/publish/metadata/sign';
import { signerFromPrivateKey } from '../../electron/core/publish/metadata/signer';
import { statusOfCache } from '../../electron/core/tuf/cache-status';
import { canonicalJson } from '../../electron/core/tuf/canonical-json';
import { statusOfServer } from '../../electron/core/tuf/remote-status';
import { notaryOk, runNotary } from '../support/notary-cli';
import { publishRepoWithDelegation } from '../support/notary-repo';
import { type RunningNotaryServer, startNotaryServer } from '../support/notary-server';
import { makeTempDir } from '../support/temp-dir';

type Json = Record<string, unknown>;

/** The structure of a JSON value: object keys (sorted) and value kinds, recursively; values themselves dropped. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? [] : [shape(v[0])];
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape((v as Json)[k])]));
  return typeof v;
}

/** Like `shape`, but maps keyed by IDs or names (keys, meta, targets) reduced to the shape of one entry. */
const mapShape = (m: Json): unknown => {
  const first = Object.values(m)[0];
  return first === undefined ? {} : { '<any>': shape(first) };
};

const expiryFormat = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
const HOUR = 3_600_000;

/**
 * Metadata built by the vault next to metadata made by the real notary CLI and notary-server: the same structure
 * where it matters (root certificate key, expiry format and lifetimes, snapshot/timestamp meta, delegation roles),
 * and files built here published to notary-server and read back by the notary client, including a root rotation.
 */
describe('publisher metadata against notary', () => {
  const tmp = makeTempDir('tv-publish-interop-');
  const gun = 'example.com/publish/notary';
  const ours = 'example.com/publish/vault';
  const env = {
    NOTARY_ROOT_PASSPHRASE: 'root pass 1',
    NOTARY_TARGETS_PASSPHRASE: 'targets pass 1',
    NOTARY_SNAPSHOT_PASSPHRASE: 'snapshot pass 1',
    NOTARY_DELEGATION_PASSPHRASE: 'delegation pass 1',
  };
  let server: RunningNotaryServer;
  let madeAt: Date;
  const notaryTrust = join(tmp.path, 'notary-trust');
  const notary = (dir: string, args: string[]) => notaryOk(dir, tmp.path, ['-s', server.url, ...args], env);
  const cached = (role: string, g = gun): Json => JSON.parse(readFileSync(join(notaryTrust, 'tuf', g, 'metadata', `${role}.json`), 'utf8')) as Json;
  const signedOf = (f: Json) => f.signed as Json;

  const tufUrl = (g: string, name: string) => `${server.url}/v2/${g}/_trust/tuf/${name}`;
  /** The server's public key for a role (creates it), as `notary init` fetches the timestamp key. */
  const serverKey = async (g: string, role: 'timestamp' | 'snapshot'): Promise<PublicTufKey> => {
    const r = await fetch(tufUrl(g, `${role}.key`));
    expect(r.status).toBe(200);
    const k = (await r.json()) as { keytype: 'ed25519' | 'ecdsa'; keyval: { public: string } };
    return tufKeyOf(k.keytype, Buffer.from(k.keyval.public, 'base64'));
  };
  /** A publish as the notary client makes it: multipart, one `files` part per role named by the role. */
  const publish = async (g: string, files: Map<string, Buffer>) => {
    const form = new FormData();
    for (const [role, bytes] of files) form.append('files', new Blob([new Uint8Array(bytes)]), role);
    const r = await fetch(`${server.url}/v2/${g}/_trust/tuf/`, { method: 'POST', body: form });
    return { status: r.status, body: await r.text() };
  };

  beforeAll(async () => {
    server = await startNotaryServer(join(tmp.path, 'server'));
    madeAt = new Date();
    publishRepoWithDelegation(notary, notaryTrust, tmp.path, gun, [{ name: 'v1', content: 'first release\n' }]);
  });
  afterAll(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it('files: notary\'s layout (compact, `signed` canonical and first) and the same members per role as ours', async () => {
    const k = generatePrivateKey('ecdsa');
    const cert = await rootCertificateKey(k, ours, new Date());
    const targetsKey = generatePrivateKey('ecdsa');
    const built = await buildNewRepository({
      gun: ours,
      root: signerFromPrivateKey(k, cert),
      targets: signerFromPrivateKey(targetsKey),
      snapshot: signerFromPrivateKey(generatePrivateKey('ecdsa')),
      timestamp: publicTufKey(generatePrivateKey('ed25519')),
      now: new Date(),
    });
    const withSigner = addSigner(built.targets, 'alice', [publicTufKey(generatePrivateKey('ecdsa'))]);
    const targets = await resignTargets(built.targets, { set: { v1: targetMeta(Buffer.from('x')) }, delegations: withSigner.delegations }, signerFromPrivateKey(targetsKey), { now: new Date() });
    const mine = { root: JSON.parse(built.files.get('root')!.toString()) as Json, targets: JSON.parse(targets.file.toString()) as Json, snapshot: JSON.parse(built.files.get('snapshot')!.toString()) as Json };

    // notary's layout, which signMetadata copies: compact, `signed` first and canonical, then the signatures.
    const notaryLayout = (text: string) => {
      const f = JSON.parse(text) as Json;
      return `{"signed":${canonicalJson(f.signed)},"signatures":${canonicalJson(f.signatures)}}`;
    };
    for (const role of ['root', 'targets', 'snapshot', 'timestamp', 'targets/releases']) {
      const text = readFileSync(join(notaryTrust, 'tuf', gun, 'metadata', `${role}.json`), 'utf8');
      expect(notaryLayout(text), role).toBe(text);
      expect(shape((JSON.parse(text) as Json).signatures)).toEqual([{ keyid: 'string', method: 'string', sig: 'string' }]);
    }
    for (const [role, bytes] of [...built.files, ['targets', targets.file] as const]) expect(notaryLayout(bytes.toString('utf8')), role).toBe(bytes.toString('utf8'));
    const topKeys = (f: Json) => Object.keys(signedOf(f)).sort();
    expect(topKeys(mine.root)).toEqual(topKeys(cached('root')));
    expect(topKeys(mine.targets)).toEqual(topKeys(cached('targets')));
    expect(topKeys(mine.snapshot)).toEqual(topKeys(cached('snapshot')));
    // A delegation file has the targets shape, with empty delegations, as ours.
    expect(topKeys(cached('targets/releases'))).toEqual(topKeys(mine.targets));
    expect(signedOf(cached('targets/releases'))._type).toBe('Targets');
    expect(signedOf(cached('targets/releases')).delegations).toEqual(newDelegationTargets(new Date()).delegations);
    expect(shape(signedOf(cached('root')).roles)).toEqual(shape(signedOf(mine.root).roles));
    expect(signedOf(cached('root')).consistent_snapshot).toBe(false);
  });

  it('the root certificate key has notary\'s shape: ecdsa-x509, public = base64 of the PEM text, 64 columns', async () => {
    const root = signedOf(cached('root'));
    const rootId = (root.roles as { root: { keyids: string[] } }).root.keyids[0]!;
    const theirs = (root.keys as Record<string, { keytype: string; keyval: Json }>)[rootId]!;
    const cert = await rootCertificateKey(generatePrivateKey('ecdsa'), gun, new Date());
    expect(shape(cert.key)).toEqual(shape(theirs));
    expect(theirs.keytype).toBe(cert.key.keytype);
    expect(theirs.keyval.private).toBeNull();
    const pem = Buffer.from(theirs.keyval.public as string, 'base64').toString('utf8');
    // Go pem.Encode, on both sides: 64-column lines, `\n`, a trailing newline.
    const goPem = /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/;
    expect(pem).toMatch(goPem);
    expect(cert.pem).toMatch(goPem);
    expect(tufKeyOf('ecdsa-x509', Buffer.from(pem)).id).toBe(rootId);
  });

  it('expiries: the same RFC 3339 form, and lifetimes of 3650, 1095 and 14 days as ours', () => {
    for (const role of ['root', 'targets', 'targets/releases', 'snapshot', 'timestamp']) {
      const expires = signedOf(cached(role)).expires as string;
      expect(expires, role).toMatch(expiryFormat);
      expect(defaultExpires(role, new Date()), role).toMatch(expiryFormat);
      // Signed seconds after madeAt; calendar years instead of 365-day ones would be 1 to 3 days off.
      const offset = parseNotaryTime(expires).getTime() - parseNotaryTime(defaultExpires(role, madeAt)).getTime();
      expect(Math.abs(offset), `${role}: ${expires}`).toBeLessThan(HOUR);
    }
  });

  it('snapshot and timestamp meta: length with sha256 and sha512, the snapshot over root, targets and delegations', () => {
    const snap = signedOf(cached('snapshot')).meta as Json;
    expect(Object.keys(snap).sort()).toEqual(['root', 'targets', 'targets/releases']);
    const files = new Map(['root', 'targets', 'targets/releases'].map((r) => [r, readFileSync(join(notaryTrust, 'tuf', gun, 'metadata', `${r}.json`))] as const));
    // Our snapshotFor over notary's own files gives exactly notary's meta.
    expect(snapshotFor(files, { version: 1, now: new Date() }).meta).toEqual(snap);
    const ts = signedOf(cached('timestamp')).meta as Json;
    expect(Object.keys(ts)).toEqual(['snapshot']);
    expect(shape(ts.snapshot)).toEqual({ hashes: { sha256: 'string', sha512: 'string' }, length: 'number' });
  });

  it('delegation roles: {keyids, name, paths, threshold}, paths [""] for all paths, keys in delegations.keys', () => {
    const d = signedOf(cached('targets')).delegations as { keys: Json; roles: Json[] };
    const mine = addSigner(newDelegationTargets(new Date()), 'alice', [publicTufKey(generatePrivateKey('ecdsa'))]).delegations;
    expect(shape(d.roles)).toEqual(shape(mine.roles));
    expect(mapShape(d.keys)).toEqual(mapShape(mine.keys as Json));
    expect(d.roles[0]).toMatchObject({ name: 'targets/releases', paths: [''], threshold: 1 });
    expect(mine.roles.find((r) => r.name === 'targets/releases')).toMatchObject({ paths: [''], threshold: 1 });
  });

  it('a repository built here is accepted by notary-server and listed by the notary client, and so is its root rotation', async () => {
    const now = new Date();
    const root = generatePrivateKey('ecdsa');
    const rootCert = await rootCertificateKey(root, ours, now);
    const rootSigner = signerFromPrivateKey(root, rootCert);
    const targetsKey = generatePrivateKey('ecdsa');
    const snapshotKey = generatePrivateKey('ecdsa');
    const releases = generatePrivateKey('ecdsa');
    const built = await buildNewRepository({
      gun: ours,
      root: rootSigner,
      targets: signerFromPrivateKey(targetsKey),
      snapshot: signerFromPrivateKey(snapshotKey),
      timestamp: await serverKey(ours, 'timestamp'),
      now,
    });
    const files = new Map(built.files);
    const delegated = addSigner(built.targets, 'alice', [publicTufKey(releases)]);
    const content = Buffer.from('our first release\n');
    const targets = await resignTargets(built.targets, { set: { latest: targetMeta(content) }, delegations: delegated.delegations }, signerFromPrivateKey(targetsKey), { now });
    files.set('targets', targets.file);
    const rel = await resignTargets(newDelegationTargets(now), { set: { v1: targetMeta(Buffer.from('v1\n')) } }, signerFromPrivateKey(releases), { now, role: 'targets/releases' });
    files.set('targets/releases', rel.file);
    files.set('snapshot', await signMetadata(snapshotFor(files, { version: 1, now }), [signerFromPrivateKey(snapshotKey)]));
    const first = await publish(ours, files);
    expect(first, first.body).toMatchObject({ status: 200 });

    // The real client, trusting on first use, verifies everything the way docker would.
    const clientTrust = join(tmp.path, 'client-trust');
    const run = runNotary(clientTrust, tmp.path, ['-s', server.url, 'list', ours], env);
    expect(run, run.stderr + run.stdout).toMatchObject({ status: 0 });
    const listed = run.stdout;
    expect(listed).toMatch(/latest\s+[0-9a-f]{64}\s+18\s+targets/);
    expect(listed).toMatch(/v1\s+[0-9a-f]{64}\s+3\s+targets\/releases/);
    expect(statusOfCache(clientTrust, ours).verdict).toBe('trusted');
    const rootFromServer = readFileSync(join(clientTrust, 'tuf', ours, 'metadata', 'root.json'));
    expect(rootFromServer.equals(files.get('root')!)).toBe(true);

    // Rotate the root: the server takes it (it checks the old root signed it), the pinned client follows.
    const next = generatePrivateKey('ecdsa');
    const nextCert = await rootCertificateKey(next, ours, now);
    const rotated = await rotateRoot(built.root, rootSigner, signerFromPrivateKey(next, nextCert), { gun: ours, now });
    const rotation = new Map(files).set('root', rotated.file);
    rotation.set('snapshot', await signMetadata(snapshotFor(rotation, { version: 2, now }), [signerFromPrivateKey(snapshotKey)]));
    const second = await publish(ours, new Map([...rotation].filter(([r]) => r === 'root' || r === 'snapshot')));
    expect(second, second.body).toMatchObject({ status: 200 });
    // Our own server-status verifier walks the chain from the pinned version 1 to version 2 as well.
    const live = await statusOfServer(clientTrust, ours, { server: server.url, timeoutMs: 10_000 });
    expect(live.problems).toEqual([]);
    expect(live.roles.find((r) => r.role === 'root')?.version).toBe(2);
    notary(clientTrust, ['list', ours]);
    const pinned = JSON.parse(readFileSync(join(clientTrust, 'tuf', ours, 'metadata', 'root.json'), 'utf8')) as Json;
    expect(signedOf(pinned).version).toBe(2);
    expect((signedOf(pinned).roles as { root: { keyids: string[] } }).root.keyids).toEqual([nextCert.id]);
    expect(statusOfCache(clientTrust, ours).problems).toEqual([]);

    // A next root signed by its new key alone is refused by the server: the current root must vouch for it.
    const third = generatePrivateKey('ecdsa');
    const thirdSigner = signerFromPrivateKey(third, await rootCertificateKey(third, ours, now));
    const v3 = await rotateRoot(rotated.signed, signerFromPrivateKey(next, nextCert), thirdSigner, { gun: ours, now });
    const unvouched = new Map(rotation).set('root', await signMetadata(v3.signed, [thirdSigner]));
    unvouched.set('snapshot', await signMetadata(snapshotFor(unvouched, { version: 3, now }), [signerFromPrivateKey(snapshotKey)]));
    const refused = await publish(ours, new Map([...unvouched].filter(([r]) => r === 'root' || r === 'snapshot')));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(/INVALID_UPDATE|root/i);
    // The same root signed by both is taken.
    const vouched = new Map(rotation).set('root', v3.file);
    vouched.set('snapshot', await signMetadata(snapshotFor(vouched, { version: 3, now }), [signerFromPrivateKey(snapshotKey)]));
    const taken = await publish(ours, new Map([...vouched].filter(([r]) => r === 'root' || r === 'snapshot')));
    expect(taken, taken.body).toMatchObject({ status: 200 });
    expect(runNotary(clientTrust, tmp.path, ['-s', server.url, 'list', ours], env).status).toBe(0);
    expect(statusOfCache(clientTrust, ours).roles.find((r) => r.role === 'root')?.version).toBe(3);
  });

  it('a repository whose snapshot the server signs: notary-server signs it over our files and the client lists it', async () => {
    const g = 'example.com/publish/server-snapshot';
    const now = new Date();
    const root = generatePrivateKey('ecdsa');
    const targetsKey = generatePrivateKey('ecdsa');
    const snapshot = await serverKey(g, 'snapshot');
    const built = await buildNewRepository({
      gun: g,
      root: signerFromPrivateKey(root, await rootCertificateKey(root, g, now)),
      targets: signerFromPrivateKey(targetsKey),
      snapshot: { server: snapshot },
      timestamp: await serverKey(g, 'timestamp'),
      now,
    });
    const targets = await resignTargets(built.targets, { set: { latest: targetMeta(Buffer.from('server-signed snapshot\n')) } }, signerFromPrivateKey(targetsKey), { now });
    const r = await publish(g, new Map(built.files).set('targets', targets.file));
    expect(r, r.body).toMatchObject({ status: 200 });
    const trust = join(tmp.path, 'server-snapshot-trust');
    expect(notary(trust, ['list', g])).toMatch(/latest\s+[0-9a-f]{64}\s+23\s+targets/);
    expect(statusOfCache(trust, g).verdict).toBe('trusted');
  });

  it('why files keep notary\'s layout: with "signatures" first (canonical at the top level) the notary client fails', async () => {
    // Observed: the client caches root.json re-serialized in Go's layout, then checks the snapshot's root hash
    // against those bytes ("sha256 checksum for root did not match"), so any other layout of root.json breaks it.
    const g = 'example.com/publish/canonical-layout';
    const now = new Date();
    const root = generatePrivateKey('ecdsa');
    const built = await buildNewRepository({
      gun: g,
      root: signerFromPrivateKey(root, await rootCertificateKey(root, g, now)),
      targets: signerFromPrivateKey(generatePrivateKey('ecdsa')),
      snapshot: { server: await serverKey(g, 'snapshot') },
      timestamp: await serverKey(g, 'timestamp'),
      now,
    });
    const relaid = new Map([...built.files].map(([role, b]) => [role, Buffer.from(canonicalJson(JSON.parse(b.toString('utf8'))))] as const));
    expect(relaid.get('root')!.toString().startsWith('{"signatures":')).toBe(true);
    expect((await publish(g, relaid)).status).toBe(200); // the server itself does not mind
    const r = runNotary(join(tmp.path, 'canonical-layout-trust'), tmp.path, ['-s', server.url, 'list', g], env);
    expect(r.status).not.toBe(0);
  });
});
