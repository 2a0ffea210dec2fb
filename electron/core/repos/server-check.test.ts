import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { RepoServerCheck, ServerSettingView } from '../../../shared/dto/repos';
import { serveFiles, startFakeServer } from '../../../test/support/fake-servers';
import { makeTempDir } from '../../../test/support/temp-dir';
import { certKey, ecdsaKey, ed25519Key, writeTestRepo } from '../../../test/support/tuf-repo';
import { scriptedCore } from '../../../test/support/scripted-core';

/** repos.checkServer, repos.chooseCaFile and repos.serverSetting through the guarded dispatcher. */

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('checking a repository against its server', () => {
  const tmp = makeTempDir('tv-server-check-');
  afterAll(() => tmp.cleanup());
  const now = new Date();
  const core = scriptedCore(tmp.path, { now: () => now });
  const { call, fail, folders, openFiles } = core;
  const dataDir = core.ports.dataDir;
  const gun = 'example.com/acme/web';
  const trust = join(tmp.path, 'trust');
  const root = certKey('ecdsa', gun, { days: 36500 });
  writeTestRepo(trust, { gun, root: [root], targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ed25519Key(), tags: { v1: 'one' } });
  let dirId = '';
  const ready = (async () => {
    folders.push(trust);
    dirId = (await call<TrustDirInfo | null>('trustDirs.add', {}))!.id;
  })();

  it('refuses a URL that is not http or https, and arguments it does not know', async () => {
    await ready;
    expect(await fail('repos.checkServer', { trustDirId: dirId, gun, server: 'file:///etc/passwd' })).toBe('INVALID_ARGUMENT');
    expect(await fail('repos.checkServer', { trustDirId: dirId, gun, server: 'not a url' })).toBe('INVALID_ARGUMENT');
    expect(await fail('repos.checkServer', { trustDirId: dirId, gun, server: 'http://u:p@127.0.0.1:1' })).toBe('INVALID_ARGUMENT');
    expect(await fail('repos.checkServer', { trustDirId: dirId, gun, caFile: '/etc/ssl/x.pem' })).toBe('INVALID_ARGUMENT');
    // No server given and none remembered.
    expect(await fail('repos.checkServer', { trustDirId: dirId, gun })).toBe('INVALID_ARGUMENT');
  });

  it('a server that is down is a SERVER_OFFLINE problem, not an error', async () => {
    await ready;
    const server = `http://127.0.0.1:${await closedPort()}`;
    // Plain http with a token: refused unless the server is marked insecure (issue 12, point 5).
    expect(await fail('repos.checkServer', { trustDirId: dirId, gun, server, token: 'secret-token' })).toBe('INSECURE_TRANSPORT');
    const r = await call<RepoServerCheck>('repos.checkServer', { trustDirId: dirId, gun, server, token: 'secret-token', insecureHttp: true });
    expect(r.verdict).toBe('broken');
    expect(r.problems.map((p) => p.code)).toContain('SERVER_OFFLINE');
    expect(r.serverRootKeyIds).toEqual([]);
    // Remembered (without the token).
    expect(await call<ServerSettingView>('repos.serverSetting', { trustDirId: dirId, gun })).toEqual({ server, caFileName: null, insecureHttp: true });
    expect(readFileSync(join(dataDir, 'settings', 'servers.json'), 'utf8')).not.toContain('secret-token');
  });

  it('a server serving the cached files: trusted, with the server root key IDs; the CA file comes from the dialog', async () => {
    await ready;
    const meta = join(trust, 'tuf', gun, 'metadata');
    const files = new Map(readdirSync(meta).filter((f) => f.endsWith('.json')).map((f) => [`/v2/${gun}/_trust/tuf/${f}`, readFileSync(join(meta, f))] as const));
    const fake = await startFakeServer(serveFiles(files));
    try {
      const r = await call<RepoServerCheck>('repos.checkServer', { trustDirId: dirId, gun, server: fake.url });
      expect(r.problems).toEqual([]);
      expect(r.verdict).toBe('trusted');
      expect(r.serverRootKeyIds).toEqual([root.id]);
      // Remembered: a second check needs no URL.
      expect((await call<RepoServerCheck>('repos.checkServer', { trustDirId: dirId, gun })).server).toBe(fake.url);
    } finally {
      await fake.stop();
    }
    const ca = join(tmp.path, 'ca.pem');
    writeFileSync(ca, root.pem);
    openFiles.push([ca]);
    expect(await call<ServerSettingView | null>('repos.chooseCaFile', { trustDirId: dirId, gun })).toMatchObject({ caFileName: 'ca.pem' });
    expect(await call<ServerSettingView | null>('repos.chooseCaFile', { trustDirId: dirId, gun })).toBeNull();
    expect((await call<ServerSettingView>('repos.serverSetting', { trustDirId: dirId, gun })).caFileName).toBe('ca.pem');
  });

  it('a server remembered for the whole trust dir applies to every repository of it', async () => {
    await ready;
    const other = 'example.com/acme/other';
    const server = `http://127.0.0.1:${await closedPort()}`;
    await call<RepoServerCheck>('repos.checkServer', { trustDirId: dirId, gun, server, scope: 'trustDir' });
    expect((await call<ServerSettingView>('repos.serverSetting', { trustDirId: dirId, gun: other })).server).toBe(server);
    // The repository's own earlier value no longer shadows the trust dir's.
    expect((await call<ServerSettingView>('repos.serverSetting', { trustDirId: dirId, gun })).server).toBe(server);
    expect(await fail('repos.checkServer', { trustDirId: dirId, gun, server, scope: 'everywhere' })).toBe('INVALID_ARGUMENT');
  });
});
