import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { keyIdOf } from '../../electron/core/keys/key-id';
import { encodePem } from '../../electron/core/keys/pem';
import { chmodSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKeys } from '../../electron/core/keys/store/scan';
import { notaryOk, parseNotaryKeyList } from '../support/notary-cli';
import { makeTempDir } from '../support/temp-dir';
import { snapshotTree } from '../support/tree-snapshot';
import { asNotaryRows, decryptedIdOf, notaryRows } from '../support/vault-keys';

const hex = (c: string) => c.repeat(64);
const pass = 'legacy passphrase';

describe('the pre-0.4 layout and the legacy PEM types', () => {
  const tmp = makeTempDir('tv-legacy-');
  const trust = `${tmp.path}/trust`;
  let ed25519Id = '';
  const o = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'ignore'] });

  beforeAll(() => {
    mkdirSync(`${trust}/private/root_keys`, { recursive: true });
    mkdirSync(`${trust}/private/tuf_keys/example.com/team/app`, { recursive: true });
    o(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${tmp.path}/ec.pem`]);
    o(['genrsa', '-traditional', '-out', `${tmp.path}/rsa.pem`, '2048']);
    // EC PRIVATE KEY, unencrypted (root) and with Proc-Type/DEK-Info AES-256-CBC (targets).
    cpSync(`${tmp.path}/ec.pem`, `${trust}/private/root_keys/${hex('a')}_root.key`);
    o(['ec', '-in', `${tmp.path}/ec.pem`, '-aes256', '-passout', `pass:${pass}`, '-out', `${trust}/private/tuf_keys/example.com/team/app/${hex('b')}_targets.key`]);
    // RSA PRIVATE KEY (PKCS#1) as a snapshot key, with a role header written in, as notary 0.3 did.
    const rsa = readFileSync(`${tmp.path}/rsa.pem`, 'utf8').replace('-----\n', '-----\nrole: snapshot\n\n');
    writeFileSync(`${trust}/private/tuf_keys/example.com/team/app/${hex('c')}_snapshot.key`, rsa);
    // Unencrypted PRIVATE KEY (PKCS#8) in the current layout.
    o(['pkcs8', '-topk8', '-nocrypt', '-in', `${tmp.path}/ec.pem`, '-out', `${tmp.path}/p8.pem`]);
    writeFileSync(`${trust}/private/${hex('d')}.key`, readFileSync(`${tmp.path}/p8.pem`, 'utf8').replace('-----\n', '-----\nrole: targets/p8\n\n'));
    // ED25519 PRIVATE KEY, notary's own legacy form: pub(32) seed(32) pub(32), unencrypted.
    const seed = randomBytes(32);
    const pub = Buffer.from(ed.getPublicKey(seed));
    ed25519Id = keyIdOf('ed25519', pub);
    const block = encodePem({ type: 'ED25519 PRIVATE KEY', headers: { role: 'targets/ed' }, bytes: Buffer.concat([pub, seed, pub]) });
    writeFileSync(`${trust}/private/${ed25519Id}.key`, block);
    execFileSync('chmod', ['-R', 'go-rwx', trust]);
  });
  afterAll(() => tmp.cleanup());

  it('lists them as notary does, reading without writing anything', () => {
    const before = snapshotTree(trust);
    const vault = listKeys(trust);
    expect(snapshotTree(trust)).toEqual(before);
    // notary migrates the layout when it opens it, so it reads a copy.
    const copy = `${tmp.path}/copy`;
    cpSync(trust, copy, { recursive: true });
    const notary = parseNotaryKeyList(notaryOk(copy, tmp.path, ['key', 'list']));
    expect(notary).toHaveLength(5);
    expect(asNotaryRows(vault)).toEqual(notaryRows(notary));
    const byId = Object.fromEntries(vault.map((k) => [k.id, k]));
    expect(byId[hex('a')]).toMatchObject({ role: 'root', gun: null, layout: 'legacy', format: 'ec', encrypted: false, algorithm: 'ecdsa', status: 'ok' });
    expect(byId[hex('b')]).toMatchObject({ role: 'targets', gun: 'example.com/team/app', layout: 'legacy', format: 'ec', encrypted: true });
    expect(byId[hex('c')]).toMatchObject({ role: 'snapshot', format: 'rsa', algorithm: 'rsa', encrypted: false });
    expect(byId[hex('d')]).toMatchObject({ role: 'targets/p8', format: 'pkcs8', layout: 'current' });
    expect(byId[hex('a')]!.file).toBe(`private/root_keys/${hex('a')}_root.key`);
    expect(byId[ed25519Id]).toMatchObject({ role: 'targets/ed', format: 'ed25519', algorithm: 'ed25519', encrypted: false, status: 'ok' });
    expect(decryptedIdOf(byId[ed25519Id]!, undefined)).toBe(ed25519Id);
  });

  it('decrypts the legacy encrypted EC key with its passphrase', () => {
    const k = listKeys(trust).find((x) => x.id === hex('b'))!;
    expect(decryptedIdOf(k, pass)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('broken key files', () => {
  const tmp = makeTempDir('tv-broken-');
  const trust = `${tmp.path}/trust`;
  const priv = `${trust}/private`;
  const pass = 'broken passphrase';
  let good = '';

  beforeAll(() => {
    notaryOk(trust, tmp.path, ['key', 'generate', '--role', 'targets/ok'], { NOTARY_DELEGATION_PASSPHRASE: pass });
    good = parseNotaryKeyList(notaryOk(trust, tmp.path, ['key', 'list']))[0]!.id;
    const text = readFileSync(`${priv}/${good}.key`, 'utf8');
    const put = (name: string, data: string, mode = 0o600) => {
      writeFileSync(`${priv}/${name}`, data);
      chmodSync(`${priv}/${name}`, mode);
    };
    put(`${hex('1')}.key`, '');
    put(`${hex('2')}.key`, 'this is not a key\n');
    put(`${hex('3')}.key`, text.slice(0, 200));
    symlinkSync(`${priv}/${good}.key`, `${priv}/${hex('4')}.key`);
    put(`${hex('5')}.key`, text, 0o644);
    put(`${hex('6')}.key`, text.replaceAll('ENCRYPTED PRIVATE KEY', 'SOMETHING ELSE'));
    put(`${hex('7')}.key`, text + 'A'.repeat(70 * 1024));
    put(`${hex('8')}.key`, text.replace(/role: .*\n/, ''));
    put('not-an-id.key', text);
    mkdirSync(`${priv}/sub`, { mode: 0o700 });
    put(`sub/${hex('a')}.key`, text);
    mkdirSync(`${priv}/${hex('9')}.key`, { mode: 0o700 });
  });
  afterAll(() => tmp.cleanup());

  it('lists each as broken with its reason, the good key still lists, and nothing is written', () => {
    const before = snapshotTree(trust);
    const keys = listKeys(trust);
    expect(snapshotTree(trust)).toEqual(before);
    const problem = Object.fromEntries(keys.map((k) => [k.id, k.problem?.code ?? 'ok']));
    expect(problem).toEqual({
      [good]: 'ok',
      [hex('1')]: 'EMPTY',
      [hex('2')]: 'NOT_PEM',
      [hex('3')]: 'TRUNCATED',
      [hex('4')]: 'SYMLINK',
      [hex('5')]: 'LOOSE_PERMISSIONS',
      [hex('6')]: 'UNKNOWN_FORMAT',
      [hex('7')]: 'TOO_LARGE',
      [hex('8')]: 'NO_ROLE',
      'not-an-id': 'BAD_FILE_NAME',
      [hex('9')]: 'NOT_A_FILE',
      [hex('a')]: 'ok',
    });
    expect(keys.find((k) => k.id === hex('a'))!.file).toBe(`private/sub/${hex('a')}.key`);
    for (const k of keys) if (k.status === 'broken') expect(k.problem!.reason.length).toBeGreaterThan(5);
    // Where the content could be read, role and GUN are still shown.
    expect(keys.find((k) => k.id === hex('5'))!.role).toBe('targets/ok');
  });

  it('notary itself: lists loose-permission, role-less, oversized, badly named and nested files; skips the rest', () => {
    const notary = parseNotaryKeyList(notaryOk(trust, tmp.path, ['key', 'list']));
    expect(Object.fromEntries(notary.map((k) => [k.id, k.role]))).toEqual({
      [good]: 'targets/ok',
      [hex('5')]: 'targets/ok',
      [hex('7')]: 'targets/ok',
      [hex('8')]: '',
      'not-an-id': 'targets/ok',
      [hex('a')]: 'targets/ok', // in a sub-folder: notary walks all of private/
    });
    // Every key notary lists, the vault lists with the same ID, role and GUN (broken or not).
    const vault = asNotaryRows(listKeys(trust));
    for (const row of notaryRows(notary)) expect(vault).toContainEqual(row);
  });
});
