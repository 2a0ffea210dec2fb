import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePem } from '../../electron/core/keys/pem';
import { exportBundle } from '../../electron/core/keys/store/export-keys';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import { importKeys } from '../../electron/core/keys/store/import-keys';
import { previewImportFile } from '../../electron/core/keys/store/import-preview';
import { listKeys } from '../../electron/core/keys/store/scan';
import { notaryOk, parseNotaryKeyList, runNotary } from '../support/notary-cli';
import { makeTempDir } from '../support/temp-dir';
import { snapshotTree } from '../support/tree-snapshot';
import { asNotaryRows, decryptedIdOf, notaryRows } from '../support/vault-keys';

const pass = 'bundle passphrase';
const env = { NOTARY_ROOT_PASSPHRASE: pass, NOTARY_TARGETS_PASSPHRASE: pass, NOTARY_SNAPSHOT_PASSPHRASE: pass, NOTARY_DELEGATION_PASSPHRASE: pass };

describe('export bundles, both ways', () => {
  const tmp = makeTempDir('tv-bundles-');
  afterAll(() => tmp.cleanup());

  it('a vault bundle has the shape of notary key export and imports with notary key import', () => {
    const from = `${tmp.path}/vault-trust`;
    const keys = [
      generateKey(from, { role: 'root', algorithm: 'ecdsa', passphrase: pass }).key,
      generateKey(from, { role: 'targets', gun: 'example.com/x', algorithm: 'ecdsa', passphrase: pass }).key,
      generateKey(from, { role: 'targets/dev', algorithm: 'ed25519', passphrase: pass }).key,
      generateKey(from, { role: 'bob', algorithm: 'rsa', rsaBits: 2048, passphrase: pass }).key,
    ];
    const bundle = exportBundle(from, keys.map((k) => k.id));
    const blocks = decodePem(bundle);
    expect(blocks.map((b) => b.headers.path)).toEqual(keys.map((k) => k.id).sort());
    // Each block is the stored block plus the path header, headers in Go's order.
    expect(bundle).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n(gun: .*\n)?path: [0-9a-f]{64}\nrole: /);

    // notary's own export of the same keys has the same headers.
    const notaryExport = `${tmp.path}/notary-export.pem`;
    notaryOk(from, tmp.path, ['key', 'export', '-o', notaryExport]);
    const theirs = decodePem(readFileSync(notaryExport, 'utf8'));
    expect(theirs.map((b) => b.headers)).toEqual(blocks.map((b) => b.headers));

    const file = `${tmp.path}/vault-bundle.pem`;
    writeFileSync(file, bundle, { mode: 0o600 });
    const to = `${tmp.path}/notary-trust`;
    notaryOk(to, tmp.path, ['key', 'import', file], env);
    const listed = parseNotaryKeyList(notaryOk(to, tmp.path, ['key', 'list']));
    expect(notaryRows(listed)).toEqual(asNotaryRows(keys));
  });

  it('a notary export bundle imports into the vault, keys decrypt, and importing again is refused', () => {
    const from = `${tmp.path}/notary-made`;
    notaryOk(from, tmp.path, ['key', 'generate', '--role', 'targets/qa'], env);
    notaryOk(from, tmp.path, ['key', 'generate', '--role', 'carol'], env);
    const file = `${tmp.path}/from-notary.pem`;
    notaryOk(from, tmp.path, ['key', 'export', '-o', file]);
    const to = `${tmp.path}/vault-import`;
    const { preview, sources } = previewImportFile('from-notary.pem', readFileSync(file, 'latin1'));
    expect(preview.blocks.every((b) => b.pathHeader && b.encrypted)).toBe(true);
    const report = importKeys(to, sources, { passphrase: pass });
    expect(report.refused).toEqual([]);
    const notaryList = parseNotaryKeyList(notaryOk(from, tmp.path, ['key', 'list']));
    expect(asNotaryRows(listKeys(to))).toEqual(notaryRows(notaryList));
    for (const k of listKeys(to)) expect(decryptedIdOf(k, pass)).toBe(k.id);

    const before = snapshotTree(to);
    const again = importKeys(to, sources, { passphrase: pass });
    expect(again.imported).toEqual([]);
    expect(again.refused.map((r) => r.code)).toEqual(['ALREADY_EXISTS', 'ALREADY_EXISTS']);
    expect(again.refused[0]!.reason).toMatch(/already present \(private\/[0-9a-f]{64}\.key\)/);
    expect(snapshotTree(to)).toEqual(before);
  });

  it('unencrypted openssl keys are encrypted on import, with the role and GUN given', () => {
    const ec = `${tmp.path}/plain-ec.pem`;
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', ec]);
    const to = `${tmp.path}/vault-plain`;
    const { sources } = previewImportFile('plain-ec.pem', readFileSync(ec, 'latin1'));
    expect(importKeys(to, sources, {}).refused[0]!.code).toBe('INVALID_ARGUMENT'); // no role header, none given
    expect(importKeys(to, sources, { role: 'targets/p' }).refused[0]!.code).toBe('PASSPHRASE_REQUIRED');
    const report = importKeys(to, sources, { role: 'targets', gun: 'example.com/p', newPassphrase: pass });
    expect(report.imported).toHaveLength(1);
    const k = report.imported[0]!;
    expect(k).toMatchObject({ role: 'targets', gun: 'example.com/p', encrypted: true, format: 'pkcs8-encrypted' });
    const listed = parseNotaryKeyList(notaryOk(to, tmp.path, ['key', 'list']));
    expect(notaryRows(listed)).toEqual(asNotaryRows([k]));
    expect(decryptedIdOf(k, pass)).toBe(k.id);
  });

  it('a bare encrypted key file (no path header): notary key import refuses it, the vault imports it', () => {
    const from = `${tmp.path}/bare-from`;
    notaryOk(from, tmp.path, ['key', 'generate', '--role', 'targets/bare'], env);
    const [id] = parseNotaryKeyList(notaryOk(from, tmp.path, ['key', 'list'])).map((k) => k.id);
    const file = `${from}/private/${id}.key`;
    const r = runNotary(`${tmp.path}/bare-notary`, tmp.path, ['key', 'import', file], env);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/does not contain path header|invalid key pem block/);
    const { sources } = previewImportFile(`${id}.key`, readFileSync(file, 'utf8'));
    const report = importKeys(`${tmp.path}/bare-vault`, sources, { passphrase: pass });
    expect(report.imported.map((k) => [k.id, k.role])).toEqual([[id, 'targets/bare']]);
  });
});
