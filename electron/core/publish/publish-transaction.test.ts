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
  const change = { trustDir, gun, server: { server: url, timeoutMs: 5000 }, current: null, files: built.files, serverSignsSnapshot: true, newKeys: [root, targets], retiredKeyIds: [], now };
  return { change, ids: [root.key.id, targets.key.id] };
}

describe('publishChange', () => {
  it('a publish the server refuses: no key file and no cache is written, the trust dir is not even created', async () => {
    const trust = join(tmp.path, 'refused');
    const s = await server(500);
    const { change } = await newRepositoryChange(trust, s.url);
    await expect(publishChange(change)).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(existsSync(trust)).toBe(false);
    expect(s.paths).toEqual([`/v2/${gun}/_trust/tuf/`]);
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
