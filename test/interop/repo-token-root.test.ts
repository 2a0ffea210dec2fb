import { execFileSync } from 'node:child_process';
import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenInfo } from '../../shared/dto/tokens';
import { NotaryPublisherClient } from '../../electron/core/notary/publisher-client';
import { silentEvents, systemClock } from '../../electron/core/ports';
import { initRepository } from '../../electron/core/publish/init-repo';
import { createTokenClient } from '../../electron/core/token/pkcs11/client';
import { createRootOnToken } from '../../electron/core/token/root-on-token';
import type { TokenClient } from '../../electron/core/token/token-client';
import { TokenService } from '../../electron/core/token/token-service';
import { canonicalJson } from '../../electron/core/tuf/canonical-json';
import { statusOfCache } from '../../electron/core/tuf/cache-status';
import { notaryTestBed } from '../support/notary-test-bed';
import { makeSoftHsm, SOFTHSM2_MODULE } from '../support/softhsm';
import { sourceTokenWorker } from '../support/token-worker';
import { snapshotTree } from '../support/tree-snapshot';

const PIN = '246810';
const SO_PIN = '13579111';

interface SignedRoot {
  signed: { roles: { root: { keyids: string[] } }; keys: Record<string, { keytype: string; keyval: { public: string } }> };
  signatures: { keyid: string; method: string; sig: string }[];
}

/**
 * Repository init with the root key on a SoftHSM2 token, against the real notary-server, checked with the notary CLI
 * and node:crypto: a new root key is made on a logged-in token (notary's way), an existing root key with a token
 * copy signs on the token, and a token that is not logged in stops init before anything is written.
 */
describe('repo init with the root key on a PKCS#11 token', () => {
  const hsm = makeSoftHsm();
  const bed = notaryTestBed('tv-repo-token-root-');
  const { passphrases, dir, notary, fresh } = bed;
  let client: TokenClient;
  let service: TokenService;
  const refOf = (t: TokenInfo) => ({ modulePath: t.modulePath, serial: t.serial });
  /** The token as the service lists it now (keys and login state read from the token). */
  const token = async (label: string): Promise<TokenInfo> => (await service.diagnostics()).tokens.find((t) => t.label === label)!;
  const login = async (label: string) => client.login(refOf(await token(label)), PIN);
  const trustDir = (name: string) => {
    mkdirSync(dir(name), { recursive: true, mode: 0o700 });
    return dir(name);
  };
  const certOnToken = (label: string, ckaId: string) =>
    new X509Certificate(execFileSync('pkcs11-tool', ['--module', SOFTHSM2_MODULE, '--token-label', label, '--read-object', '--type', 'cert', '--id', ckaId], { env: hsm.env }));
  /** root.json as the vault cached it, with its root key's signature checked by node:crypto against the certificate. */
  const rootSignatureVerifies = (trust: string, gun: string, keyId: string) => {
    const root = JSON.parse(readFileSync(join(trust, 'tuf', gun, 'metadata', 'root.json'), 'utf8')) as SignedRoot;
    expect(root.signed.roles.root.keyids).toEqual([keyId]);
    const listed = root.signed.keys[keyId]!;
    expect(listed.keytype).toBe('ecdsa-x509');
    const cert = new X509Certificate(Buffer.from(listed.keyval.public, 'base64'));
    expect(cert.subject).toContain(`CN=${gun}`);
    const sig = root.signatures.find((s) => s.keyid === keyId)!;
    expect(sig.method).toBe('ecdsa');
    const key = createPublicKey(cert.publicKey.export({ format: 'pem', type: 'spki' }));
    expect(verify('sha256', Buffer.from(canonicalJson(root.signed)), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig.sig, 'base64'))).toBe(true);
    return cert;
  };
  const samePublicKey = (a: X509Certificate, b: X509Certificate) =>
    a.publicKey.export({ format: 'der', type: 'spki' }).equals(b.publicKey.export({ format: 'der', type: 'spki' }));

  beforeAll(async () => {
    // SoftHSM2 finds its tokens when the module starts: every token is made before the token process.
    for (const label of ['new-root', 'copy-root', 'locked']) hsm.initToken({ label, pin: PIN, soPin: SO_PIN });
    client = createTokenClient(sourceTokenWorker(() => ({ ...process.env, SOFTHSM2_CONF: hsm.conf })));
    service = new TokenService({ client, dataDir: dir('data'), events: silentEvents, clock: systemClock, modulesOverride: () => SOFTHSM2_MODULE });
  });
  afterAll(async () => {
    await client?.close();
    hsm.cleanup();
  });

  it('an empty trust dir and a logged-in token: the new root key is made on the token and root is signed there', async () => {
    const gun = 'example.com/token/new-root';
    const trust = trustDir('new-root');
    await login('new-root');
    const known = [await token('new-root')];
    expect(known[0]).toMatchObject({ loggedIn: true, keys: [] });
    const r = await initRepository(trust, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'local', passphrases, tokens: { client, known } });
    expect(r.rootOn).toBe('token');
    expect(r.cacheUpdated).toBe(true);
    expect(r.keys.root.reused).toBe(false);
    // notary's way: imported under CKA_ID 02, its encrypted backup in private/ under the same canonical ID.
    const after = await token('new-root');
    expect(after.keys).toEqual([expect.objectContaining({ id: r.keys.root.canonicalId, ckaId: '02', role: 'root', hasCertificate: true })]);
    expect(readdirSync(join(trust, 'private')).sort()).toEqual([`${r.keys.root.canonicalId}.key`, `${r.keys.targets}.key`, `${r.keys.snapshot}.key`].sort());
    // The repository certificate (CN = GUN) holds the token's key, and root.json's signature verifies with it.
    const cert = rootSignatureVerifies(trust, gun, r.keys.root.id);
    expect(samePublicKey(cert, certOnToken('new-root', '02'))).toBe(true);
    expect(statusOfCache(trust, gun).problems.filter((p) => p.code !== 'EXPIRING_SOON')).toEqual([]);
    // A fresh consumer trusts it; notary publishes a tag from the same trust dir (targets by file key, no root needed).
    notary(fresh(), ['list', gun]);
    writeFileSync(dir('v1.txt'), 'content of v1\n');
    notary(trust, ['add', gun, 'v1', dir('v1.txt')]);
    notary(trust, ['publish', gun]);
    expect(notary(fresh(), ['list', gun])).toMatch(/v1\s+[0-9a-f]{64}\s+\d+\s+targets/);
  });

  it('a root key file with a copy on a logged-in token signs on the token: no root passphrase is needed', async () => {
    const gun = 'example.com/token/copy-root';
    const trust = trustDir('copy-root');
    await login('copy-root');
    const made = await createRootOnToken(client, refOf(await token('copy-root')), { trustDir: trust, way: 'import', passphrase: passphrases.root, now: new Date() });
    const known = [await token('copy-root')];
    expect(known[0]!.keys.map((k) => k.id)).toEqual([made.id]);
    // Without a root passphrase the key file cannot be decrypted: only the token can sign.
    const r = await initRepository(trust, gun, {
      dataDir: dir('data'),
      server: { server: bed.server.url },
      snapshot: 'server',
      passphrases: { targets: passphrases.targets },
      tokens: { client, known },
    });
    expect(r.rootOn).toBe('token');
    expect(r.keys.root).toMatchObject({ canonicalId: made.id, reused: true });
    const cert = rootSignatureVerifies(trust, gun, r.keys.root.id);
    expect(samePublicKey(cert, certOnToken('copy-root', made.ckaId))).toBe(true);
    notary(fresh(), ['list', gun]);
    // Without the tokens, the same trust dir and no root passphrase fails on the key file.
    await expect(
      initRepository(trust, 'example.com/token/copy-root-2', { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'server', passphrases: { targets: passphrases.targets } }),
    ).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED' });
  });

  it('a token that is not logged in: TOKEN_PIN_REQUIRED, nothing written locally, on the token or on the server', async () => {
    const gun = 'example.com/token/locked';
    const trust = trustDir('locked');
    const known = [await token('locked')];
    expect(known[0]).toMatchObject({ loggedIn: false, keys: [] });
    const before = snapshotTree(trust);
    await expect(initRepository(trust, gun, { dataDir: dir('data'), server: { server: bed.server.url }, snapshot: 'local', passphrases, tokens: { client, known } })).rejects.toMatchObject({
      code: 'TOKEN_PIN_REQUIRED',
      message: expect.stringContaining('locked'),
    });
    expect(snapshotTree(trust)).toEqual(before);
    expect((await token('locked')).keys).toEqual([]);
    await client.login(refOf(known[0]!), PIN);
    expect((await token('locked')).keys).toEqual([]);
    expect(await new NotaryPublisherClient(gun, { server: bed.server.url }).fetchRole('root')).toBeNull();
  });
});
