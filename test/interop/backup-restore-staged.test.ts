import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import { makeTempDir } from '../support/temp-dir';
import { snapshotTree } from '../support/tree-snapshot';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

/** Files and folders under `dir` with their modes and bytes (not times): "left as it was". */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      out[relative(dir, p)] = e.isDirectory() ? `dir ${statSync(p).mode.toString(8)}` : `file ${statSync(p).mode.toString(8)} ${readFileSync(p).toString('base64')}`;
      if (e.isDirectory()) walk(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/**
 * A CLI restore stages key files in the data dir as the archive streams (issue 13, point 2) and puts them in place
 * only once all of it checked out: a backup that breaks off part-way leaves the trust dir exactly as it was.
 */
describe('backup restore through the CLI, staged', () => {
  const tmp = makeTempDir('tv-restore-staged-');
  const trust = join(tmp.path, 'trust');
  const data = join(tmp.path, 'data');
  const file = join(tmp.path, 'keys.tar.gz.age');
  const env = { HOME: tmp.path, TV_BACKUP: 'staged restore backup passphrase' };
  const cli = (args: string[], trustDir = trust) => runBuiltCli([...args, '--trust-dir', trustDir, '--data-dir', data], env, tmp.path);
  afterAll(() => tmp.cleanup());

  beforeAll(() => {
    ensureBuiltCli();
    // 300 distinct key files (encrypted, so they do not compress): two or more 64 KiB age chunks, so a cut falls after
    // some keys went by.
    for (let i = 0; i < 300; i++) generateKey(trust, { role: 'targets', gun: `example.com/app${i}`, algorithm: 'ecdsa', passphrase: 'key passphrase' });
    const made = cli(['backup', 'create', '--out', file, '--passphrase-env', 'TV_BACKUP']);
    expect(made.status, made.stderr).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(2 * 64 * 1024);
  });

  it('a backup cut short restores nothing: no folder made, an existing trust dir unchanged', () => {
    const bytes = readFileSync(file);
    const cut = join(tmp.path, 'cut.tar.gz.age');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const fresh = join(tmp.path, 'fresh', 'trust');
    mkdirSync(join(tmp.path, 'fresh'));
    const r = cli(['backup', 'restore', cut, '--passphrase-env', 'TV_BACKUP'], fresh);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ends early|truncated|cut off/i);
    expect(existsSync(fresh)).toBe(false);

    const existing = join(tmp.path, 'existing');
    generateKey(existing, { role: 'alice', algorithm: 'ecdsa', passphrase: 'key passphrase' });
    const before = snapshotTree(existing);
    expect(cli(['backup', 'restore', cut, '--passphrase-env', 'TV_BACKUP'], existing).status).toBe(1);
    // Not a byte, a mode or a folder's mtime changed; and nothing is left staged in the data dir.
    expect(snapshotTree(existing)).toEqual(before);
    expect(readdirSync(join(data, 'restore-staging'))).toEqual([]);
  });

  it('a whole backup restores every key, 0600, and leaves nothing staged', () => {
    const target = join(tmp.path, 'restored');
    const r = cli(['backup', 'restore', file, '--passphrase-env', 'TV_BACKUP', '--json'], target);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { keys: { path: string; action: string }[] };
    expect(report.keys).toHaveLength(300);
    expect(report.keys.every((k) => k.action === 'written')).toBe(true);
    const names = readdirSync(join(target, 'private'));
    expect(names.sort()).toEqual(readdirSync(join(trust, 'private')).sort());
    for (const n of names) {
      expect(statSync(join(target, 'private', n)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(target, 'private', n)).equals(readFileSync(join(trust, 'private', n)))).toBe(true);
    }
    expect(readdirSync(join(data, 'restore-staging'))).toEqual([]);
    expect(contents(target)).toEqual(contents(trust));
  });
});
