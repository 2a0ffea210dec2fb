import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { freePort } from './notary-server';
import { makeTestCa } from './tls-certs';

export const REGISTRY_BIN = process.env.REGISTRY_BIN ?? '/usr/bin/docker-registry';
export const SKOPEO_BIN = process.env.SKOPEO_BIN ?? '/usr/bin/skopeo';

export type RegistryAuth = { kind: 'none' } | { kind: 'htpasswd'; user: string; password: string } | { kind: 'token'; user: string; password: string };

export interface RunningRegistry {
  /** `127.0.0.1:PORT`, as it appears in image references and GUNs. */
  host: string;
  pid: number;
  auth: RegistryAuth;
  /** The token server's requests, for tests of what the client sent (never credentials). */
  tokenRequests: { scope: string | null; service: string | null; authenticated: boolean }[];
  stop: () => Promise<void>;
}

/**
 * Debian's docker-registry (distribution 2.8) on loopback with filesystem storage in `dir`: plain, with htpasswd
 * basic auth (`htpasswd -Bbn`), or behind a bearer token challenge whose realm is a token server served here,
 * signing ES256 JWTs with a throwaway key whose certificate is the registry's `rootcertbundle`. Stopped by PID.
 */
export async function startRegistry(dir: string, auth: RegistryAuth = { kind: 'none' }): Promise<RunningRegistry> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const port = await freePort();
  const tokenRequests: RunningRegistry['tokenRequests'] = [];
  let tokenServer: Server | null = null;
  let authYaml = '';
  if (auth.kind === 'htpasswd') {
    const line = execFileSync('htpasswd', ['-Bbn', auth.user, auth.password], { encoding: 'utf8' }).trim();
    writeFileSync(join(dir, 'htpasswd'), `${line}\n`);
    authYaml = `auth:\n  htpasswd:\n    realm: test-registry\n    path: ${join(dir, 'htpasswd')}\n`;
  } else if (auth.kind === 'token') {
    const ca = makeTestCa(join(dir, 'token-ca'), 'token');
    const started = await startTokenServer(ca.caFile, ca.caKeyFile, auth, tokenRequests);
    tokenServer = started.server;
    authYaml = `auth:\n  token:\n    realm: http://127.0.0.1:${started.port}/token\n    service: test-registry\n    issuer: test-issuer\n    rootcertbundle: ${ca.caFile}\n`;
  }
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${authYaml}`,
  );
  const child = spawn(REGISTRY_BIN, ['serve', config], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output = (output + String(d)).slice(-4000)));
  child.stderr?.on('data', (d) => (output = (output + String(d)).slice(-4000)));
  try {
    await waitForRegistry(`http://127.0.0.1:${port}/v2/`, child, () => output);
  } catch (e) {
    child.kill('SIGKILL');
    tokenServer?.close();
    throw e;
  }
  return {
    host: `127.0.0.1:${port}`,
    pid: child.pid!,
    auth,
    tokenRequests,
    stop: async () => {
      await stopChild(child);
      await new Promise<void>((r) => (tokenServer ? tokenServer.close(() => r()) : r()));
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(child.pid!, 'SIGTERM');
    setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid!, 'SIGKILL'), 3000).unref();
  });
}

async function waitForRegistry(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${log()}`);
    try {
      const r = await fetch(url);
      if (r.status === 200 || r.status === 401) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not answer on ${url}: ${log()}`);
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A token server as docker's auth spec has it: basic credentials in, an ES256 JWT with the granted access out. */
async function startTokenServer(certFile: string, keyFile: string, auth: { user: string; password: string }, log: RunningRegistry['tokenRequests']): Promise<{ server: Server; port: number }> {
  const certDer = Buffer.from(readFileSync(certFile, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const key = createPrivateKey(readFileSync(keyFile));
  const expected = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const authenticated = req.headers.authorization === expected;
    const scope = url.searchParams.get('scope');
    log.push({ scope, service: url.searchParams.get('service'), authenticated });
    if (req.headers.authorization !== undefined && !authenticated) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"wrong credentials"}');
      return;
    }
    const access = [];
    const m = scope ? /^repository:([^:]+):(.+)$/.exec(scope) : null;
    if (m && authenticated) access.push({ type: 'repository', name: m[1], actions: m[2]!.split(',') });
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: [certDer.toString('base64')] }));
    const claims = b64url(JSON.stringify({ iss: 'test-issuer', sub: authenticated ? auth.user : '', aud: 'test-registry', exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access }));
    const sig = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${header}.${claims}.${b64url(sig)}`, expires_in: 300 }));
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { server, port };
}

export interface BuiltImage {
  /** The OCI layout folder. */
  layout: string;
  /** The manifest (or index) digest and size in the layout: what the registry serves for an OCI push. */
  digest: string;
  size: number;
}

function putBlob(layout: string, bytes: Buffer): { digest: string; size: number } {
  const hex = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(layout, 'blobs', 'sha256', hex), bytes);
  return { digest: `sha256:${hex}`, size: bytes.length };
}

/**
 * A minimal OCI image layout written by hand (`oci-layout`, `index.json`, blobs): one gzip layer whose content is
 * `seed`, so each seed is a different image. With `index: true` the tag names an OCI image index over the manifest.
 */
export function buildOciImage(dir: string, tag: string, seed: string, o: { index?: boolean } = {}): BuiltImage {
  const layout = join(dir, `layout-${createHash('sha256').update(`${tag}\0${seed}`).digest('hex').slice(0, 12)}`);
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  const layer = putBlob(layout, gzipSync(Buffer.from(`content of ${seed}\n`)));
  const diffId = `sha256:${createHash('sha256').update(`content of ${seed}\n`).digest('hex')}`;
  const config = putBlob(layout, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId] }, config: {} })));
  const manifest = putBlob(
    layout,
    Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }] })),
  );
  let top = { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest };
  if (o.index) {
    const index = putBlob(layout, Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { architecture: 'amd64', os: 'linux' } }] })));
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', ...index };
  }
  writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ ...top, annotations: { 'org.opencontainers.image.ref.name': tag } }] }));
  return { layout, digest: top.digest, size: top.size };
}

/**
 * A multi-arch image: one image per platform (amd64, arm64), each its own layer and config, under an OCI image index
 * that the layout's `index.json` names as `tag`. Pushed with `skopeo copy --all` it stays an OCI index; with
 * `--all --format v2s2` skopeo rewrites it as a Docker manifest list over Docker schema 2 manifests.
 */
export function buildMultiArchImage(dir: string, tag: string, seed: string): BuiltImage {
  const layout = join(dir, `multi-${createHash('sha256').update(`${tag}\0${seed}`).digest('hex').slice(0, 12)}`);
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  const manifests = (['amd64', 'arm64'] as const).map((architecture) => {
    const content = `content of ${seed} for ${architecture}\n`;
    const layer = putBlob(layout, gzipSync(Buffer.from(content)));
    const diffId = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    const config = putBlob(layout, Buffer.from(JSON.stringify({ architecture, os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId] }, config: {} })));
    const manifest = putBlob(
      layout,
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }] })),
    );
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { architecture, os: 'linux' } };
  });
  const index = putBlob(layout, Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests })));
  writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', ...index, annotations: { 'org.opencontainers.image.ref.name': tag } }] }));
  return { layout, ...index };
}

/**
 * Pushes an OCI layout's tag into the registry with skopeo (`--dest-tls-verify=false`, credentials when the registry
 * has them). `format: 'v2s2'` converts to Docker's schema 2 manifest on the way. Returns skopeo's output.
 */
export function skopeoPush(reg: RunningRegistry, image: BuiltImage, repo: string, tag: string, o: { format?: 'v2s2' | 'oci'; all?: boolean } = {}): Promise<string> {
  const args = ['copy', '--quiet', '--dest-tls-verify=false', ...(o.format ? ['--format', o.format] : []), ...(o.all ? ['--all'] : [])];
  if (reg.auth.kind !== 'none') args.push('--dest-creds', `${reg.auth.user}:${reg.auth.password}`);
  args.push(`oci:${image.layout}:${tag}`, `docker://${reg.host}/${repo}:${tag}`);
  // Asynchronous: the token server answering skopeo runs in this process.
  return new Promise((resolve, reject) => {
    execFile(SKOPEO_BIN, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(image.layout, '..') }, timeout: 60_000 }, (e, stdout, stderr) =>
      e ? reject(new Error(`skopeo ${args.join(' ')} failed: ${e.message} ${stderr}`)) : resolve(stdout),
    );
  });
}

/** Builds an image for `seed` and pushes it as repo:tag; returns what the layout holds for that tag. */
export async function pushImage(reg: RunningRegistry, dir: string, repo: string, tag: string, seed = `${repo}:${tag}`, o: { index?: boolean; format?: 'v2s2' } = {}): Promise<BuiltImage> {
  const image = buildOciImage(dir, tag, seed, { index: o.index });
  await skopeoPush(reg, image, repo, tag, { ...(o.format ? { format: o.format } : {}), ...(o.index ? { all: true } : {}) });
  return image;
}

/** What a plain (no auth) registry serves for a tag, fetched and hashed without the vault's client. */
export async function servedManifest(reg: RunningRegistry, repo: string, tag: string): Promise<{ digest: string; size: number; header: string | null }> {
  const accept = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json';
  const r = await fetch(`http://${reg.host}/v2/${repo}/manifests/${tag}`, { headers: { Accept: accept } });
  if (!r.ok) throw new Error(`GET manifest ${repo}:${tag}: HTTP ${r.status}`);
  const body = Buffer.from(await r.arrayBuffer());
  return { digest: `sha256:${createHash('sha256').update(body).digest('hex')}`, size: body.length, header: r.headers.get('docker-content-digest') };
}
