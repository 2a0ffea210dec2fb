import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../electron/core/registry/client';
import { freePort } from '../support/notary-server';
import { buildMultiArchImage, pushImage, type RunningRegistry, servedManifest, skopeoPush, startRegistry } from '../support/registry';
import { makeTempDir } from '../support/temp-dir';

describe('registry client against Debian docker-registry (distribution 2.8)', () => {
  const tmp = makeTempDir('tv-registry-');
  let plain: RunningRegistry;
  let basic: RunningRegistry;
  let token: RunningRegistry;
  beforeAll(async () => {
    [plain, basic, token] = await Promise.all([
      startRegistry(`${tmp.path}/plain`),
      startRegistry(`${tmp.path}/basic`, { kind: 'htpasswd', user: 'alice', password: 'alice pass' }),
      startRegistry(`${tmp.path}/token`, { kind: 'token', user: 'bob', password: 'bob pass' }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([plain?.stop(), basic?.stop(), token?.stop()]);
    tmp.cleanup();
  });

  it('resolves an OCI manifest, an OCI index and a Docker schema 2 manifest to the sha256 of the bytes served', async () => {
    const oci = await pushImage(plain, tmp.path, 'acme/app', 'v1');
    const index = await pushImage(plain, tmp.path, 'acme/app', 'multi', 'multi', { index: true });
    await pushImage(plain, tmp.path, 'acme/app', 'docker', 'docker', { format: 'v2s2' });
    const client = new RegistryClient(plain.host);
    const a = await client.resolve('acme/app', 'v1');
    expect(a).toEqual({ digest: oci.digest, size: oci.size, mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    const b = await client.resolve('acme/app', 'multi');
    expect(b.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(b.digest).toBe(index.digest);
    const c = await client.resolve('acme/app', 'docker');
    const served = await servedManifest(plain, 'acme/app', 'docker');
    expect(c).toEqual({ digest: served.digest, size: served.size, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' });
    expect(served.header).toBe(served.digest);
    // By digest too: the registry only confirms it.
    expect(await client.resolve('acme/app', oci.digest)).toEqual(a);
    expect(client.signedInAs).toBeNull();
  }, 60_000);

  it('resolves a multi-arch OCI index and a Docker manifest list (skopeo copy --all) to the list itself', async () => {
    const image = buildMultiArchImage(tmp.path, 'oci', 'client');
    await skopeoPush(plain, image, 'acme/multi', 'oci', { all: true });
    await skopeoPush(plain, buildMultiArchImage(tmp.path, 'list', 'client'), 'acme/multi', 'list', { all: true, format: 'v2s2' });
    const client = new RegistryClient(plain.host);
    const oci = await client.resolve('acme/multi', 'oci');
    expect(oci).toEqual({ digest: image.digest, size: image.size, mediaType: 'application/vnd.oci.image.index.v1+json' });
    const list = await client.resolve('acme/multi', 'list');
    const served = await servedManifest(plain, 'acme/multi', 'list');
    expect(list).toEqual({ digest: served.digest, size: served.size, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json' });
    expect(served.header).toBe(served.digest);
    expect(await client.resolve('acme/multi', list.digest)).toEqual(list);
  }, 60_000);

  it('lists tags across pages (Link rel="next")', async () => {
    for (const t of ['a1', 'a2', 'a3', 'a4', 'a5']) await pushImage(plain, tmp.path, 'acme/paged', t);
    const tags = await new RegistryClient(plain.host, { pageSize: 2 }).listTags('acme/paged');
    expect(tags.sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  }, 60_000);

  it('says which tag is missing, and that the registry is down', async () => {
    await pushImage(plain, tmp.path, 'acme/app', 'v1');
    await expect(new RegistryClient(plain.host).resolve('acme/app', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no tag nope in acme/app') });
    const down = `127.0.0.1:${await freePort()}`;
    await expect(new RegistryClient(down).resolve('acme/app', 'v1')).rejects.toMatchObject({ code: 'SERVER_OFFLINE', message: expect.stringContaining(down) });
  }, 60_000);

  it('basic auth: the right user resolves, a wrong password and no credentials are refused', async () => {
    const img = await pushImage(basic, tmp.path, 'team/app', 'v1');
    const ok = new RegistryClient(basic.host, { credentials: { user: 'alice', password: 'alice pass', source: 'test' } });
    expect((await ok.resolve('team/app', 'v1')).digest).toBe(img.digest);
    expect(ok.signedInAs).toBe('alice');
    await expect(new RegistryClient(basic.host, { credentials: { user: 'alice', password: 'wrong', source: 'test' } }).resolve('team/app', 'v1')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('credentials of alice'),
    });
    await expect(new RegistryClient(basic.host).resolve('team/app', 'v1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  }, 60_000);

  it('bearer token challenge: a token for repository:REPO:pull from the realm, wrong credentials refused', async () => {
    const img = await pushImage(token, tmp.path, 'team/app', 'v1');
    const client = new RegistryClient(token.host, { credentials: { user: 'bob', password: 'bob pass', source: 'test' } });
    expect((await client.resolve('team/app', 'v1')).digest).toBe(img.digest);
    expect(await client.listTags('team/app')).toEqual(['v1']);
    expect(token.tokenRequests).toContainEqual({ scope: 'repository:team/app:pull', service: 'test-registry', authenticated: true });
    await expect(new RegistryClient(token.host, { credentials: { user: 'bob', password: 'nope', source: 'test' } }).resolve('team/app', 'v1')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('token server'),
    });
    await expect(new RegistryClient(token.host).resolve('team/app', 'v1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  }, 60_000);
});
