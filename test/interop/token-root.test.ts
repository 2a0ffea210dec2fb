import { execFileSync } from 'node:child_process';
import { X509Certificate, createPublicKey, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyListing } from '../../shared/dto/keys';
import type { TokenDiagnostics, TokenInfo, TokenRootCreated } from '../../shared/dto/tokens';
import { decryptKeyBlock } from '../../electron/core/keys/key-block';
import { readKeyBlock } from '../../electron/core/keys/store/find-key';
import { listKeys } from '../../electron/core/keys/store/scan';
import { signWithKey } from '../../electron/core/token/key-signer';
import { createTokenClient } from '../../electron/core/token/pkcs11/client';
import { notaryOk, parseNotaryKeyList } from '../support/notary-cli';
import { scriptedCore } from '../support/scripted-core';
import { makeSoftHsm, SOFTHSM2_MODULE } from '../support/softhsm';
import { makeTempDir } from '../support/temp-dir';
import { sourceTokenWorker } from '../support/token-worker';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

const PIN = '246810';
const pass = 'token backup passphrase';

/**
 * Root keys on a SoftHSM2 token through the contract, as the app makes them, checked with OpenSC's pkcs11-tool,
 * notary and node:crypto.
 */
describe('root keys on a PKCS#11 token', () => {
  const hsm = makeSoftHsm();
  const tmp = makeTempDir('tv-token-root-');
  process.env.SOFTHSM2_CONF = hsm.conf;
  const core = scriptedCore(tmp.path, { tokenModules: SOFTHSM2_MODULE });
  const trust = join(tmp.path, 'trust');
  let trustDirId = '';
  let token: TokenInfo;

  beforeAll(async () => {
    ensureBuiltCli();
    hsm.initToken({ label: 'vault-root', pin: PIN, soPin: '13579111' });
    // SoftHSM2 finds its tokens when the module starts: the one a later test pulls out is made now.
    hsm.initToken({ label: 'pulled', pin: PIN, soPin: '13579111' });
    mkdirSync(trust, { recursive: true, mode: 0o700 });
    core.folders.push(trust);
    trustDirId = (await core.call<{ id: string }>('trustDirs.add'))!.id;
    token = (await core.call<TokenInfo[]>('tokens.list')).find((t) => t.label === 'vault-root')!;
  });
  afterAll(async () => {
    await core.call('tokens.logout', { tokenId: token.id }).catch(() => undefined);
    hsm.cleanup();
    tmp.cleanup();
  });

  const pkcs11Tool = () =>
    execFileSync('pkcs11-tool', ['--module', SOFTHSM2_MODULE, '--token-label', 'vault-root', '--login', '--pin', PIN, '--list-objects'], { env: hsm.env, encoding: 'utf8' });

  it('lists the token with its flags, and asks for the PIN before making a key', async () => {
    expect(token).toMatchObject({ label: 'vault-root', loggedIn: false, keys: [] });
    expect(token.flags).toMatchObject({ loginRequired: true, initialized: true, pinLocked: false });
    expect(await core.fail('tokens.generateRoot', { trustDirId, tokenId: token.id, way: 'import', passphrase: pass })).toBe('TOKEN_PIN_REQUIRED');
    expect(await core.fail('tokens.login', { tokenId: token.id, pin: '000000' })).toBe('TOKEN_PIN_INCORRECT');
    expect(await core.fail('tokens.login', { tokenId: token.id, useDefaultPin: true })).toBe('TOKEN_PIN_INCORRECT');
    const unlocked = await core.call<TokenInfo>('tokens.login', { tokenId: token.id, pin: PIN });
    expect(unlocked).toMatchObject({ loggedIn: true, defaultPinInUse: false });
  });

  it("notary's way: imported under CKA_ID 02 with a certificate, backed up in the trust dir, one ID everywhere", async () => {
    const created = await core.call<TokenRootCreated>('tokens.generateRoot', { trustDirId, tokenId: token.id, way: 'import', passphrase: pass });
    expect(created).toMatchObject({ role: 'root', way: 'import', ckaId: '02', backupFile: `private/${created.id}.key` });
    // The disk backup decrypts to the same canonical ID.
    const file = listKeys(trust).find((k) => k.id === created.id)!;
    const key = decryptKeyBlock(readKeyBlock(file), pass);
    expect(key.id).toBe(created.id);
    key.wipe();
    // notary lists the backup as a root key with that ID.
    const listed = parseNotaryKeyList(notaryOk(trust, tmp.path, ['key', 'list']));
    expect(listed).toEqual([expect.objectContaining({ id: created.id, role: 'root' })]);
    // OpenSC sees the private key and the certificate under CKA_ID 02.
    const objects = pkcs11Tool();
    expect(objects).toMatch(/Private Key Object; EC[\s\S]*?ID:\s+02/);
    expect(objects).toMatch(/Certificate Object; type = X\.509 cert[\s\S]*?ID:\s+02/);
    // The token's own listing computes the same ID from its public key.
    const after = (await core.call<TokenInfo[]>('tokens.list')).find((t) => t.label === 'vault-root');
    expect(after!.keys).toEqual([expect.objectContaining({ id: created.id, ckaId: '02', role: 'root', hasCertificate: true })]);
    // The key list shows both copies under one ID.
    const listing = await core.call<KeyListing>('keys.list', { trustDirId });
    expect(listing.keys.filter((k) => k.id === created.id).map((k) => k.location).sort()).toEqual(['file', 'token']);
  });

  it('signs on the token when the key is on the token and on disk, and the signature verifies with node:crypto', async () => {
    const current = (await core.call<TokenInfo[]>('tokens.list')).find((t) => t.label === 'vault-root');
    const keyId = current!.keys[0]!.id;
    const client = createTokenClient(sourceTokenWorker(() => ({ ...process.env, SOFTHSM2_CONF: hsm.conf })));
    try {
      await client.login({ modulePath: SOFTHSM2_MODULE, serial: current!.serial }, PIN);
      const data = Buffer.from('{"signed":{"_type":"Root"}}');
      // No passphrase given: only the token can have signed.
      const made = await signWithKey({ client, tokens: [{ ...current!, loggedIn: true }], events: core.ports.events, trustDir: trust }, keyId, data, undefined);
      expect(made.by).toMatchObject({ location: 'token', label: 'vault-root' });
      const cert = new X509Certificate(execFileSync('pkcs11-tool', ['--module', SOFTHSM2_MODULE, '--token-label', 'vault-root', '--read-object', '--type', 'cert', '--id', '02'], { env: hsm.env }));
      expect(verify('sha256', data, { key: createPublicKey(cert.publicKey.export({ format: 'pem', type: 'spki' })), dsaEncoding: 'ieee-p1363' }, made.signature)).toBe(true);
      // Without the token, the file signs (with its passphrase).
      const fromFile = await signWithKey({ client, tokens: [], events: core.ports.events, trustDir: trust }, keyId, data, pass);
      expect(fromFile.by).toMatchObject({ location: 'file' });
    } finally {
      await client.close();
    }
  });

  it('on the device: never extractable, no backup file, the next free CKA_ID', async () => {
    const before = listKeys(trust).length;
    const created = await core.call<TokenRootCreated>('tokens.generateRoot', { trustDirId, tokenId: token.id, way: 'on-device' });
    expect(created).toMatchObject({ way: 'on-device', ckaId: '01', backupFile: null });
    expect(listKeys(trust)).toHaveLength(before);
    const after = (await core.call<TokenInfo[]>('tokens.list')).find((t) => t.label === 'vault-root');
    expect(after!.keys.find((k) => k.ckaId === '01')).toMatchObject({ id: created.id, extractable: false, hasCertificate: true });
    expect(pkcs11Tool()).toMatch(/Private Key Object; EC[\s\S]*?ID:\s+01[\s\S]*?Access:\s+sensitive, always sensitive, never extractable/);
  });

  it('when the backup cannot be written, the key is taken off the token again', async () => {
    const broken = join(tmp.path, 'broken-trust');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'private'), 'a file where the private folder should be');
    core.folders.push(broken);
    const brokenId = (await core.call<{ id: string }>('trustDirs.add'))!.id;
    expect(await core.fail('tokens.generateRoot', { trustDirId: brokenId, tokenId: token.id, way: 'import', passphrase: pass })).toBe('IO_ERROR');
    const after = (await core.call<TokenInfo[]>('tokens.list')).find((t) => t.label === 'vault-root');
    expect(after!.keys.map((k) => k.ckaId)).toEqual(['01', '02']);
    expect(pkcs11Tool()).not.toMatch(/ID:\s+03/);
  });

  it('fills notary\'s four IDs, then says the token is full', async () => {
    await core.call('tokens.generateRoot', { trustDirId, tokenId: token.id, way: 'on-device' });
    await core.call('tokens.generateRoot', { trustDirId, tokenId: token.id, way: 'on-device' });
    expect(await core.fail('tokens.generateRoot', { trustDirId, tokenId: token.id, way: 'on-device' })).toBe('TOKEN_FULL');
  });

  it('diagnostics name a module that is not there and the one that loaded', async () => {
    core.ports.tokenModules = `${SOFTHSM2_MODULE}:/nonexistent/libykcs11.so`;
    try {
      const d = await core.call<TokenDiagnostics>('tokens.diagnostics');
      expect(d.modules.map((m) => [m.path, m.found, m.loaded, m.error?.code ?? null])).toEqual([
        [SOFTHSM2_MODULE, true, true, null],
        ['/nonexistent/libykcs11.so', false, null, 'TOKEN_MODULE_NOT_FOUND'],
      ]);
      // SoftHSM2 always shows one more slot, holding an uninitialised token.
      expect(d.slots.length).toBe(d.tokens.length + 1);
      expect(d.tokens.map((t) => t.label).sort()).toEqual(['pulled', 'vault-root']);
    } finally {
      core.ports.tokenModules = SOFTHSM2_MODULE;
    }
  });

  it('a token pulled out mid-run gives a clear error and the app keeps answering', async () => {
    {
      // A removed SoftHSM2 token is its folder deleted.
      const pulled = (await core.call<TokenInfo[]>('tokens.list')).find((t) => t.label === 'pulled')!;
      await core.call('tokens.login', { tokenId: pulled.id, pin: PIN });
      hsm.deleteToken('pulled');
      const code = await core.fail('tokens.generateRoot', { trustDirId, tokenId: pulled.id, way: 'on-device' });
      expect(['TOKEN_REMOVED', 'TOKEN_NOT_PRESENT']).toContain(code);
      expect((await core.call<TokenInfo[]>('tokens.list')).map((t) => t.label)).toEqual(['vault-root']);
    }
  });

  it('the CLI lists the token and makes a root key on it', () => {
    const cliEnv = { HOME: tmp.path, SOFTHSM2_CONF: hsm.conf, TV_PIN: PIN, TV_PASS: pass };
    const fresh = makeSoftHsm();
    try {
      fresh.initToken({ label: 'cli-token', pin: PIN, soPin: '13579111' });
      const env = { ...cliEnv, SOFTHSM2_CONF: fresh.conf };
      const cliTrust = join(tmp.path, 'cli-trust');
      const made = runBuiltCli(['token', 'generate-root', '--module', SOFTHSM2_MODULE, '--token', 'cli-token', '--pin-env', 'TV_PIN', '--passphrase-env', 'TV_PASS', '--trust-dir', cliTrust, '--data-dir', join(tmp.path, 'cli-data'), '--json'], env);
      expect(made.status, made.stderr).toBe(0);
      const created = JSON.parse(made.stdout) as TokenRootCreated;
      expect(readFileSync(join(cliTrust, created.backupFile!), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: root\n/);
      const listed = runBuiltCli(['token', 'list', '--module', SOFTHSM2_MODULE, '--data-dir', join(tmp.path, 'cli-data'), '--json'], env);
      expect(listed.status, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({ label: 'cli-token', serial: expect.any(String), slot: expect.any(Number), keys: [expect.objectContaining({ id: created.id, role: 'root', algorithm: 'ecdsa' })] }),
      ]);
      const wrong = runBuiltCli(['token', 'list', '--module', '/nonexistent/module.so', '--json'], env);
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toContain('(TOKEN_MODULE_NOT_FOUND)');
      const notModule = runBuiltCli(['token', 'list', '--module', '/etc/hostname', '--json'], env);
      expect(notModule.status).toBe(1);
      expect(notModule.stderr).toContain('(TOKEN_MODULE_INVALID)');
    } finally {
      fresh.cleanup();
    }
  });
});

describe('tokens coming and going', () => {
  it('a token connected after the module loaded shows at the next listing (the module is reloaded while nobody is logged in)', async () => {
    const hsm = makeSoftHsm();
    const tmp = makeTempDir('tv-token-plug-');
    const client = createTokenClient(sourceTokenWorker(() => ({ ...process.env, SOFTHSM2_CONF: hsm.conf })));
    try {
      hsm.initToken({ label: 'first', pin: PIN, soPin: '13579111' });
      const labels = async () => (await client.probe(SOFTHSM2_MODULE)).slots.flatMap((s) => (s.token?.flags.initialized ? [s.token.label] : [])).sort();
      expect(await labels()).toEqual(['first']);
      hsm.initToken({ label: 'second', pin: PIN, soPin: '13579111' });
      expect(await labels()).toEqual(['first', 'second']);
      hsm.deleteToken('first');
      expect(await labels()).toEqual(['second']);
    } finally {
      await client.close();
      hsm.cleanup();
      tmp.cleanup();
    }
  });
});
