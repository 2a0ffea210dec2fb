import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../electron/core/keys/certificate';
import { createTokenClient } from '../../electron/core/token/pkcs11/client';
import type { TokenClient, TokenRef } from '../../electron/core/token/token-client';
import { buildFakeModule } from '../support/fake-pkcs11/build';
import { SOFTHSM2_MODULE, makeSoftHsm, type SoftHsm } from '../support/softhsm';
import { makeTempDir } from '../support/temp-dir';
import { sourceTokenWorker } from '../support/token-worker';

/**
 * The PKCS#11 layer against SoftHSM2 (a real module) and against small misbehaving modules built here with gcc, all
 * through a real forked token process running the TypeScript source.
 */

const PIN = '123456';
const SO_PIN = '12345678';

function p256Key(): { privateKey: KeyObject; publicKey: KeyObject; d: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const d = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  return { privateKey, publicKey, d };
}

const rootCertificate = (privateKey: KeyObject, publicKey: KeyObject): Promise<Buffer> =>
  selfSignedCertificate({
    commonName: 'root',
    spki: publicKey.export({ type: 'spki', format: 'der' }),
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2036-01-01T00:00:00Z'),
    sign: (tbs) => sign('sha256', tbs, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  });

/** A public KeyObject from an uncompressed P-256 point, as the token hands it over. */
const pointKey = (point: Buffer): KeyObject =>
  createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });

const verifyRaw = (key: KeyObject, data: Buffer, signature: Buffer): boolean =>
  verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);

describe.skipIf(!existsSync(SOFTHSM2_MODULE))('PKCS#11 through the token process (SoftHSM2)', () => {
  let hsm: SoftHsm;
  let client: TokenClient;
  let main: TokenRef;
  let pins: TokenRef;
  let gone: TokenRef;

  beforeAll(() => {
    hsm = makeSoftHsm();
    // All tokens up front: SoftHSM2 reads its token folder at C_Initialize only, so a token made once the token
    // process has loaded the module stays invisible to it.
    const token = (label: string): TokenRef => ({ modulePath: SOFTHSM2_MODULE, serial: hsm.initToken({ label, pin: PIN, soPin: SO_PIN }).serial });
    main = token('vault');
    pins = token('pins');
    gone = token('gone');
    client = createTokenClient(sourceTokenWorker(() => hsm.env));
  });

  afterAll(async () => {
    await client?.close();
    hsm?.cleanup();
  });

  it('probe lists the token by label and serial, with its flags, and the extra empty slot SoftHSM2 keeps', async () => {
    const mod = await client.probe(SOFTHSM2_MODULE);
    expect(mod.library).toMatchObject({ manufacturer: 'SoftHSM', description: 'Implementation of PKCS11' });
    expect(mod.slots.map((s) => s.token?.label).sort()).toEqual(['', 'gone', 'pins', 'vault']);
    const slot = mod.slots.find((s) => s.token?.label === 'vault');
    expect(slot?.tokenPresent).toBe(true);
    expect(slot?.token).toMatchObject({ serial: main.serial, manufacturer: 'SoftHSM project', model: 'SoftHSM v2' });
    expect(slot?.token?.firmware).toMatch(/^\d+\.\d+$/);
    expect(slot?.token?.flags).toEqual({
      loginRequired: true,
      pinCountLow: false,
      pinFinalTry: false,
      pinLocked: false,
      pinToBeChanged: false,
      initialized: true,
      protectedAuthPath: false,
    });
    const empty = mod.slots.filter((s) => !s.token?.flags.initialized);
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({ tokenPresent: true, token: { label: '', serial: '' } });
  });

  it('a token serial that is not plugged in is TOKEN_NOT_PRESENT', async () => {
    await expect(client.objects({ modulePath: SOFTHSM2_MODULE, serial: 'feedfacecafebeef' })).rejects.toMatchObject({ code: 'TOKEN_NOT_PRESENT' });
  });

  it('key work before login is TOKEN_PIN_REQUIRED', async () => {
    expect(await client.isLoggedIn(main)).toBe(false);
    await expect(client.generateEcKeyPair(main, { ckaId: '09', label: 'x' })).rejects.toMatchObject({ code: 'TOKEN_PIN_REQUIRED' });
    await expect(client.signEcdsa(main, '02', Buffer.alloc(32))).rejects.toMatchObject({ code: 'TOKEN_PIN_REQUIRED' });
  });

  it('a wrong PIN is TOKEN_PIN_INCORRECT; SoftHSM2 then sets count-low but never final-try or locked', async () => {
    const ref = pins;
    const flags = async () => (await client.probe(SOFTHSM2_MODULE)).slots.find((s) => s.token?.serial === ref.serial)?.token?.flags;
    await expect(client.login(ref, '000000')).rejects.toMatchObject({ code: 'TOKEN_PIN_INCORRECT', message: expect.stringContaining("'pins'") });
    expect(await flags()).toMatchObject({ pinCountLow: true, pinFinalTry: false, pinLocked: false });
    for (let i = 0; i < 10; i++) await expect(client.login(ref, '000000')).rejects.toMatchObject({ code: 'TOKEN_PIN_INCORRECT' });
    expect(await flags()).toMatchObject({ pinCountLow: true, pinFinalTry: false, pinLocked: false });
    await client.login(ref, PIN);
    expect(await client.isLoggedIn(ref)).toBe(true);
    await client.login(ref, PIN); // CKR_USER_ALREADY_LOGGED_IN counts as success
    await client.logout(ref);
    expect(await client.isLoggedIn(ref)).toBe(false);
    await client.logout(ref); // logging out twice is fine too
  });

  it('imports a P-256 key with its certificate under one CKA_ID, signs with it, and OpenSC lists both', async () => {
    await client.login(main, PIN);
    const { privateKey, publicKey, d } = p256Key();
    const certDer = await rootCertificate(privateKey, publicKey);
    await client.importEcPrivateKey(main, { ckaId: '02', label: 'root', d, certDer });

    const objects = (await client.objects(main)).filter((o) => o.ckaId === '02');
    expect(objects.map((o) => o.class).sort()).toEqual(['certificate', 'private-key']);
    expect(objects.find((o) => o.class === 'private-key')).toMatchObject({
      label: 'root',
      keyType: 'ec',
      ecCurveOid: '1.2.840.10045.3.1.7',
      extractable: false,
      certDer: null,
    });
    expect(objects.find((o) => o.class === 'certificate')?.certDer?.equals(certDer)).toBe(true);

    const data = Buffer.from('notary root metadata');
    const signature = await client.signEcdsa(main, '02', createHash('sha256').update(data).digest());
    expect(signature).toHaveLength(64);
    expect(verifyRaw(publicKey, data, signature)).toBe(true);

    const listing = execFileSync(
      'pkcs11-tool',
      ['--module', SOFTHSM2_MODULE, '--list-objects', '--login', '--pin', PIN, '--token-label', 'vault'],
      { env: hsm.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const blocks = listing.split(/\n(?=\S)/).filter((b) => /\bID:\s+02\b/.test(b));
    expect(blocks.some((b) => b.startsWith('Private Key Object; EC'))).toBe(true);
    expect(blocks.some((b) => b.startsWith('Certificate Object'))).toBe(true);
  });

  it('without login only the certificate shows: SoftHSM2 hides private objects', async () => {
    await client.logout(main);
    const visible = (await client.objects(main)).filter((o) => o.ckaId === '02').map((o) => o.class);
    expect(visible).toEqual(['certificate']);
    await client.login(main, PIN);
  });

  it('an import whose certificate is unusable leaves no key behind (all or none)', async () => {
    const { d } = p256Key();
    await expect(client.importEcPrivateKey(main, { ckaId: '03', label: 'root', d, certDer: Buffer.from('not a certificate') })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect((await client.objects(main)).filter((o) => o.ckaId === '03')).toEqual([]);
  });

  it('generates a key pair on the token, reads its public point and verifies its signature', async () => {
    const { ecPoint } = await client.generateEcKeyPair(main, { ckaId: '01', label: 'on-device' });
    expect(ecPoint).toHaveLength(65);
    expect(ecPoint[0]).toBe(0x04);
    const objects = (await client.objects(main)).filter((o) => o.ckaId === '01');
    expect(objects.find((o) => o.class === 'public-key')?.ecPoint?.equals(ecPoint)).toBe(true);
    expect(objects.find((o) => o.class === 'private-key')).toMatchObject({ extractable: false, keyType: 'ec', ecCurveOid: '1.2.840.10045.3.1.7' });

    const data = Buffer.from('targets');
    const signature = await client.signEcdsa(main, '01', createHash('sha256').update(data).digest());
    expect(verifyRaw(pointKey(ecPoint), data, signature)).toBe(true);
  });

  it('stores a certificate on its own and destroys everything under a CKA_ID', async () => {
    const { privateKey, publicKey } = p256Key();
    await client.storeCertificate(main, { ckaId: '01', label: 'on-device', certDer: await rootCertificate(privateKey, publicKey) });
    expect(await client.destroyObjects(main, '01')).toBe(3);
    expect(await client.destroyObjects(main, '02')).toBe(2);
    expect((await client.objects(main)).filter((o) => o.ckaId === '01' || o.ckaId === '02')).toEqual([]);
    await expect(client.signEcdsa(main, '02', Buffer.alloc(32))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await client.destroyObjects(main, '02')).toBe(0);
  });

  it('a token removed while logged in answers TOKEN_REMOVED (then TOKEN_NOT_PRESENT), and the process lives on', async () => {
    const ref = gone;
    await client.login(ref, PIN);
    await client.generateEcKeyPair(ref, { ckaId: '02', label: 'root' });
    hsm.deleteToken('gone');
    await expect(client.signEcdsa(ref, '02', Buffer.alloc(32))).rejects.toMatchObject({ code: 'TOKEN_REMOVED' });
    await expect(client.objects(ref)).rejects.toMatchObject({ code: 'TOKEN_NOT_PRESENT' });
    const mod = await client.probe(SOFTHSM2_MODULE);
    expect(mod.slots.some((s) => s.token?.serial === ref.serial)).toBe(false);
    expect(await client.isLoggedIn(main)).toBe(true);
  });

  describe('modules that are missing, not modules, or misbehave', () => {
    const tmp = makeTempDir('tv-pkcs11-');
    const built = { hang: '', crash: '', locked: '' };

    beforeAll(() => {
      built.hang = buildFakeModule('hang', tmp.path);
      built.crash = buildFakeModule('crash', tmp.path);
      built.locked = buildFakeModule('locked', tmp.path);
    });

    afterAll(() => tmp.cleanup());

    it('a path with no file is TOKEN_MODULE_NOT_FOUND', async () => {
      await expect(client.probe(join(tmp.path, 'nope.so'))).rejects.toMatchObject({ code: 'TOKEN_MODULE_NOT_FOUND', message: expect.stringContaining('nope.so') });
    });

    it('a text file, a program and a library without C_GetFunctionList are TOKEN_MODULE_INVALID', async () => {
      const text = join(tmp.path, 'readme.so');
      writeFileSync(text, 'not a library\n');
      await expect(client.probe(text)).rejects.toMatchObject({ code: 'TOKEN_MODULE_INVALID', message: expect.stringContaining(text) });
      await expect(client.probe('/bin/true')).rejects.toMatchObject({ code: 'TOKEN_MODULE_INVALID' });
      const libc = ['/lib/x86_64-linux-gnu/libc.so.6', '/lib/aarch64-linux-gnu/libc.so.6'].find((p) => existsSync(p));
      if (libc) await expect(client.probe(libc)).rejects.toMatchObject({ code: 'TOKEN_MODULE_INVALID', message: expect.stringContaining('C_GetFunctionList') });
      expect(await client.isLoggedIn(main)).toBe(true);
    });

    it('a locked PIN shows in the flags and C_Login answers TOKEN_PIN_LOCKED', async () => {
      const mod = await client.probe(built.locked);
      expect(mod.library).toEqual({ description: 'fake module', manufacturer: 'Trust Vault tests', version: '1.0' });
      expect(mod.slots).toEqual([
        {
          slot: 7,
          description: 'fake reader',
          tokenPresent: true,
          token: {
            label: 'locked',
            manufacturer: 'Trust Vault tests',
            model: 'fake',
            serial: 'FAKE0001',
            firmware: '5.4',
            hardware: null,
            flags: { loginRequired: true, pinCountLow: true, pinFinalTry: false, pinLocked: true, pinToBeChanged: false, initialized: true, protectedAuthPath: false },
          },
        },
      ]);
      await expect(client.login({ modulePath: built.locked, serial: 'FAKE0001' }, PIN)).rejects.toMatchObject({ code: 'TOKEN_PIN_LOCKED' });
    });

    it('a module that hangs costs a TOKEN_TIMEOUT and its process; the next process starts logged out', async () => {
      const short = createTokenClient(sourceTokenWorker(() => hsm.env), { timeoutMs: 3000 });
      try {
        await short.login(main, PIN);
        expect(await short.isLoggedIn(main)).toBe(true);
        await expect(short.probe(built.hang)).rejects.toMatchObject({ code: 'TOKEN_TIMEOUT', message: expect.stringContaining(built.hang) });
        expect(await short.isLoggedIn(main)).toBe(false);
        await expect(short.signEcdsa(main, '02', Buffer.alloc(32))).rejects.toMatchObject({ code: 'TOKEN_PIN_REQUIRED' });
        expect((await short.probe(SOFTHSM2_MODULE)).slots.length).toBeGreaterThan(0);
      } finally {
        await short.close();
      }
    });

    it('a module that aborts the process is TOKEN_MODULE_INVALID naming it, and the next call works', async () => {
      const own = createTokenClient(sourceTokenWorker(() => hsm.env));
      try {
        await expect(own.probe(built.crash)).rejects.toMatchObject({
          code: 'TOKEN_MODULE_INVALID',
          message: expect.stringContaining(`the module ${built.crash} crashed the token process`),
        });
        expect((await own.probe(SOFTHSM2_MODULE)).library.manufacturer).toBe('SoftHSM');
      } finally {
        await own.close();
      }
    });
  });
});
