import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { readLedger } from '../../electron/core/backup/ledger';
import { makeTempDir } from '../support/temp-dir';
import { BUILT_CLI, ensureBuiltCli } from '../support/vault-cli';

/**
 * Errors that name the real cause, with exit code 1 (issue 13, point 5): a trust dir that is a file, a damaged
 * audit log, a module that is not PKCS#11, https to a plain-HTTP server, and a full disk (a small tmpfs this test
 * mounts and unmounts; skipped where mounting is not allowed).
 */
describe('errors that name the real cause', () => {
  const tmp = makeTempDir('tv-error-causes-');
  const PASS = 'a key passphrase of some length';
  beforeAll(() => ensureBuiltCli(), 120_000);
  afterAll(() => tmp.cleanup());

  /** The built CLI without blocking the event loop (the plain HTTP server of one test runs in this process). */
  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BUILT_CLI, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path, TV_PASS: PASS, ...env }, cwd: tmp.path });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += String(d)));
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('keys list --trust-dir FILE: an error that says it is a file, exit 1', async () => {
    const file = join(tmp.path, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = await cli(['keys', 'list', '--trust-dir', file, '--data-dir', join(tmp.path, 'd1')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--trust-dir .*not-a-folder is a file, not a folder/);
  });

  it('audit list on a damaged log says so, exit 1', async () => {
    const trust = join(tmp.path, 'audit-trust');
    const data = join(tmp.path, 'audit-data');
    for (let i = 0; i < 2; i++) expect((await cli(['keys', 'generate', '--role', 'root', '--passphrase-env', 'TV_PASS', '--trust-dir', trust, '--data-dir', data])).status).toBe(0);
    expect((await cli(['audit', 'list', '--trust-dir', trust, '--data-dir', data])).status).toBe(0);
    const file = new AuditLog({ dataDir: data, via: 'cli' }).file;
    writeFileSync(file, readFileSync(file, 'utf8').replace('key.generated', 'key.removed'));
    const r = await cli(['audit', 'list', '--trust-dir', trust, '--data-dir', data]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the audit log .* is damaged: its hash chain is broken .* \(AUDIT_LOG_DAMAGED\)/);
  });

  it('a module that is not a PKCS#11 module says so in every command that takes --module', async () => {
    const notModule = join(tmp.path, 'not-a-module.so');
    writeFileSync(notModule, 'this is not a shared library\n'.repeat(100));
    const common = ['--module', notModule, '--trust-dir', join(tmp.path, 'm-trust'), '--data-dir', join(tmp.path, 'm-data')];
    for (const args of [
      ['token', 'list'],
      ['token', 'generate-root', '--token', 'any', '--pin-env', 'TV_PASS', '--passphrase-env', 'TV_PASS'],
      ['recover', 'plan', 'example.com/app'],
    ]) {
      const r = await cli([...args, ...common]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/not-a-module\.so is not a PKCS#11 module .*\(TOKEN_MODULE_INVALID\)/);
    }
  });

  it('https to a plain-HTTP server: "the server does not speak TLS", not an unknown CA', async () => {
    const server: Server = createServer((_req, res) => res.end('plain'));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const common = ['--trust-dir', join(tmp.path, 'tls-trust'), '--data-dir', join(tmp.path, 'tls-data')];
      const pass = ['--root-passphrase-env', 'TV_PASS', '--targets-passphrase-env', 'TV_PASS', '--snapshot-passphrase-env', 'TV_PASS'];
      const status = await cli(['status', '--gun', 'example.com/app', '--server', url, ...common]);
      expect(status.stdout).toMatch(/TLS_NOT_SPOKEN .*the server does not speak TLS/);
      for (const args of [['repo', 'init', 'example.com/app', '--server', url, ...pass], ['recover', 'plan', 'example.com/app', '--server', url]]) {
        const r = await cli([...args, ...common]);
        expect(r.status, args.join(' ')).toBe(1);
        expect(r.stderr, args.join(' ')).toMatch(/the server does not speak TLS/);
        expect(r.stderr, args.join(' ')).not.toMatch(/unknown authority/);
      }
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  describe('a full disk', () => {
    const mnt = join(tmp.path, 'small-disk');
    let mounted = false;
    beforeAll(() => {
      mkdirSync(mnt, { recursive: true });
      mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', mnt]).status === 0;
    });
    afterAll(() => {
      if (mounted) execFileSync('umount', [mnt]);
    });

    it('says "no space left on DEVICE" and what was left unchanged, never "internal error"', async (ctx) => {
      if (!mounted) ctx.skip();
      const trust = join(mnt, 'trust');
      const data = join(tmp.path, 'full-data');
      expect((await cli(['keys', 'generate', '--role', 'root', '--passphrase-env', 'TV_PASS', '--trust-dir', trust, '--data-dir', data])).status).toBe(0);
      const before = readdirSync(join(trust, 'private')).sort();
      // Fill what is left.
      spawnSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4k']);
      const r = await cli(['keys', 'generate', '--role', 'targets', '--gun', 'example.com/app', '--passphrase-env', 'TV_PASS', '--trust-dir', trust, '--data-dir', data]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`no space left on tmpfs \\(mounted at ${mnt.replace(/[/.]/g, '\\$&')}\\).*was left as it was`));
      expect(r.stderr).not.toMatch(/internal error/);
      expect(readdirSync(join(trust, 'private')).sort()).toEqual(before);

      // A backup to the full disk: nothing recorded in the ledger.
      const b = await cli(['backup', 'create', '--out', join(mnt, 'keys.tar.gz.age'), '--passphrase-env', 'TV_PASS', '--trust-dir', trust, '--data-dir', data]);
      expect(b.status).toBe(1);
      expect(b.stderr).toMatch(/no space left on tmpfs .*nothing that looks like a backup was left/);
      expect(readLedger(data).backups).toEqual([]);
    });
  });
});
