import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RepoStatus } from '../../../shared/dto/status';
import { makeTempDir } from '../../../test/support/temp-dir';
import { snapshotTree } from '../../../test/support/tree-snapshot';
import { certKey, ecdsaKey, ed25519Key, rsaKey, type TestRepoSpec, writeTestRepo } from '../../../test/support/tuf-repo';
import { statusOfCache } from './cache-status';
import { isSafeGun } from './gun';
import { listCachedGuns } from './list-guns';
import { MAX_METADATA_BYTES } from './signed-file';

/** Verification rules on repositories the test signs itself: key types, thresholds, paths, certificates, files. */
describe('statusOfCache', () => {
  const tmp = makeTempDir('tv-tuf-');
  afterAll(() => tmp.cleanup());
  const gun = 'example.com/unit/app';
  const rootKey = certKey('ecdsa', gun);
  const keys = { targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ed25519Key() };
  const rsaCert = certKey('rsa', 'rsa-signer');
  const edKey = ed25519Key();
  const pkcs1 = rsaKey('rsapkcs1v15');
  let n = 0;
  const repo = (change: Partial<TestRepoSpec> = {}): { trust: string; status: RepoStatus; dir: string } => {
    const trust = join(tmp.path, `t${++n}`);
    const dir = writeTestRepo(trust, { gun, root: [rootKey], ...keys, tags: { v1: 'one', v2: 'two' }, ...change });
    return { trust, dir, status: statusOfCache(trust, gun) };
  };
  const codes = (s: RepoStatus) => s.problems.map((p) => `${p.code} ${p.role}`);

  it('trusts a repository with rsa-x509 (rsapss), ed25519 (eddsa) and rsa (rsapkcs1v15) delegations', () => {
    const { status } = repo({
      delegations: [
        { name: 'targets/rsa', keys: [rsaCert], paths: [''], tags: { r1: 'r' } },
        { name: 'targets/ed', keys: [edKey], paths: ['ed/'], tags: { 'ed/1': 'e' } },
        { name: 'targets/pk', keys: [pkcs1], paths: [''], tags: { p1: 'p', v1: 'shadowed' } },
      ],
    });
    expect(status.problems).toEqual([]);
    expect(status.verdict).toBe('trusted');
    expect(status.tags.map((t) => `${t.name} ${t.role}`)).toEqual(['v1 targets', 'v2 targets', 'r1 targets/rsa', 'ed/1 targets/ed', 'p1 targets/pk']);
    expect(status.tags[0]!.digest).toBe('7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed'); // sha256("one")
    const rsa = status.delegations.find((d) => d.name === 'targets/rsa')!;
    expect(rsa.keys[0]).toMatchObject({ id: rsaCert.id, type: 'rsa-x509' });
    expect(rsa.keys[0]!.canonicalId).not.toBe(rsaCert.id);
    expect(status.roles.find((r) => r.role === 'targets/pk')!.signatures[0]).toMatchObject({ method: 'rsapkcs1v15', valid: true });
  });

  it('never writes to the trust dir', () => {
    const { trust } = repo();
    const before = snapshotTree(trust);
    statusOfCache(trust, gun);
    expect(snapshotTree(trust)).toEqual(before);
  });

  it('leaves out, and warns about, a tag a delegation signs outside its paths', () => {
    const { status } = repo({ delegations: [{ name: 'targets/beta', keys: [edKey], paths: ['beta/'], tags: { 'beta/1': 'b', v9: 'x' } }] });
    expect(status.tags.map((t) => t.name)).toEqual(['v1', 'v2', 'beta/1']);
    expect(codes(status)).toEqual(['DELEGATION_OUTSIDE_PATHS targets/beta']);
    expect(status.verdict).toBe('warning');
  });

  it('refuses a role signed by a key it does not list', () => {
    const { status } = repo({ signers: { targets: [keys.snapshot] } });
    expect(codes(status)).toEqual(['THRESHOLD_NOT_MET targets']);
    expect(status.roles.find((r) => r.role === 'targets')!.signatures[0]!.reason).toMatch(/not listed for targets/);
    expect(status.tags).toEqual([]);
  });

  it('counts distinct keys toward a threshold: the same key twice is one', () => {
    const twice = repo({ thresholds: { root: 2 }, signers: { root: [rootKey, rootKey] } }).status;
    expect(codes(twice)).toEqual(['THRESHOLD_NOT_MET root', 'ROOT_NOT_TRUSTED root']);
    expect(twice.problems[1]!.message).toMatch(/^could not validate the path to a trusted root/);
    const second = certKey('ecdsa', gun);
    expect(repo({ root: [rootKey, second], thresholds: { root: 2 } }).status.verdict).toBe('trusted');
  });

  it('refuses root certificates for another GUN or with CA:TRUE', () => {
    for (const bad of [certKey('ecdsa', 'example.com/other'), certKey('ecdsa', gun, { ca: true })]) {
      const { status } = repo({ root: [bad] });
      expect(codes(status)).toContain('ROOT_NOT_TRUSTED root');
      expect(status.verdict).toBe('broken');
    }
  });

  it('warns when a role expires within 90 days, except the server-managed timestamp', () => {
    const soon = new Date(Date.now() + 30 * 86_400_000);
    expect(codes(repo({ expires: { targets: soon } }).status)).toEqual(['EXPIRING_SOON targets']);
    expect(repo({ expires: { timestamp: new Date(Date.now() + 86_400_000) } }).status.verdict).toBe('trusted');
    const { trust } = repo();
    expect(codes(statusOfCache(trust, gun, { now: new Date(Date.now() + 4000 * 86_400_000) }))).toContain('EXPIRED root');
  });

  it('reports malformed, oversized and missing files as problems, never by throwing', () => {
    const a = repo();
    writeFileSync(join(a.dir, 'targets.json'), '{"signed": ');
    expect(codes(statusOfCache(a.trust, gun))).toEqual(expect.arrayContaining(['MALFORMED targets']));
    writeFileSync(join(a.dir, 'targets.json'), Buffer.alloc(MAX_METADATA_BYTES + 1, 0x20));
    expect(statusOfCache(a.trust, gun).problems.find((p) => p.role === 'targets')!.message).toMatch(/limit/);
    writeFileSync(join(a.dir, 'timestamp.json'), '[]');
    expect(codes(statusOfCache(a.trust, gun))).toContain('MALFORMED timestamp');
    const b = repo();
    writeFileSync(join(b.dir, 'root.json'), JSON.stringify({ signed: { _type: 'Root', version: 1.5 }, signatures: [] }));
    expect(statusOfCache(b.trust, gun).verdict).toBe('broken');
  });

  it('checks delegation files against the snapshot', () => {
    const { trust, dir } = repo({ delegations: [{ name: 'targets/ed', keys: [edKey], paths: [''], tags: { e: 'e' } }] });
    const path = join(dir, 'targets', 'ed.json');
    writeFileSync(path, `${readFileSync(path, 'utf8')} `);
    expect(codes(statusOfCache(trust, gun))).toEqual(['LENGTH_MISMATCH targets/ed']);
  });

  it('refuses GUNs that are not plain relative paths, and throws NOT_FOUND for an unknown one', () => {
    expect(['../x', '/abs', 'a//b', 'a/./b', ''].map(isSafeGun)).toEqual([false, false, false, false, false]);
    expect(() => statusOfCache(tmp.path, 'no/such')).toThrow(/no trust data cached/);
  });

  it('lists nested GUNs that have a metadata folder', () => {
    const trust = join(tmp.path, 'guns');
    for (const g of ['docker.io/library/alpine', 'example.com/a', 'example.com/a/b']) mkdirSync(join(trust, 'tuf', g, 'metadata'), { recursive: true });
    mkdirSync(join(trust, 'tuf', 'example.com', 'a', 'changelist'), { recursive: true });
    mkdirSync(join(trust, 'tuf', 'empty', 'folder'), { recursive: true });
    expect(listCachedGuns(trust)).toEqual(['docker.io/library/alpine', 'example.com/a', 'example.com/a/b']);
    expect(listCachedGuns(join(tmp.path, 'nothing'))).toEqual([]);
  });
});
