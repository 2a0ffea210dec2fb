import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { parseChallenges } from './challenge';
import { dockerCredentials } from './docker-config';
import { parseImageRef } from './reference';
import { mayCarryCredentials, mayUsePlainHttp } from './transport-policy';

describe('image references, normalised as docker does', () => {
  it.each([
    ['alpine', { registry: 'docker.io', repository: 'library/alpine', gun: 'docker.io/library/alpine' }],
    ['alpine:3.20', { repository: 'library/alpine', tag: '3.20' }],
    ['team/app:v1', { registry: 'docker.io', repository: 'team/app', tag: 'v1' }],
    ['index.docker.io/library/alpine', { registry: 'docker.io', gun: 'docker.io/library/alpine' }],
    ['127.0.0.1:5000/acme/app:v1', { registry: '127.0.0.1:5000', repository: 'acme/app', gun: '127.0.0.1:5000/acme/app', tag: 'v1' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    [`r.example.com/a/b:t@sha256:${'a'.repeat(64)}`, { registry: 'r.example.com', tag: 't', digest: `sha256:${'a'.repeat(64)}` }],
  ])('%s', (ref, want) => expect(parseImageRef(ref)).toMatchObject(want));

  it.each(['', 'UPPER/case', 'a//b', 'app:bad tag', 'app@sha256:xyz', 'r.example.com/../x'])('refuses %j', (ref) => {
    expect(() => parseImageRef(ref)).toThrow(/not an image reference/);
  });
});

describe('transport policy (credentials only over https unless loopback or insecure)', () => {
  const p = { insecure: ['reg.lan:5000'] };
  it('plain http for 127.0.0.0/8, localhost and insecure registries only', () => {
    expect(mayUsePlainHttp('127.0.0.1:5000', p)).toBe(true);
    expect(mayUsePlainHttp('127.8.9.10', p)).toBe(true);
    expect(mayUsePlainHttp('localhost:5000', p)).toBe(true);
    expect(mayUsePlainHttp('reg.lan:5000', p)).toBe(true);
    expect(mayUsePlainHttp('reg.lan:5001', p)).toBe(false);
    expect(mayUsePlainHttp('128.0.0.1', p)).toBe(false);
  });
  it('credentials never over plain http to another host', () => {
    expect(mayCarryCredentials(new URL('https://auth.example.com/token'), p)).toBe(true);
    expect(mayCarryCredentials(new URL('http://auth.example.com/token'), p)).toBe(false);
    expect(mayCarryCredentials(new URL('http://127.0.0.1:9/token'), p)).toBe(true);
    expect(mayCarryCredentials(new URL('http://reg.lan:5000/token'), p)).toBe(true);
  });
});

describe('WWW-Authenticate challenges', () => {
  it('parses bearer parameters with quoted strings and several challenges', () => {
    expect(parseChallenges('Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.example.com/token', service: 'registry.example.com', scope: 'repository:a/b:pull,push' } },
    ]);
    expect(parseChallenges(['Basic realm="x"', 'Bearer realm="y\\"z"']).map((c) => [c.scheme, c.params.realm])).toEqual([
      ['basic', 'x'],
      ['bearer', 'y"z'],
    ]);
  });
});

describe("docker's config.json", () => {
  const tmp = makeTempDir('tv-dockercfg-');
  afterAll(() => tmp.cleanup());
  const env = { PATH: `${tmp.path}/bin:/usr/bin:/bin`, HOME: tmp.path };
  const config = (name: string, doc: object) => {
    const dir = join(tmp.path, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify(doc));
    return dir;
  };

  it('auths: base64 user:password, per registry; Docker Hub under its v1 URL', async () => {
    const dir = config('auths', { auths: { '127.0.0.1:5000': { auth: Buffer.from('alice:pw:with:colons').toString('base64') }, 'https://index.docker.io/v1/': { auth: Buffer.from('hub:x').toString('base64') } } });
    expect(await dockerCredentials(dir, '127.0.0.1:5000', env)).toMatchObject({ user: 'alice', password: 'pw:with:colons' });
    expect(await dockerCredentials(dir, 'docker.io', env)).toMatchObject({ user: 'hub', password: 'x' });
    expect(await dockerCredentials(dir, 'other:1', env)).toBeNull();
    expect(await dockerCredentials(join(tmp.path, 'none'), 'x', env)).toBeNull();
  });

  it('credHelpers and credsStore run docker-credential-NAME get with a minimal environment', async () => {
    mkdirSync(join(tmp.path, 'bin'), { recursive: true });
    const helper = join(tmp.path, 'bin', 'docker-credential-testhelper');
    // Echoes the server it was asked for and whether any variable beyond PATH and HOME reached it.
    writeFileSync(helper, '#!/bin/sh\nread server\nextra=$(env | grep -v -e ^PATH= -e ^HOME= -e ^PWD= -e ^SHLVL= -e ^_= | wc -l)\nif [ "$server" = "nothing.example" ]; then echo "credentials not found in native keychain"; exit 1; fi\nprintf \'{"ServerURL":"%s","Username":"u-%s","Secret":"extra=%s"}\' "$server" "$server" "$extra"\n');
    chmodSync(helper, 0o755);
    const dir = config('helpers', { credHelpers: { 'reg.example.com': 'testhelper' }, credsStore: 'testhelper' });
    expect(await dockerCredentials(dir, 'reg.example.com', env)).toMatchObject({ user: 'u-reg.example.com', password: 'extra=0', source: 'docker-credential-testhelper' });
    expect(await dockerCredentials(dir, 'nothing.example', env)).toBeNull();
    const broken = config('broken', { credsStore: 'absent' });
    await expect(dockerCredentials(broken, 'x.example', env)).rejects.toThrow(/docker-credential-absent/);
  });
});
