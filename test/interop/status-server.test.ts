import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepoStatus } from '../../shared/dto/status';
import { runCli } from '../../electron/cli/run';
import { statusOfCache } from '../../electron/core/tuf/cache-status';
import { canonicalJson } from '../../electron/core/tuf/canonical-json';
import { statusOfServer } from '../../electron/core/tuf/remote-status';
import { type FakeServer, serveFiles, startFakeServer } from '../support/fake-servers';
import { notaryOk, runNotary } from '../support/notary-cli';
import { publishRepoWithDelegation } from '../support/notary-repo';
import { freePort, type RunningNotaryServer, startNotaryServer } from '../support/notary-server';
import { makeTempDir } from '../support/temp-dir';
import { makeServerCert, makeTestCa } from '../support/tls-certs';
import { snapshotTree } from '../support/tree-snapshot';
import { ecdsaKey } from '../support/tuf-repo';

/**
 * The status of a repository as a live notary server serves it (issue 3, point 2), checked against the root pinned
 * in the trust dir, next to the status of the cache the real notary CLI wrote; and every way a server can fail.
 */
describe('status from a notary server', () => {
  const tmp = makeTempDir('tv-status-server-');
  const trust = join(tmp.path, 'trust');
  const gun = 'example.com/server/app';
  const env = {
    NOTARY_ROOT_PASSPHRASE: 'root pass 1',
    NOTARY_TARGETS_PASSPHRASE: 'targets pass 1',
    NOTARY_SNAPSHOT_PASSPHRASE: 'snapshot pass 1',
    NOTARY_DELEGATION_PASSPHRASE: 'delegation pass 1',
  };
  let server: RunningNotaryServer;
  let tlsServer: RunningNotaryServer;
  let listedByNotary = '';
  let ca: { caFile: string };
  let wrongCa: { caFile: string };
  const fakes: FakeServer[] = [];
  const notary = (dir: string, args: string[]) => notaryOk(dir, tmp.path, ['-s', server.url, ...args], env);
  const file = (name: string, text: string) => {
    writeFileSync(join(tmp.path, name), text);
    return join(tmp.path, name);
  };
  const tuf = (name: string, g = gun) => `/v2/${g}/_trust/tuf/${name}`;
  const codes = (s: RepoStatus) => s.problems.map((p) => `${p.code} ${p.role}`);
  const fake = async (handler: Parameters<typeof startFakeServer>[0]) => {
    const f = await startFakeServer(handler);
    fakes.push(f);
    return f;
  };
  /** The files of the published repository as the real server serves them (plain names only). */
  const mirror = async (g = gun): Promise<Map<string, Buffer>> => {
    const files = new Map<string, Buffer>([['/v2/', Buffer.from('{}')]]);
    for (const role of ['root', 'timestamp', 'snapshot', 'targets', ...(g === gun ? ['targets/releases'] : [])]) {
      const body = await new Promise<Buffer>((resolve, reject) => {
        request(`${server.url}${tuf(`${role}.json`, g)}`, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${role}: ${res.statusCode}`))));
        })
          .on('error', reject)
          .end();
      });
      files.set(tuf(`${role}.json`, g), body);
    }
    return files;
  };

  beforeAll(async () => {
    const certs = join(tmp.path, 'certs');
    const goodCa = makeTestCa(certs, 'good');
    ca = goodCa;
    wrongCa = makeTestCa(certs, 'wrong');
    const serverCert = makeServerCert(certs, goodCa, 'notary-server', 'IP:127.0.0.1');
    [server, tlsServer] = await Promise.all([
      startNotaryServer(join(tmp.path, 'server')),
      startNotaryServer(join(tmp.path, 'tls-server'), { ...serverCert, caFile: goodCa.caFile }),
    ]);
    listedByNotary = publishRepoWithDelegation(notary, trust, tmp.path, gun, [
      { name: 'v1', content: 'first release\n' },
      { name: 'latest', content: 'second, longer release\n' },
    ]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), tlsServer?.stop(), ...fakes.map((f) => f.stop())]);
    tmp.cleanup();
  });

  it('a repository notary published: the same verdict and tags as its cache, and nothing written', async () => {
    const before = snapshotTree(trust);
    const live = await statusOfServer(trust, gun, { server: server.url, timeoutMs: 10_000 });
    const cached = statusOfCache(trust, gun);
    expect(snapshotTree(trust)).toEqual(before);
    expect(live.problems).toEqual([]);
    expect(live.verdict).toBe('trusted');
    expect(live.verdict).toBe(cached.verdict);
    expect(live.tags).toEqual(cached.tags);
    expect(live.roles.map((r) => [r.role, r.version])).toEqual(cached.roles.map((r) => [r.role, r.version]));
    expect(live.roles.map((r) => r.role)).toEqual(['root', 'timestamp', 'snapshot', 'targets', 'targets/releases']);
    expect(live.delegations).toEqual(cached.delegations);
    // NAME DIGEST SIZE ROLE, as `notary list` prints them.
    const listed = listedByNotary
      .split('\n')
      .slice(2)
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/));
    expect(live.tags.map((t) => [t.name, t.digest, String(t.size), t.role]).sort()).toEqual(listed.sort());
    expect(live.tags.find((t) => t.name === 'v3')?.role).toBe('targets/releases');
  });

  let olderFiles = new Map<string, Buffer>();
  it('a tag published from a second trust dir: the server status sees it, the first cache is unchanged', async () => {
    olderFiles = await mirror();
    const second = join(tmp.path, 'second');
    cpSync(trust, second, { recursive: true });
    notary(second, ['add', gun, 'v2', file('c.txt', 'published elsewhere\n')]);
    notary(second, ['publish', gun]);
    const before = snapshotTree(trust);
    const live = await statusOfServer(trust, gun, { server: server.url, timeoutMs: 10_000 });
    expect(snapshotTree(trust)).toEqual(before);
    expect(live.verdict).toBe('trusted');
    expect(live.tags.map((t) => t.name).sort()).toEqual(['latest', 'v1', 'v2', 'v3']);
    expect(statusOfCache(trust, gun).tags.map((t) => t.name).sort()).toEqual(['latest', 'v1', 'v3']);
    const listed = notary(second, ['list', gun]);
    const v2 = live.tags.find((t) => t.name === 'v2')!;
    expect(listed).toContain(v2.digest);
  });

  it('a server rolled back to older metadata than the trust dir holds: LOW_VERSION (notary: "version N is lower than current version M")', async () => {
    const second = join(tmp.path, 'second');
    const rolledBack = await fake(serveFiles(olderFiles));
    const s = await statusOfServer(second, gun, { server: rolledBack.url, timeoutMs: 5_000 });
    expect(s.verdict).toBe('broken');
    expect(codes(s)).toEqual(expect.arrayContaining(['LOW_VERSION timestamp', 'LOW_VERSION snapshot', 'LOW_VERSION targets']));
    expect(s.problems.find((p) => p.role === 'targets')!.message).toMatch(/version \d+ is lower than current version \d+/);
    // The trust dir the older state came from sees no rollback.
    expect((await statusOfServer(trust, gun, { server: rolledBack.url, timeoutMs: 5_000 })).problems).toEqual([]);
  });

  it('no root pinned in the trust dir: trusted on first use, a FIRST_USE warning, and still nothing written', async () => {
    const empty = makeTempDir('tv-first-use-');
    try {
      const live = await statusOfServer(empty.path, gun, { server: server.url, timeoutMs: 10_000 });
      expect(codes(live)).toEqual(['FIRST_USE root']);
      expect(live.verdict).toBe('warning');
      expect(live.tags.map((t) => t.name)).toContain('v1');
      expect(snapshotTree(empty.path)).toEqual({});
    } finally {
      empty.cleanup();
    }
  });

  it('TLS: trusted with the right --ca; TLS_UNTRUSTED without one or with another, where notary says "client is offline"', async () => {
    const tlsTrust = join(tmp.path, 'tls-trust');
    const n = (args: string[], caFile?: string) => runNotary(tlsTrust, tmp.path, ['-s', tlsServer.url, ...(caFile ? ['--tlscacert', caFile] : []), ...args], env);
    for (const args of [['init', gun], ['add', gun, 'v1', file('t.txt', 'over TLS\n')], ['publish', gun], ['list', gun]]) {
      const r = n(args, ca.caFile);
      expect(r.status, r.stderr).toBe(0);
    }
    const live = await statusOfServer(tlsTrust, gun, { server: tlsServer.url, caFile: ca.caFile, timeoutMs: 10_000 });
    expect(live.problems).toEqual([]);
    expect(live.verdict).toBe('trusted');
    expect(live.tags.map((t) => t.name)).toEqual(['v1']);

    for (const caFile of [undefined, wrongCa.caFile]) {
      const s = await statusOfServer(tlsTrust, gun, { server: tlsServer.url, ...(caFile ? { caFile } : {}), timeoutMs: 10_000 });
      expect(codes(s)).toEqual(['TLS_UNTRUSTED timestamp']);
      expect(s.verdict).toBe('broken');
      expect(s.problems[0]!.message).toContain('certificate signed by unknown authority');
    }
    // Observed: notary with the wrong CA logs the x509 cause on stderr, then silently lists its cache (exit 0);
    // with nothing cached it fails with only "* fatal: client is offline" on stdout (exit 1).
    const cachedFallback = n(['list', gun], wrongCa.caFile);
    expect(cachedFallback.status).toBe(0);
    expect(cachedFallback.stderr).toContain('x509: certificate signed by unknown authority');
    expect(cachedFallback.stderr).toContain('using cached timestamp');
    const fresh = runNotary(join(tmp.path, 'tls-fresh'), tmp.path, ['-s', tlsServer.url, '--tlscacert', wrongCa.caFile, 'list', gun], env);
    expect(fresh.status).toBe(1);
    expect(fresh.stdout).toContain('* fatal: client is offline');
  });

  it.each([
    ['for another address', 'TLS_HOSTNAME', 'IP:10.9.8.7', 1],
    ['that has expired', 'TLS_EXPIRED', 'IP:127.0.0.1', -1],
  ])('TLS: a certificate %s is %s', async (_what, code, san, days) => {
    const certs = join(tmp.path, 'certs');
    const cert = makeServerCert(certs, ca as ReturnType<typeof makeTestCa>, `bad-${days}`, san, days);
    const https: HttpsServer = createHttpsServer({ key: readFileSync(cert.keyFile), cert: readFileSync(cert.certFile) }, (_q, res) => res.end('{}'));
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    try {
      const { port } = https.address() as { port: number };
      const s = await statusOfServer(trust, gun, { server: `https://127.0.0.1:${port}`, caFile: ca.caFile, timeoutMs: 5_000 });
      expect(codes(s)).toEqual([`${code} timestamp`]);
    } finally {
      https.closeAllConnections();
      await new Promise((r) => https.close(r));
    }
  });

  it('a server that is down: SERVER_OFFLINE', async () => {
    const port = await freePort();
    const s = await statusOfServer(trust, gun, { server: `http://127.0.0.1:${port}`, timeoutMs: 5_000 });
    expect(codes(s)).toEqual(['SERVER_OFFLINE timestamp']);
    expect(s.problems[0]!.message).toMatch(/ECONNREFUSED/);
    expect(s.verdict).toBe('broken');
  });

  it('a server that never answers: SERVER_TIMEOUT after timeoutMs', async () => {
    const silent = await fake(() => {
      /* never answers */
    });
    const started = Date.now();
    const s = await statusOfServer(trust, gun, { server: silent.url, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(codes(s)).toEqual(['SERVER_TIMEOUT timestamp']);
  });

  it('a 500 with a notary error body, and the real server\'s 404: SERVER_ERROR naming the code and message', async () => {
    const failing = await fake((_q, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'unknown error', detail: 'storage is on fire' }] }));
    });
    const s = await statusOfServer(trust, gun, { server: failing.url, timeoutMs: 5_000 });
    expect(codes(s)).toEqual(['SERVER_ERROR timestamp']);
    expect(s.problems[0]!.message).toMatch(/HTTP 500.*UNKNOWN: unknown error/);
    // The real server for a GUN it has never seen: 404 with its METADATA_NOT_FOUND body.
    const none = await statusOfServer(trust, 'example.com/server/none', { server: server.url, timeoutMs: 5_000 });
    expect(codes(none)).toEqual(['SERVER_ERROR timestamp']);
    expect(none.problems[0]!.message).toMatch(/HTTP 404.*METADATA_NOT_FOUND: You have requested metadata that does not exist.*no trust data for example.com\/server\/none/);
  });

  it('a 401: UNAUTHORIZED; with credentials the server gets them and the status is trusted', async () => {
    const files = await mirror();
    const seen: (string | undefined)[] = [];
    const guarded = await fake((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== 'Bearer s3cret' && req.headers.authorization !== `Basic ${Buffer.from('alice:pw:x').toString('base64')}`) {
        res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="test"' });
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
        return;
      }
      serveFiles(files)(req, res);
    });
    const denied = await statusOfServer(trust, gun, { server: guarded.url, timeoutMs: 5_000 });
    expect(codes(denied)).toEqual(['UNAUTHORIZED timestamp']);
    const bearer = await statusOfServer(trust, gun, { server: guarded.url, auth: { bearer: 's3cret' }, insecureHttp: true, timeoutMs: 5_000 });
    expect(bearer.problems).toEqual([]);
    expect(bearer.verdict).toBe('trusted');
    const basic = await statusOfServer(trust, gun, { server: guarded.url, auth: { basic: { user: 'alice', password: 'pw:x' } }, insecureHttp: true, timeoutMs: 5_000 });
    expect(basic.verdict).toBe('trusted');
    expect(seen).toContain('Bearer s3cret');
    // Fetched as notary does: by checksum first, then the plain name when the server has no checksummed copy.
    const p = guarded.paths.filter((x) => x.includes('releases'));
    expect(p[0]).toMatch(/\/targets\/releases\.[0-9a-f]{64}\.json$/);
    expect(p[1]).toMatch(/\/targets\/releases\.json$/);
  });

  it('round trips: snapshot, targets and root asked for with the timestamp, delegations at once; the first failure in order is the one reported', async () => {
    const files = await mirror();
    let inFlight = 0;
    let most = 0;
    const afterSnapshot: string[] = [];
    let failing = new Set<string>();
    // Every answer held 40 ms: requests sent one after another would never overlap.
    const slow = await fake((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      if (!/timestamp|snapshot/.test(req.url ?? '')) afterSnapshot.push(req.url ?? '');
      setTimeout(() => {
        inFlight--;
        const role = /_trust\/tuf\/(.+?)(\.[0-9a-f]{64})?\.json$/.exec(req.url ?? '')?.[1] ?? '';
        if (failing.has(role)) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: `no ${role} today` }] }));
          return;
        }
        serveFiles(files)(req, res);
      }, 40);
    });
    const ok = await statusOfServer(trust, gun, { server: slow.url, timeoutMs: 5_000 });
    expect(ok.problems).toEqual([]);
    expect(ok.verdict).toBe('trusted');
    // timestamp, snapshot, targets and root in flight together: one round trip where a file-by-file client needs four.
    expect(most).toBeGreaterThanOrEqual(4);
    // Those fetched ahead matched the checksums their parents list, so none was asked for again by checksum; the
    // delegation (not known before the snapshot) was asked for by checksum first, as notary does.
    const byChecksum = slow.paths.filter((u) => /\.[0-9a-f]{64}\.json$/.test(u)).map((u) => /tuf\/(.+?)\.[0-9a-f]/.exec(u)?.[1]);
    expect(byChecksum).toEqual(['targets/releases']);
    expect(afterSnapshot.length).toBeGreaterThan(0);

    // A publish between the timestamp and the files fetched ahead: those by name are older than what the new
    // timestamp and snapshot list, so they are not used; the listed ones are asked for by checksum.
    const raced = new Map(files);
    for (const role of ['snapshot', 'targets']) {
      const current = files.get(tuf(`${role}.json`))!;
      raced.set(tuf(`${role}.${createHash('sha256').update(current).digest('hex')}.json`), current);
      raced.set(tuf(`${role}.json`), olderFiles.get(tuf(`${role}.json`))!);
    }
    expect(raced.get(tuf('snapshot.json'))!.equals(files.get(tuf('snapshot.json'))!)).toBe(false);
    const racing = await fake(serveFiles(raced));
    const afterRace = await statusOfServer(trust, gun, { server: racing.url, timeoutMs: 5_000 });
    expect(afterRace.problems).toEqual([]);
    expect(afterRace.tags.map((t) => t.name).sort()).toEqual(['latest', 'v1', 'v2', 'v3']);
    expect(racing.paths.filter((u) => /\.[0-9a-f]{64}\.json$/.test(u)).map((u) => /tuf\/(.+?)\.[0-9a-f]/.exec(u)?.[1]).sort()).toEqual(['snapshot', 'targets', 'targets/releases']);

    // All three fail: one problem, the one a sequential client would have met first (targets).
    failing = new Set(['targets', 'root', 'targets/releases']);
    const down = await statusOfServer(trust, gun, { server: slow.url, timeoutMs: 5_000 });
    expect(codes(down)).toEqual(['SERVER_ERROR targets']);
    expect(down.problems[0]!.message).toMatch(/no targets today/);
    failing = new Set(['root', 'targets/releases']);
    expect(codes(await statusOfServer(trust, gun, { server: slow.url, timeoutMs: 5_000 }))).toEqual(['SERVER_ERROR targets/releases']);
    failing = new Set(['root']);
    expect(codes(await statusOfServer(trust, gun, { server: slow.url, timeoutMs: 5_000 }))).toEqual(['SERVER_ERROR root']);
  });

  it('malformed and oversized JSON: MALFORMED, never a crash', async () => {
    const files = await mirror();
    files.set(tuf('timestamp.json'), Buffer.from('{"signed": {"_type": "Timestamp",'));
    const bad = await fake(serveFiles(files));
    const s = await statusOfServer(trust, gun, { server: bad.url, timeoutMs: 5_000 });
    expect(s.verdict).toBe('broken');
    expect(codes(s)).toContain('MALFORMED timestamp');

    const huge = await fake((_q, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = () => {
        while (sent < 17) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    const big = await statusOfServer(trust, gun, { server: huge.url, timeoutMs: 10_000 });
    expect(codes(big)).toEqual(['MALFORMED timestamp']);
    expect(big.problems[0]!.message).toMatch(/larger than the 16777216-byte limit/);
  });

  it('a targets.json signed by another key: broken, THRESHOLD_NOT_MET for targets', async () => {
    const files = await mirror();
    const doc = JSON.parse(files.get(tuf('targets.json'))!.toString('utf8')) as { signed: unknown; signatures: unknown };
    const intruder = ecdsaKey();
    doc.signatures = [{ keyid: intruder.id, method: intruder.method, sig: intruder.sign(Buffer.from(canonicalJson(doc.signed))).toString('base64') }];
    files.set(tuf('targets.json'), Buffer.from(JSON.stringify(doc)));
    const evil = await fake(serveFiles(files));
    const s = await statusOfServer(trust, gun, { server: evil.url, timeoutMs: 5_000 });
    expect(s.verdict).toBe('broken');
    expect(s.problems).toContainEqual(expect.objectContaining({ code: 'THRESHOLD_NOT_MET', role: 'targets', message: expect.stringContaining('valid signatures did not meet threshold for targets') }));
    expect(s.tags).toEqual([]);
  });

  it('a server serving another root for the GUN: ROOT_NOT_TRUSTED against the pinned root', async () => {
    const other = makeTempDir('tv-other-root-');
    try {
      // Another publisher's repository for the same GUN, from its own trust dir, on the same server shape.
      const otherTrust = join(other.path, 'trust');
      const otherServer = await startNotaryServer(join(other.path, 'server'));
      try {
        notaryOk(otherTrust, tmp.path, ['-s', otherServer.url, 'init', gun, '-p'], env);
        const s = await statusOfServer(trust, gun, { server: otherServer.url, timeoutMs: 10_000 });
        expect(s.verdict).toBe('broken');
        expect(codes(s)).toContain('ROOT_NOT_TRUSTED root');
        expect(s.problems.find((p) => p.code === 'ROOT_NOT_TRUSTED')!.message).toMatch(/could not validate the path to a trusted root.*not signed by the previous root/);
        const copy = join(other.path, 'copy');
        cpSync(join(trust, 'tuf'), join(copy, 'tuf'), { recursive: true });
        // Observed: notary refuses the same pinned cache against that server, exit 1.
        const r = runNotary(copy, tmp.path, ['-s', otherServer.url, 'list', gun], env);
        expect(r.status).toBe(1);
        expect(`${r.stdout}${r.stderr}`).toContain('could not rotate trust to a new trusted root: failed to validate data with current trusted certificates');
      } finally {
        await otherServer.stop();
      }
    } finally {
      other.cleanup();
    }
  });

  it('a root rotated twice on the server: trusted from the old pinned root through 2.root.json; without it, ROOT_NOT_TRUSTED', async () => {
    const rgun = 'example.com/server/rotated';
    const publisher = join(tmp.path, 'rotating');
    notary(publisher, ['init', rgun]);
    notary(publisher, ['add', rgun, 'v1', file('r.txt', 'before rotation\n')]);
    notary(publisher, ['publish', rgun]);
    notary(publisher, ['list', rgun]);
    const consumer = join(tmp.path, 'consumer');
    cpSync(join(publisher, 'tuf'), join(consumer, 'tuf'), { recursive: true });
    const pinned = statusOfCache(consumer, rgun).roles.find((r) => r.role === 'root')!;
    const rotated = runNotary(publisher, tmp.path, ['-s', server.url, 'key', 'rotate', rgun, 'root'], env, 'yes\n');
    expect(rotated.status, rotated.stderr).toBe(0);
    notary(publisher, ['key', 'rotate', rgun, 'targets']);

    const before = snapshotTree(consumer);
    const live = await statusOfServer(consumer, rgun, { server: server.url, timeoutMs: 10_000 });
    expect(snapshotTree(consumer)).toEqual(before);
    expect(live.problems).toEqual([]);
    expect(live.verdict).toBe('trusted');
    const root = live.roles.find((r) => r.role === 'root')!;
    expect(root.version).toBe(pinned.version! + 2);
    // The current root is signed by the new root key alone: only version 2 (old + new keys) links it to the pin.
    expect(root.signatures).toHaveLength(1);

    const files = await mirror(rgun);
    const noChain = await fake(serveFiles(files));
    const cut = await statusOfServer(consumer, rgun, { server: noChain.url, timeoutMs: 5_000 });
    expect(cut.verdict).toBe('broken');
    expect(codes(cut)).toEqual(['ROOT_NOT_TRUSTED root']);
    expect(cut.problems[0]!.message).toMatch(/version 3 is not signed by the previous root \(version 1\)/);
    // (notary cannot be pointed at these in-process fakes: runNotary's spawnSync blocks the event loop serving them.)
  });

  it('CLI: status --server --json, for one GUN and for every cached one; bad usage exits 2', async () => {
    const run = async (args: string[], extraEnv: Record<string, string> = {}) => {
      let out = '';
      let err = '';
      const code = await runCli([...args, '--trust-dir', trust], { stdout: (t) => (out += String(t)), stderr: (t) => (err += t), env: { HOME: tmp.path, ...extraEnv }, cwd: tmp.path });
      return { code, out, err };
    };
    const one = await run(['status', '--gun', gun, '--server', server.url, '--json']);
    expect(one.code, one.err).toBe(0);
    expect(JSON.parse(one.out)).toMatchObject({ gun, verdict: 'trusted' });
    const all = await run(['status', '--server', server.url, '--json']);
    expect(all.code, all.err).toBe(0);
    expect((JSON.parse(all.out) as RepoStatus[]).map((s) => [s.gun, s.verdict])).toEqual([[gun, 'trusted']]);
    const down = await run(['status', '--gun', gun, '--server', `http://127.0.0.1:${await freePort()}`]);
    expect(down.code).toBe(0);
    expect(down.out).toMatch(/BROKEN[\s\S]*SERVER_OFFLINE/);
    expect((await run(['status', '--ca', 'x.pem'])).code).toBe(2);
    expect((await run(['status', '--gun', gun, '--server', server.url, '--token-env', 'NOPE'])).code).toBe(2);
    const token = await run(['status', '--gun', gun, '--server', server.url, '--token-env', 'TOK', '--insecure-http', '--json'], { TOK: 'abc' });
    expect(token.code, token.err).toBe(0);
    expect((await run(['status', '--gun', gun, '--server', server.url, '--ca', join(tmp.path, 'missing.pem')])).code).toBe(1);
  });
});
