import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { generatePrivateKey } from '../../keys/generate';
import type { PrivateKey } from '../../keys/private-key';
import { statusOfCache } from '../../tuf/cache-status';
import { checkRole } from '../../tuf/role-check';
import { parseSignedFile, type SignedFile } from '../../tuf/signed-file';
import { readTufKey } from '../../tuf/tuf-key';
import { publicTufKey, rootCertificateKey } from './keys';
import {
  addDelegationKeys,
  addSigner,
  buildNewRepository,
  newDelegationTargets,
  removeDelegation,
  removeSigner,
  resignTargets,
  rotateRole,
  rotateRoot,
  snapshotFor,
  timestampFor,
} from './repo-builder';
import { targetMeta, type RootSigned } from './roles';
import { signMetadata } from './sign';
import { signerFromPrivateKey } from './signer';

const gun = 'example.com/publish/app';
const now = new Date();

async function keys() {
  const root = generatePrivateKey('ecdsa');
  const rootCert = await rootCertificateKey(root, gun, now);
  return {
    root,
    rootCert,
    rootSigner: signerFromPrivateKey(root, rootCert),
    targets: generatePrivateKey('ecdsa'),
    snapshot: generatePrivateKey('ecdsa'),
    // What notary-server's built-in signer hands out for the timestamp.
    timestamp: generatePrivateKey('ed25519'),
    releases: generatePrivateKey('ecdsa'),
  };
}

/** A full repository as a cache holds it after a publish: root, targets with targets/releases, snapshot, timestamp. */
async function fullRepository(k: Awaited<ReturnType<typeof keys>>) {
  const built = await buildNewRepository({
    gun,
    root: k.rootSigner,
    targets: signerFromPrivateKey(k.targets),
    snapshot: signerFromPrivateKey(k.snapshot),
    timestamp: publicTufKey(k.timestamp),
    now,
  });
  const files = new Map(built.files);
  const withReleases = addDelegationKeys(built.targets, 'targets/releases', [publicTufKey(k.releases)]);
  const targets = await resignTargets(built.targets, { set: { latest: targetMeta(Buffer.from('manifest\n')) }, delegations: withReleases.delegations }, signerFromPrivateKey(k.targets), { now });
  files.set('targets', targets.file);
  const releases = await resignTargets(newDelegationTargets(now), { set: { v1: targetMeta(Buffer.from('v1\n')) } }, signerFromPrivateKey(k.releases), { now, role: 'targets/releases' });
  files.set('targets/releases', releases.file);
  const snapshot = await signMetadata(snapshotFor(files, { version: 2, now }), [signerFromPrivateKey(k.snapshot)]);
  files.set('snapshot', snapshot);
  files.set('timestamp', await signMetadata(timestampFor(snapshot, { version: 1, now }), [signerFromPrivateKey(k.timestamp)]));
  return { built, files, targets: targets.signed };
}

function writeCache(trustDir: string, files: Map<string, Buffer>): void {
  for (const [role, bytes] of files) {
    const path = join(trustDir, 'tuf', gun, 'metadata', `${role}.json`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
}

const parse = (b: Buffer): SignedFile => {
  const p = parseSignedFile(b);
  if (!p.ok) throw new Error(p.reason);
  return p.file;
};

/** The check the server-status verifier makes for one step of a root chain: `next` signed to threshold by `by`'s root keys. */
function signedByRootOf(next: SignedFile, by: RootSigned) {
  const keys = new Map(Object.entries(by.keys).map(([id, key]) => [id, readTufKey(key)] as const));
  return checkRole(next, { role: 'root', keyids: by.roles.root.keyids, threshold: by.roles.root.threshold, keys });
}

describe('building a notary repository', () => {
  const tmp = makeTempDir('tv-publish-');
  afterAll(() => tmp.cleanup());

  it('builds a new repository our verifier trusts with no problems, and a tampered byte breaks it', async () => {
    const k = await keys();
    const { files, built } = await fullRepository(k);
    expect(built.root.roles.root.keyids).toEqual([k.rootCert.id]);
    expect(built.root.keys[k.rootCert.id]?.keytype).toBe('ecdsa-x509');
    expect([...built.files.keys()]).toEqual(['root', 'targets', 'snapshot']);
    const trust = join(tmp.path, 'good');
    writeCache(trust, files);
    const status = statusOfCache(trust, gun);
    expect(status.problems).toEqual([]);
    expect(status.verdict).toBe('trusted');
    expect(status.tags.map((t) => t.name).sort()).toEqual(['latest', 'v1']);
    // Our files are canonical throughout, so the verifier reads each signed span straight from the bytes.
    for (const b of files.values()) expect(parse(b).canonicalSigned).not.toBeNull();

    for (const role of ['root', 'targets', 'targets/releases', 'snapshot', 'timestamp']) {
      const bad = join(tmp.path, `bad-${role.replace('/', '-')}`);
      const bytes = Buffer.from(files.get(role)!);
      // A digit of the version inside `signed` (same length, still valid JSON): hashes and signatures must catch it.
      const at = bytes.indexOf('"version":') + '"version":'.length;
      bytes[at] = bytes[at] === 0x39 ? 0x38 : bytes[at]! + 1;
      writeCache(bad, new Map([...files, [role, bytes]]));
      const s = statusOfCache(bad, gun);
      expect(s.verdict, role).toBe('broken');
      expect(s.problems.length, role).toBeGreaterThan(0);
    }
  });

  it('builds a repository whose snapshot the server signs', async () => {
    const k = await keys();
    const serverSnapshot = publicTufKey(generatePrivateKey('ed25519'));
    const r = await buildNewRepository({ gun, root: k.rootSigner, targets: signerFromPrivateKey(k.targets), snapshot: { server: serverSnapshot }, timestamp: publicTufKey(k.timestamp), now });
    expect(r.snapshot).toBeUndefined();
    expect([...r.files.keys()]).toEqual(['root', 'targets']);
    expect(r.root.roles.snapshot.keyids).toEqual([serverSnapshot.id]);
    expect(r.root.keys[serverSnapshot.id]).toEqual(serverSnapshot.key);
  });

  it('refuses a root key our verifier would reject', async () => {
    const k = await keys();
    const base = { targets: signerFromPrivateKey(k.targets), snapshot: signerFromPrivateKey(k.snapshot), timestamp: publicTufKey(k.timestamp), now };
    await expect(buildNewRepository({ ...base, gun: 'example.com/other', root: k.rootSigner })).rejects.toThrow(/not example.com\/other/);
    await expect(buildNewRepository({ ...base, gun, root: signerFromPrivateKey(k.root) })).rejects.toThrow(/not a certificate/);
  });

  it('rotates the root: version 2 is signed by the old and the new key and verifies from a cache pinned to version 1', async () => {
    const k = await keys();
    const { files, built } = await fullRepository(k);
    const next = generatePrivateKey('ecdsa');
    const nextCert = await rootCertificateKey(next, gun, now);
    const rotated = await rotateRoot(built.root, k.rootSigner, signerFromPrivateKey(next, nextCert), { gun, now });
    expect(rotated.signed.version).toBe(2);
    expect(rotated.signed.roles.root.keyids).toEqual([nextCert.id]);
    // The old certificate stays in keys so a client can check the step (NOTARY.md section 5).
    expect(Object.keys(rotated.signed.keys)).toEqual(expect.arrayContaining([k.rootCert.id, nextCert.id]));
    const v2 = parse(rotated.file);
    expect(v2.signatures.map((s) => s.keyid)).toEqual([k.rootCert.id, nextCert.id]);
    expect(signedByRootOf(v2, built.root).met).toBe(true); // the pinned root vouches for it
    expect(signedByRootOf(v2, rotated.signed).met).toBe(true); // and it verifies on its own
    expect(signedByRootOf(v2, rotated.signed).validKeys).toBe(1); // the old key no longer counts for version 2

    // A cache that takes version 2 (with a snapshot over it) is trusted as a whole.
    const rotatedFiles = new Map(files).set('root', rotated.file);
    const snapshot = await signMetadata(snapshotFor(rotatedFiles, { version: 3, now }), [signerFromPrivateKey(k.snapshot)]);
    rotatedFiles.set('snapshot', snapshot).set('timestamp', await signMetadata(timestampFor(snapshot, { version: 2, now }), [signerFromPrivateKey(k.timestamp)]));
    const trust = join(tmp.path, 'rotated');
    writeCache(trust, rotatedFiles);
    expect(statusOfCache(trust, gun).problems).toEqual([]);

    // Signed by the new key alone, a client pinned to version 1 has no reason to trust it.
    const alone = parse(await signMetadata(rotated.signed, [signerFromPrivateKey(next, nextCert)]));
    expect(signedByRootOf(alone, built.root).met).toBe(false);
    await expect(rotateRoot(built.root, signerFromPrivateKey(next, nextCert), k.rootSigner, { gun, now })).rejects.toThrow(/not a current root key/);
  });

  it('rotates the targets key: root version 2 lists the new key only, the old key leaves keys, root certificates stay', async () => {
    const k = await keys();
    const { built } = await fullRepository(k);
    const fresh = publicTufKey(generatePrivateKey('ecdsa'));
    const r = rotateRole(built.root, 'targets', fresh, now);
    expect(r.version).toBe(2);
    expect(r.roles.targets.keyids).toEqual([fresh.id]);
    expect(r.keys[k.targets.id]).toBeUndefined();
    expect(r.keys[k.rootCert.id]).toBeDefined();
    expect(r.roles.root).toEqual(built.root.roles.root);
    const file = parse(await signMetadata(r, [k.rootSigner]));
    expect(signedByRootOf(file, built.root).met).toBe(true);
  });

  it('adds and removes signers as docker trust signer add/remove does', async () => {
    const k = await keys();
    const { targets } = await fullRepository(k);
    const alice: PrivateKey = generatePrivateKey('ecdsa');
    const withAlice = addSigner(targets, 'alice', [publicTufKey(alice)]);
    const roles = Object.fromEntries(withAlice.delegations.roles.map((r) => [r.name, r]));
    expect(roles['targets/alice']).toEqual({ name: 'targets/alice', keyids: [alice.id], threshold: 1, paths: [''] });
    expect(roles['targets/releases']).toEqual({ name: 'targets/releases', keyids: [k.releases.id, alice.id], threshold: 1, paths: [''] });
    expect(withAlice.version).toBe(targets.version); // only resignTargets makes a new version

    const without = removeSigner(withAlice, 'alice');
    expect(without.delegations.roles.map((r) => r.name)).toEqual(['targets/releases']);
    expect(without.delegations.roles[0]?.keyids).toEqual([k.releases.id]);
    expect(Object.keys(without.delegations.keys)).toEqual([k.releases.id]);
    expect(removeDelegation(without, 'targets/releases').delegations).toEqual({ keys: {}, roles: [] });
    expect(() => addSigner(targets, 'releases', [publicTufKey(alice)])).toThrow(/signer name/);
    expect(() => addDelegationKeys(targets, 'releases', [publicTufKey(alice)])).toThrow(/delegation name/);

    const next = await resignTargets(targets, { delegations: withAlice.delegations, remove: ['latest'] }, signerFromPrivateKey(k.targets), { now });
    expect(next.signed.version).toBe(targets.version + 1);
    expect(next.signed.targets).toEqual({});
    expect((parse(next.file).signed as { delegations: { roles: unknown[] } }).delegations.roles).toHaveLength(2);
  });
});
