import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotaryHttpClient } from '../../electron/core/notary/http-client';
import { checkServer } from '../../electron/core/repos/server-check';
import { makeTempDir } from '../support/temp-dir';
import { BUILT_CLI, ensureBuiltCli } from '../support/vault-cli';

/**
 * Issue 12, point 5: credentials never in clear. An http server on loopback, asked with a token or a password,
 * receives no Authorization header (no request at all), and the error says why; marked insecure, it does.
 */
describe('credentials over plain http', () => {
  const tmp = makeTempDir('tv-cred-');
  let server: Server;
  let url = '';
  const seen: { path: string; authorization: string | null }[] = [];

  beforeAll(async () => {
    ensureBuiltCli();
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization ?? null });
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"METADATA_NOT_FOUND","message":"none"}]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    tmp.cleanup();
  });

  /** The built CLI as its own process, asynchronously so this process's server can answer it. */
  const cli = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BUILT_CLI, ...args, '--trust-dir', join(tmp.path, 'trust'), '--data-dir', join(tmp.path, 'data')],
        { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path, ...env }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
      );
    });

  it('the CLI sends a token or a password to an http server only with --insecure-http', async () => {
    seen.length = 0;
    const bearer = await cli(['status', '--gun', 'example.com/app', '--server', url, '--token-env', 'TV_TOKEN'], { TV_TOKEN: 's3cret-token' });
    expect(bearer.code).toBe(1);
    expect(bearer.stderr).toMatch(/credentials for http:\/\/127\.0\.0\.1:\d+ not sent: it is plain http.*--insecure-http.*\(INSECURE_TRANSPORT\)/);
    const basic = await cli(['recover', 'plan', 'example.com/app', '--server', url, '--user-env', 'U', '--password-env', 'P'], { U: 'ana', P: 'pw' });
    expect(basic.code).toBe(1);
    expect(basic.stderr).toMatch(/INSECURE_TRANSPORT/);
    expect(seen).toEqual([]);

    const allowed = await cli(['status', '--gun', 'example.com/app', '--server', url, '--token-env', 'TV_TOKEN', '--insecure-http', '--json'], { TV_TOKEN: 's3cret-token' });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.authorization === 'Bearer s3cret-token')).toBe(true);
  });

  it('the core client and the app\'s server check refuse before connecting; the per-server setting allows it', async () => {
    seen.length = 0;
    expect(() => new NotaryHttpClient({ server: url, auth: { basic: { user: 'a', password: 'b' } } })).toThrow(/not sent: it is plain http/);
    const data = join(tmp.path, 'app-data');
    const trust = join(tmp.path, 'app-trust');
    await expect(checkServer(data, trust, 'example.com/app', { server: url, token: 'app-token', now: new Date() })).rejects.toMatchObject({ code: 'INSECURE_TRANSPORT' });
    expect(seen).toEqual([]);
    await checkServer(data, trust, 'example.com/app', { server: url, token: 'app-token', insecureHttp: true, now: new Date() });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.authorization === 'Bearer app-token')).toBe(true);
    // Remembered with the server: the next check (no choice given) still may send it.
    seen.length = 0;
    await checkServer(data, trust, 'example.com/app', { token: 'again', now: new Date() });
    expect(seen.every((r) => r.authorization === 'Bearer again')).toBe(true);
  });
});
