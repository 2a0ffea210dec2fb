import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepoStatus } from '../../shared/dto/status';
import { statusOfCache } from '../../electron/core/tuf/cache-status';
import { canonicalJson } from '../../electron/core/tuf/canonical-json';
import { statusOfServer } from '../../electron/core/tuf/remote-status';
import { notaryOk, runNotary } from '../support/notary-cli';
import { type RunningNotaryServer, startNotaryServer } from '../support/notary-server';
import { makeTempDir } from '../support/temp-dir';
import { certKey, ecdsaKey, ed25519Key, type TestKey, writeTestRepo } from '../support/tuf-repo';

/**
 * Variants of notary-made repositories (issue 3, "Show it" 1 and 2), checked from the cache and from the live
 * server side by side with `notary list` and `notary delegation list`: a server-managed snapshot, delegations with
 * an rsa-x509 key and a bare ecdsa public key, and a target whose custom data was signed non-canonically.
 */
describe('status of notary repositories: server-managed snapshot, rsa-x509 and bare ecdsa delegations', () => {
  const tmp = makeTempDir('tv-variants-');
  const env = {
    NOTARY_ROOT_PASSPHRASE: 'root pass v',
    NOTARY_TARGETS_PASSPHRASE: 'targets pass v',
    NOTARY_SNAPSHOT_PASSPHRASE: 'snapshot pass v',
    NOTARY_DELEGATION_PASSPHRASE: 'delegation pass v',
  };
  let server: RunningNotaryServer;
  const notary = (dir: string, args: string[]) => notaryOk(dir, tmp.path, ['-s', server.url, ...args], env);
  // Port 1 refuses connections at once: notary then falls back to its cache, as a client offline does.
  const notaryOffline = (dir: string, args: string[]) => runNotary(dir, tmp.path, ['-s', 'http://127.0.0.1:1', ...args], env);
  const file = (name: string, text: string) => {
    writeFileSync(join(tmp.path, name), text);
    return join(tmp.path, name);
  };
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  /** NAME DIGEST SIZE ROLE rows of `notary list`. */
  const listRows = (out: string) =>
    out
      .split('\n')
      .slice(2)
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/))
      .sort();
  const tagRows = (s: RepoStatus) => s.tags.map((t) => [t.name, t.digest, String(t.size), t.role]).sort();
  const both = async (trust: string, gun: string) => ({
    cached: statusOfCache(trust, gun),
    live: await statusOfServer(trust, gun, { server: server.url, timeoutMs: 10_000 }),
  });

  beforeAll(async () => {
    server = await startNotaryServer(join(tmp.path, 'server'));
  });
  afterAll(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it('a snapshot key rotated to the server (`key rotate GUN snapshot -r`): trusted, tags as notary lists them', async () => {
    const trust = join(tmp.path, 'trust-snap');
    const gun = 'example.com/variants/snap';
    notary(trust, ['init', gun]);
    notary(trust, ['add', gun, 'v1', file('s1.txt', 'one\n')]);
    notary(trust, ['publish', gun]);
    notary(trust, ['list', gun]); // refreshes the cache
    const before = statusOfCache(trust, gun).roles.find((r) => r.role === 'snapshot')!;
    notary(trust, ['key', 'rotate', gun, 'snapshot', '-r']);
    notary(trust, ['add', gun, 'v2', file('s2.txt', 'two, after the rotation\n')]);
    notary(trust, ['publish', gun]);
    const listed = notary(trust, ['list', gun]); // also refreshes the cache
    // The local snapshot key is gone from notary's key list: the server holds it now.
    expect(notary(trust, ['key', 'list'])).not.toMatch(/^\s*snapshot\s/m);
    const { cached, live } = await both(trust, gun);
    for (const s of [cached, live]) {
      expect(s.problems).toEqual([]);
      expect(s.verdict).toBe('trusted');
      expect(tagRows(s)).toEqual(listRows(listed));
      const snap = s.roles.find((r) => r.role === 'snapshot')!;
      expect(snap.keys.map((k) => k.id)).not.toEqual(before.keys.map((k) => k.id));
      // Observed: the server signs the snapshot with its own Ed25519 key, as it does the timestamp.
      expect(snap.keys.map((k) => k.type)).toEqual(['ed25519']);
      expect(snap.signatures.map((g) => [g.method, g.valid])).toEqual([['eddsa', true]]);
    }
    expect(live.tags).toEqual(cached.tags);
    expect(live.roles.map((r) => [r.role, r.version])).toEqual(cached.roles.map((r) => [r.role, r.version]));
    expect(tagRows(cached).map((r) => r[0])).toEqual(['v1', 'v2']);
    // notary accepts the same cache offline, with the same rows.
    const off = notaryOffline(trust, ['list', gun]);
    expect(off.status, off.stderr).toBe(0);
    expect(listRows(off.stdout)).toEqual(tagRows(cached));
  });

  it('delegations with an rsa-x509 key and a bare ecdsa public key: trusted, signers as notary lists them', async () => {
    const trust = join(tmp.path, 'trust-del');
    const gun = 'example.com/variants/del';
    notary(trust, ['init', gun]);
    notary(trust, ['add', gun, 'base', file('d0.txt', 'signed by targets\n')]);
    notary(trust, ['publish', gun]);

    const rsaKey = join(tmp.path, 'rsa.key');
    const rsaCert = join(tmp.path, 'rsa.pem');
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', rsaKey, '-out', rsaCert, '-days', '400', '-subj', '/CN=rsarole']);
    notary(trust, ['delegation', 'add', gun, 'targets/rsarole', rsaCert, '--all-paths']);

    // A bare public key: notary 0.7's `delegation add` takes a "PUBLIC KEY" PEM as well as a certificate
    // (observed: it is accepted, and targets.json then lists an `ecdsa` key rather than `ecdsa-x509`).
    const ecKey = join(tmp.path, 'ec.key');
    const ecPub = join(tmp.path, 'ec.pub');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', ecKey]);
    openssl(['pkey', '-in', ecKey, '-pubout', '-out', ecPub]);
    expect(readFileSync(ecPub, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const added = runNotary(trust, tmp.path, ['-s', server.url, 'delegation', 'add', gun, 'targets/ecpub', ecPub, '--all-paths'], env);
    expect(added.status, added.stderr + added.stdout).toBe(0);
    notary(trust, ['publish', gun]);

    notary(trust, ['key', 'import', rsaKey, '--role', 'targets/rsarole']);
    notary(trust, ['key', 'import', ecKey, '--role', 'targets/ecpub']);
    notary(trust, ['add', gun, 'by-rsa', file('d1.txt', 'signed by the rsa delegation\n'), '--roles', 'targets/rsarole']);
    notary(trust, ['add', gun, 'by-ec', file('d2.txt', 'signed by the bare ecdsa delegation, longer\n'), '--roles', 'targets/ecpub']);
    notary(trust, ['publish', gun]);
    const listed = notary(trust, ['list', gun]);
    const delegationList = notary(trust, ['delegation', 'list', gun]);

    const { cached, live } = await both(trust, gun);
    for (const s of [cached, live]) {
      expect(s.problems).toEqual([]);
      expect(s.verdict).toBe('trusted');
      expect(tagRows(s)).toEqual(listRows(listed));
      const roleOf = (name: string) => s.tags.find((t) => t.name === name)?.role;
      expect([roleOf('base'), roleOf('by-rsa'), roleOf('by-ec')]).toEqual(['targets', 'targets/rsarole', 'targets/ecpub']);
      const byName = Object.fromEntries(s.delegations.map((d) => [d.name, d]));
      expect(Object.keys(byName).sort()).toEqual(['targets/ecpub', 'targets/rsarole']);
      expect(byName['targets/rsarole']!.keys.map((k) => k.type)).toEqual(['rsa-x509']);
      expect(byName['targets/ecpub']!.keys.map((k) => k.type)).toEqual(['ecdsa']);
      // `notary delegation list` shows canonical IDs: for the certificate, not the x509 ID metadata uses; for the
      // bare key the two are the same.
      for (const d of s.delegations) {
        const line = delegationList.split('\n').find((l) => l.startsWith(d.name))!;
        expect(line, delegationList).toBeDefined();
        expect(line).toContain(d.keys[0]!.canonicalId);
      }
      const rsa = byName['targets/rsarole']!.keys[0]!;
      expect(rsa.canonicalId).not.toBe(rsa.id);
      expect(delegationList).not.toContain(rsa.id);
      const ec = byName['targets/ecpub']!.keys[0]!;
      expect(ec.canonicalId).toBe(ec.id);
      // Each delegation's own file: one valid signature by its key.
      for (const name of ['targets/rsarole', 'targets/ecpub']) {
        const role = s.roles.find((r) => r.role === name)!;
        expect(role.signatures.map((g) => g.valid)).toEqual([true]);
      }
    }
    expect(live.tags).toEqual(cached.tags);
    expect(live.delegations).toEqual(cached.delegations);
    // notary accepts the same cache offline, with the same rows.
    const off = notaryOffline(trust, ['list', gun]);
    expect(off.status, off.stderr).toBe(0);
    expect(listRows(off.stdout)).toEqual(tagRows(cached));
    // notary signs with RSA-PSS for rsa-x509 delegation keys.
    expect(cached.roles.find((r) => r.role === 'targets/rsarole')!.signatures[0]!.method).toBe('rsapss');
  });
});

/**
 * A target whose custom data the publisher signed in a non-canonical form: the signature is over bytes that are
 * not the canonical JSON of `signed`, so neither we nor notary (which re-encodes `signed` canonically to verify)
 * accept it. Made with the test tooling, since notary itself always signs canonical JSON.
 */
describe('status of a target whose custom data was signed non-canonically', () => {
  const tmp = makeTempDir('tv-custom-');
  const gun = 'example.com/variants/custom';
  const notaryOffline = (dir: string) => runNotary(dir, tmp.path, ['-s', 'http://127.0.0.1:1', 'list', gun], {});
  afterAll(() => tmp.cleanup());

  const fileMeta = (bytes: Buffer) => ({
    hashes: { sha256: createHash('sha256').update(bytes).digest('base64'), sha512: createHash('sha512').update(bytes).digest('base64') },
    length: bytes.length,
  });
  const sigOf = (k: TestKey, message: string) => ({ keyid: k.id, method: k.method, sig: k.sign(Buffer.from(message, 'utf8')).toString('base64') });

  /**
   * A repository by writeTestRepo, then targets.json rewritten with custom data on tag v1 and signed over `encode`
   * of its `signed` (the file holds exactly the signed bytes), snapshot and timestamp re-signed over the new bytes.
   */
  const repoWithCustom = (name: string, encode: (canonical: string) => string): string => {
    const trust = join(tmp.path, name);
    const keys = { targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ed25519Key() };
    const dir = writeTestRepo(trust, { gun, root: [certKey('ecdsa', gun)], ...keys, tags: { v1: 'one\n', v2: 'two\n' } });
    const targetsPath = join(dir, 'targets.json');
    const targets = JSON.parse(readFileSync(targetsPath, 'utf8'));
    targets.signed.targets.v1.custom = { note: 'built by ci', build: 7 };
    const signedText = encode(canonicalJson(targets.signed));
    expect(JSON.parse(signedText)).toEqual(targets.signed); // the same data, only the bytes may differ
    const targetsBytes = Buffer.from(`{"signed":${signedText},"signatures":${JSON.stringify([sigOf(keys.targets, signedText)])}}`);
    writeFileSync(targetsPath, targetsBytes);

    const resign = (role: 'snapshot' | 'timestamp', key: TestKey, change: (signed: { meta: Record<string, unknown> }) => void) => {
      const path = join(dir, `${role}.json`);
      const doc = JSON.parse(readFileSync(path, 'utf8'));
      change(doc.signed);
      const bytes = Buffer.from(JSON.stringify({ signed: doc.signed, signatures: [sigOf(key, canonicalJson(doc.signed))] }));
      writeFileSync(path, bytes);
      return bytes;
    };
    const snapshotBytes = resign('snapshot', keys.snapshot, (s) => void (s.meta.targets = fileMeta(targetsBytes)));
    resign('timestamp', keys.timestamp, (s) => void (s.meta.snapshot = fileMeta(snapshotBytes)));
    return trust;
  };

  it('the control: custom data signed canonically is trusted, and notary lists it offline', () => {
    const trust = repoWithCustom('canonical', (c) => c);
    const status = statusOfCache(trust, gun);
    expect(status.problems).toEqual([]);
    expect(status.verdict).toBe('trusted');
    const r = notaryOffline(trust);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(listRowsOf(r.stdout).map((row) => row[0])).toEqual(['v1', 'v2']);
    expect(listRowsOf(r.stdout)).toEqual(status.tags.map((t) => [t.name, t.digest, String(t.size), t.role]).sort());
  });

  it('targets signed by a key it does not list: broken, threshold not met for targets; notary refuses the same cache', () => {
    const trust = join(tmp.path, 'unlisted-signer');
    const keys = { targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ed25519Key() };
    writeTestRepo(trust, { gun, root: [certKey('ecdsa', gun)], ...keys, tags: { v1: 'one\n' }, signers: { targets: [ecdsaKey()] } });
    const status = statusOfCache(trust, gun);
    expect(status.verdict).toBe('broken');
    expect(status.problems.map((p) => `${p.code} ${p.role}`)).toEqual(['THRESHOLD_NOT_MET targets']);
    expect(status.roles.find((r) => r.role === 'targets')!.signatures[0]!.valid).toBe(false);
    const r = notaryOffline(trust);
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toMatch(/\bv1\b/);
  });

  it('custom data signed with a space in it: broken, threshold not met for targets; notary refuses the same cache', () => {
    const trust = repoWithCustom('non-canonical', (c) => {
      const spaced = c.replace('"note":"built by ci"', '"note": "built by ci"');
      expect(spaced).not.toBe(c);
      return spaced;
    });
    const status = statusOfCache(trust, gun);
    expect(status.verdict).toBe('broken');
    expect(status.problems.map((p) => `${p.code} ${p.role}`)).toEqual(['THRESHOLD_NOT_MET targets']);
    expect(status.roles.find((r) => r.role === 'targets')!.signatures[0]).toMatchObject({ valid: false, reason: 'signature does not verify' });
    // The file's bytes are what the snapshot lists: only the signature fails.
    expect(status.problems.some((p) => p.code === 'LENGTH_MISMATCH' || p.code === 'HASH_MISMATCH')).toBe(false);
    const r = notaryOffline(trust);
    // Observed: notary rejects the cached targets, tries the server, and says only "client is offline".
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/client is offline/);
    expect(r.stdout).not.toMatch(/\bv1\b/);
  });
});

function listRowsOf(out: string): string[][] {
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/))
    .sort();
}
