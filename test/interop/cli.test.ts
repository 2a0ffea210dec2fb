import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyInfo } from '../../shared/dto/keys';
import { notaryOk, parseNotaryKeyList } from '../support/notary-cli';
import { makeTempDir } from '../support/temp-dir';
import { snapshotTree } from '../support/tree-snapshot';
import { BUILT_CLI, ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

/** The built `trust-vault` command as a whole process: exit codes, one JSON document, secrets only from env. */
describe('trust-vault CLI', () => {
  const tmp = makeTempDir('tv-cli-');
  const trust = join(tmp.path, 'trust');
  const data = join(tmp.path, 'data');
  const secrets = { TV_PASS: 'cli passphrase 1', TV_NEW: 'cli passphrase 2', HOME: tmp.path };
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runBuiltCli([...args, '--trust-dir', trust, '--data-dir', data], { ...secrets, ...env }, tmp.path);
  const json = <T>(args: string[]): T => {
    const r = cli([...args, '--json']);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(() => {
    ensureBuiltCli();
  });
  afterAll(() => tmp.cleanup());

  it('is built where the cli script and bin point', () => {
    expect(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).bin['trust-vault']).toBe('dist/electron/cli.js');
    expect(statSync(BUILT_CLI).isFile()).toBe(true);
    // Start-up matters (npm run bench): zod alone would be 87% of the bundle, so the CLI validates without it.
    expect(readFileSync(BUILT_CLI, 'utf8')).not.toMatch(/ZodError/);
  });

  it('generates, lists, exports, changes the passphrase of and removes keys, agreeing with notary', () => {
    const root = json<KeyInfo>(['keys', 'generate', '--role', 'root', '--passphrase-env', 'TV_PASS']);
    const targets = json<KeyInfo>(['keys', 'generate', '--role', 'targets', '--gun', 'example.com/cli', '--algorithm', 'ed25519', '--passphrase-env', 'TV_PASS']);
    const named = json<KeyInfo & { publicKeyPath: string }>(['keys', 'generate', '--name', 'dave', '--dir', tmp.path, '--passphrase-env', 'TV_PASS']);
    expect(named.publicKeyPath).toBe(join(tmp.path, 'dave.pub'));
    expect(root).toMatchObject({ role: 'root', gun: null, algorithm: 'ecdsa', location: 'file' });

    const listed = json<KeyInfo[]>(['keys', 'list']);
    expect(listed.map((k) => k.id).sort()).toEqual([root.id, targets.id, named.id].sort());
    for (const k of listed) expect(Object.keys(k)).toEqual(expect.arrayContaining(['id', 'role', 'gun', 'algorithm', 'location', 'path']));
    // The second listing comes from the index and must be identical.
    expect(json<KeyInfo[]>(['keys', 'list'])).toEqual(listed);
    const notary = parseNotaryKeyList(notaryOk(trust, tmp.path, ['key', 'list']));
    expect(notary.map((k) => [k.id, k.role, k.gun]).sort()).toEqual(listed.map((k) => [k.id, k.role, k.gun ?? '']).sort());

    const out = join(tmp.path, 'bundle.pem');
    expect(json<{ path: string }>(['keys', 'export', '--id', root.id, '--id', targets.id, '--out', out]).path).toBe(out);
    expect(cli(['keys', 'export', '--id', root.id, '--out', out]).status).toBe(1); // never overwrites

    const changed = json<KeyInfo>(['keys', 'passwd', '--id', targets.id, '--passphrase-env', 'TV_PASS', '--new-passphrase-env', 'TV_NEW']);
    expect(changed.id).toBe(targets.id);
    const wrong = cli(['keys', 'passwd', '--id', targets.id, '--passphrase-env', 'TV_PASS', '--new-passphrase-env', 'TV_NEW']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/WRONG_PASSPHRASE/);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);

    const refused = cli(['keys', 'remove', '--id', named.id]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/only known copy.*--yes/);
    expect(json<{ removed: string }>(['keys', 'remove', '--id', named.id, '--yes']).removed).toBe(named.id);
    expect(json<KeyInfo[]>(['keys', 'list']).map((k) => k.id)).not.toContain(named.id);

    // The exported bundle imports into another trust dir through the CLI, under its passphrase.
    const other = join(tmp.path, 'other');
    const r = runBuiltCli(['keys', 'import', out, '--passphrase-env', 'TV_PASS', '--trust-dir', other, '--data-dir', data, '--json'], secrets);
    expect(r.status, r.stderr).toBe(0); // the bundle was taken before the passphrase change
    const report = JSON.parse(r.stdout) as { imported: KeyInfo[]; refused: unknown[] };
    expect(report.imported.map((k) => k.id).sort()).toEqual([root.id, targets.id].sort());
  });

  it('exits 2 on bad usage, without touching anything', () => {
    const before = snapshotTree(tmp.path);
    for (const args of [
      ['keys'],
      ['keys', 'frobnicate'],
      ['keys', 'list', '--bogus'],
      ['keys', 'generate', '--passphrase-env', 'TV_PASS'],
      ['keys', 'generate', '--role', 'root', '--passphrase-env', 'UNSET_VARIABLE'],
      ['keys', 'generate', '--role', 'Not A Role', '--passphrase-env', 'TV_PASS'],
      ['keys', 'export', '--id', 'abc', '--out', 'x'],
      ['keys', 'remove', '--yes'],
    ]) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^trust-vault: /);
    }
    expect(snapshotTree(tmp.path)).toEqual(before);
    expect(runBuiltCli([]).status).toBe(2);
    expect(runBuiltCli(['--help']).status).toBe(0);
  });

  it('exits 1 when the operation fails: a too-short passphrase, an unknown key', () => {
    const short = cli(['keys', 'generate', '--role', 'root', '--passphrase-env', 'SHORT'], { SHORT: 'short' });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/at least 8 characters/);
    const missing = cli(['keys', 'passwd', '--id', 'f'.repeat(64), '--passphrase-env', 'TV_PASS', '--new-passphrase-env', 'TV_NEW']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/No key f{64}/);
  });
});
