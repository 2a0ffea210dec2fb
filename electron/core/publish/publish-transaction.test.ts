import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-servers';
import { makeTempDir } from '../../../test/support/temp-dir';
import { generatePrivateKey } from '../keys/generate';
import { publicTufKey, rootCertificateKey } from './metadata/keys';
import { buildNewRepository } from './metadata/repo-builder';
import { signerFromPrivateKey } from './metadata/signer';
import { publishChange } from './publish-transaction';
import { newPendingKey } from './role-signers';

const gun = 'example.com/publish/transaction';
const now = new Date();
const tmp = makeTempDir('tv-publish-tx-');
const servers: FakeServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  tmp.cleanup();
});

/** A server that answers every publish with `status`, and 404 to everything else. */
async function server(status: number): Promise<FakeServer> {
  const s = await startFakeServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const publish = req.method === 'POST';
      res.writeHead(publish ? status : 404, { 'Content-Type': 'application/json' });
      res.end(publish && status === 200 ? '{}' : JSON.stringify({ errors: [{ code: publish ? 'UNKNOWN' : 'METADATA_NOT_FOUND', message: 'nope', detail: null }] }));
    });
  });
  servers.push(s);
  return s;
}

async function newRepositoryChange(trustDir: string, url: string) {
  const root = newPendingKey('root', gun, 'root pass 1');
  const targets = newPendingKey('targets', gun, 'targets pass 1');
  const built = await buildNewRepository({
    gun,
    root: signerFromPrivateKey(root.key, await rootCertificateKey(root.key, gun, now)),
    targets: signerFromPrivateKey(targets.key),
    snapshot: { server: publicTufKey(generatePrivateKey('ed25519')) },
    timestamp: publicTufKey(generatePrivateKey('ed25519')),
    now,
  });
  const change = { trustDir, gun, server: { server: url, timeoutMs: 5000 }, current: null, files: built.files, serverSignsSnapshot: true, newKeys: [root, targets], retiredKeyIds: [], now, dataDir: `${trustDir}-data` };
  return { change, ids: [root.key.id, targets.key.id] };
}

describe('publishChange', () => {
  it('a publish the server refuses: the keys written first are moved aside into the data dir, no cache is written', async () => {
    const trust = join(tmp.path, 'refused');
    const s = await server(500);
    const { change, ids } = await newRepositoryChange(trust, s.url);
    await expect(publishChange(change)).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(readdirSync(join(trust, 'private'))).toEqual([]);
    expect(readdirSync(join(change.dataDir, 'retired-keys')).map((n) => n.slice(-68)).sort()).toEqual(ids.map((id) => `${id}.key`).sort());
    expect(existsSync(join(trust, 'tuf'))).toBe(false);
    // Published, then asked by checksum whether the server has it after all (a proxy may have lost its answer).
    expect(s.paths).toEqual([`/v2/${gun}/_trust/tuf/`, expect.stringMatching(new RegExp(`^/v2/${gun}/_trust/tuf/root\\.[0-9a-f]{64}\\.json$`))]);
  });

  it('a change that makes keys is refused without a data dir to record it in, before anything is sent', async () => {
    const trust = join(tmp.path, 'no-data-dir');
    const s = await server(200);
    const { change } = await newRepositoryChange(trust, s.url);
    await expect(publishChange({ ...change, dataDir: undefined })).rejects.toThrow(/needs the data dir/);
    expect(s.paths).toEqual([]);
  });

  it('a change that does not verify locally is never sent', async () => {
    const trust = join(tmp.path, 'unverified');
    const s = await server(200);
    const { change } = await newRepositoryChange(trust, s.url);
    change.files.delete('targets');
    await expect(publishChange(change)).rejects.toThrow(/does not verify locally, so it was not sent/);
    expect(s.paths).toEqual([]);
    expect(existsSync(trust)).toBe(false);
  });

  it('accepted, but the server cannot be read back: the keys are written, the cache is left for notary to fetch', async () => {
    const trust = join(tmp.path, 'accepted');
    const s = await server(200);
    const { change, ids } = await newRepositoryChange(trust, s.url);
    const r = await publishChange(change);
    expect(readdirSync(join(trust, 'private')).sort()).toEqual(ids.map((id) => `${id}.key`).sort());
    expect(r).toMatchObject({ cacheUpdated: false, state: null });
    expect(r.cacheProblem).toMatch(/published, but the cache could not be refreshed: .*no trust data/);
    expect(existsSync(join(trust, 'tuf'))).toBe(false);
  });
});
