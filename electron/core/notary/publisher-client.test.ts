import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/support/fake-servers';
import { freePort } from '../../../test/support/notary-server';
import { makeTempDir } from '../../../test/support/temp-dir';
import { makeServerCert, makeTestCa, type TestCa } from '../../../test/support/tls-certs';
import { ed25519Key } from '../../../test/support/tuf-repo';
import { VaultError } from '../errors';
import { NotaryPublisherClient, NotaryServerError, publishError, publishErrorCode } from './publisher-client';

const gun = 'example.com/org/app';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A fake that records every request with its body, then answers with `answer`. */
function recording(seen: Seen[], answer: (s: Seen, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(s);
      answer(s, res);
    });
  };
}

const notaryError = (res: ServerResponse, status: number, code: string, message: string, detail: unknown = null) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ code, message, detail }] }));
};

/** What a call threw, checked to be a NotaryServerError. */
async function thrown(p: Promise<unknown>): Promise<NotaryServerError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(NotaryServerError);
  expect(e).toBeInstanceOf(VaultError);
  expect((e as VaultError).code).toBe((e as NotaryServerError).reason);
  return e as NotaryServerError;
}

describe('NotaryPublisherClient', () => {
  const tmp = makeTempDir('tv-publisher-');
  const fakes: FakeServer[] = [];
  const fake = async (handler: Parameters<typeof startFakeServer>[0]) => {
    const f = await startFakeServer(handler);
    fakes.push(f);
    return f;
  };
  let ca: TestCa;
  let wrongCa: TestCa;
  beforeAll(() => {
    ca = makeTestCa(join(tmp.path, 'certs'), 'good');
    wrongCa = makeTestCa(join(tmp.path, 'certs'), 'wrong');
  });
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.stop()));
    tmp.cleanup();
  });

  it('sends each API call as notary does: method, path under the prefix, auth, multipart body', async () => {
    const seen: Seen[] = [];
    const key = ed25519Key();
    const server = await fake(
      recording(seen, (s, res) => {
        if (s.url.endsWith('.key')) {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ keyval: key.tuf.keyval, keytype: key.tuf.keytype }));
        } else if (s.url.endsWith('/missing.json')) {
          notaryError(res, 404, 'METADATA_NOT_FOUND', 'You have requested metadata that does not exist.');
        } else if (s.url.endsWith('.json')) {
          res.writeHead(200);
          res.end(`served ${s.url}`);
        } else {
          res.writeHead(200);
          res.end();
        }
      }),
    );
    const c = new NotaryPublisherClient(gun, { server: `${server.url}/notary/`, auth: { bearer: 'tok' }, insecureHttp: true, timeoutMs: 5_000 });
    const tuf = `/notary/v2/${gun}/_trust/tuf/`;
    await c.ping();
    expect(await c.serverKey('timestamp')).toEqual({ key: key.tuf, id: key.id });
    expect(await c.rotateServerKey('snapshot')).toEqual({ key: key.tuf, id: key.id });
    expect((await c.fetchRole('targets/releases'))?.toString()).toBe(`served ${tuf}targets/releases.json`);
    const sha = 'AB'.repeat(32);
    expect((await c.fetchRoleByChecksum('snapshot', sha))?.toString()).toBe(`served ${tuf}snapshot.${sha.toLowerCase()}.json`);
    expect((await c.fetchRoleVersion('root', 3))?.toString()).toBe(`served ${tuf}3.root.json`);
    const files = [
      { role: 'root', bytes: Buffer.from('{"signed":"root"}') },
      { role: 'targets/releases', bytes: Buffer.from([0, 13, 10, 45, 45, 255]) },
    ];
    await c.publish(files);
    await c.deleteTrustData();
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /notary/v2/',
      `GET ${tuf}timestamp.key`,
      `POST ${tuf}snapshot.key`,
      `GET ${tuf}targets/releases.json`,
      `GET ${tuf}snapshot.${sha.toLowerCase()}.json`,
      `GET ${tuf}3.root.json`,
      `POST ${tuf}`,
      `DELETE ${tuf}`,
    ]);
    expect(seen.every((s) => s.headers.authorization === 'Bearer tok')).toBe(true);

    const post = seen[6]!;
    expect(post.headers['content-type']).toMatch(/^multipart\/form-data; boundary=[0-9a-f]{60}$/);
    expect(Number(post.headers['content-length'])).toBe(post.body.length);
    const form = await new Response(Uint8Array.from(post.body), { headers: { 'Content-Type': post.headers['content-type']! } }).formData();
    const parts = form.getAll('files') as File[];
    expect(parts.map((p) => p.name)).toEqual(['root', 'targets/releases']);
    for (const [i, p] of parts.entries()) expect(Buffer.from(await p.arrayBuffer()).equals(files[i]!.bytes)).toBe(true);
    expect([...form.keys()].every((k) => k === 'files')).toBe(true);

    // 404 on a fetch is "not there", not an error.
    const missing = await fake((_q, res) => notaryError(res, 404, 'METADATA_NOT_FOUND', 'You have requested metadata that does not exist.'));
    const m = new NotaryPublisherClient(gun, { server: missing.url });
    expect(await m.fetchRole('root')).toBeNull();
    expect(await m.fetchRoleByChecksum('snapshot', 'a'.repeat(64))).toBeNull();
    expect(await m.fetchRoleVersion('root', 2)).toBeNull();
    // ...but a 404 for anything else is the server refusing it.
    const e = await thrown(m.publish(files));
    expect(e.reason).toBe('SERVER_REJECTED');
    expect(e.message).toContain('METADATA_NOT_FOUND: You have requested metadata that does not exist.');
  });

  it('refuses bad arguments before sending anything', async () => {
    const seen: Seen[] = [];
    const server = await fake(recording(seen, (_s, res) => res.end()));
    expect(() => new NotaryPublisherClient('../etc', { server: server.url })).toThrow(/not a repository name/);
    expect(() => new NotaryPublisherClient(gun, { server: 'ftp://x' })).toThrow(/http:\/\/ or https:\/\//);
    const c = new NotaryPublisherClient(gun, { server: server.url });
    const refused = (f: () => unknown, re: RegExp) => {
      expect(f).toThrow(re);
      try {
        f();
      } catch (e) {
        expect((e as VaultError).code).toBe('INVALID_ARGUMENT');
      }
    };
    refused(() => c.fetchRole('../root'), /not a notary role/);
    refused(() => c.fetchRoleByChecksum('snapshot', 'abc'), /not a hex SHA-256/);
    refused(() => c.fetchRoleVersion('root', 0), /not a metadata version/);
    refused(() => c.fetchRoleVersion('root', 1.5), /not a metadata version/);
    await expect(c.serverKey('targets' as 'timestamp')).rejects.toThrow(/only for timestamp and snapshot/);
    await expect(c.publish([])).rejects.toThrow(/nothing to publish/);
    await expect(c.publish([{ role: 'targets/x"y', bytes: Buffer.from('{}') }])).rejects.toThrow(/not a role notary can publish/);
    expect(seen).toEqual([]);
  });

  it('a 400 INVALID_UPDATE: SERVER_REJECTED with the server\'s code, message and detail', async () => {
    const server = await fake((_q, res) =>
      notaryError(res, 400, 'INVALID_UPDATE', 'Update sent by the client is invalid.', { Name: 'ErrBadHierarchy', Error: { Missing: 'snapshot', Msg: 'no snapshot was included in update' } }),
    );
    const e = await thrown(new NotaryPublisherClient(gun, { server: server.url }).publish([{ role: 'targets', bytes: Buffer.from('{}') }]));
    expect(e.reason).toBe('SERVER_REJECTED');
    expect(e.info).toEqual({ status: 400, serverCode: 'INVALID_UPDATE' });
    expect(e.message).toMatch(/^the notary server rejected the request while publishing: INVALID_UPDATE: Update sent by the client is invalid\. \(.*no snapshot was included in update.*\) \(HTTP 400, POST \/v2\/example\.com\/org\/app\/_trust\/tuf\/ on http:\/\/127\.0\.0\.1:\d+\)$/);
  });

  it('a 500 with an error body: SERVER_ERROR naming the server\'s code and message; without one, the status', async () => {
    const server = await fake((q, res) => {
      if (q.method === 'DELETE') return notaryError(res, 500, 'UNKNOWN', 'unknown error', 'storage is on fire');
      res.writeHead(502);
      res.end('<html>bad gateway</html>');
    });
    const c = new NotaryPublisherClient(gun, { server: server.url });
    const e = await thrown(c.deleteTrustData());
    expect(e.reason).toBe('SERVER_ERROR');
    expect(e.info).toEqual({ status: 500, serverCode: 'UNKNOWN' });
    expect(e.message).toMatch(/^the notary server failed while deleting the trust data of example\.com\/org\/app from the server: UNKNOWN: unknown error \(storage is on fire\) \(HTTP 500, DELETE /);
    const g = await thrown(c.fetchRole('root'));
    expect(g.reason).toBe('SERVER_ERROR');
    expect(g.message).toMatch(/failed while fetching root\.json \(GET .*: HTTP 502 Bad Gateway: <html>bad gateway<\/html>\)/);
  });

  it('a 401: UNAUTHORIZED, saying no credentials were given; a 403 too', async () => {
    const server = await fake((q, res) =>
      q.headers.authorization ? notaryError(res, 403, 'DENIED', 'requested access to the resource is denied') : notaryError(res, 401, 'UNAUTHORIZED', 'authentication required'),
    );
    const e = await thrown(new NotaryPublisherClient(gun, { server: server.url }).publish([{ role: 'targets', bytes: Buffer.from('{}') }]));
    expect(e.reason).toBe('UNAUTHORIZED');
    expect(e.message).toMatch(/refused access while publishing \(401 unauthorized\): UNAUTHORIZED: authentication required .*no credentials were given/);
    const f = await thrown(new NotaryPublisherClient(gun, { server: server.url, auth: { basic: { user: 'u', password: 'p' } }, insecureHttp: true }).rotateServerKey('timestamp'));
    expect(f.reason).toBe('UNAUTHORIZED');
    expect(f.message).toMatch(/refused access while rotating the timestamp key \(403 forbidden\): DENIED: requested access to the resource is denied/);
  });

  it('a server that closes the connection mid-request: "the server went away while publishing; nothing was changed locally"', async () => {
    const server = await fake((req) => {
      // Reads part of the body, then drops the connection without answering.
      req.once('data', () => req.socket.destroy());
    });
    const big = Buffer.alloc(4 * 1024 * 1024, 0x7b);
    const e = await thrown(new NotaryPublisherClient(gun, { server: server.url, timeoutMs: 10_000 }).publish([{ role: 'targets', bytes: big }]));
    expect(e.reason).toBe('SERVER_OFFLINE');
    expect(e.message).toMatch(/^the server went away while publishing; nothing was changed locally; the server may or may not have applied the change/);
    expect(['ECONNRESET', 'EPIPE']).toContain(e.info.cause);

    // The whole request read, then the connection closed with no answer: the same, for a delete.
    const hangUp = await fake((req) => req.on('end', () => req.socket.destroy()).resume());
    const d = await thrown(new NotaryPublisherClient(gun, { server: hangUp.url, timeoutMs: 10_000 }).deleteTrustData());
    expect(d.reason).toBe('SERVER_OFFLINE');
    expect(d.message).toMatch(/^the server went away while deleting the trust data of example\.com\/org\/app from the server; nothing was changed locally.*socket hang up/);
    // A read that breaks says so without the doubt about the change.
    const r = await thrown(new NotaryPublisherClient(gun, { server: hangUp.url, timeoutMs: 10_000 }).fetchRole('root'));
    expect(r.message).toMatch(/^the server went away while fetching root\.json; nothing was changed locally \(/);
  });

  it('a server that is down: SERVER_OFFLINE, nothing sent', async () => {
    const port = await freePort();
    const e = await thrown(new NotaryPublisherClient(gun, { server: `http://127.0.0.1:${port}` }).publish([{ role: 'targets', bytes: Buffer.from('{}') }]));
    expect(e.reason).toBe('SERVER_OFFLINE');
    expect(e.info.cause).toBe('ECONNREFUSED');
    expect(e.message).toMatch(/^the notary server is offline: could not connect while publishing \(ECONNREFUSED\); nothing was sent and nothing was changed locally/);
  });

  it('a server that never answers: SERVER_TIMEOUT', async () => {
    const server = await fake(() => {
      /* never answers */
    });
    const e = await thrown(new NotaryPublisherClient(gun, { server: server.url, timeoutMs: 200 }).ping());
    expect(e.reason).toBe('SERVER_TIMEOUT');
    expect(e.message).toMatch(/^the notary server did not answer in time while pinging the server; nothing was changed locally \(.*no complete answer within 200 ms\)$/);
  });

  it('a 2xx answer that is not a key: SERVER_MALFORMED', async () => {
    const server = await fake((_q, res) => {
      res.writeHead(200);
      res.end(JSON.stringify({ keytype: 'ed25519', keyval: { public: Buffer.alloc(32).toString('base64'), private: 'c2VjcmV0' } }));
    });
    const e = await thrown(new NotaryPublisherClient(gun, { server: server.url }).serverKey('timestamp'));
    expect(e.reason).toBe('SERVER_MALFORMED');
    expect(e.message).toMatch(/answer while fetching the timestamp key is malformed \(GET \/v2\/example\.com\/org\/app\/_trust\/tuf\/timestamp\.key on .*: the answer carries a private key/);
  });

  it.each([
    ['signed by another CA', 'untrusted', 'IP:127.0.0.1', 1, 'wrong'],
    ['for another address', 'hostname', 'IP:10.9.8.7', 1, 'good'],
    ['that has expired', 'expired', 'IP:127.0.0.1', -1, 'good'],
  ])('TLS: a certificate %s is TLS_FAILED (%s)', async (_what, check, san, days, trusted) => {
    const cert = makeServerCert(join(tmp.path, 'certs'), ca, `server-${check}`, san, days);
    const https: HttpsServer = createHttpsServer({ key: readFileSync(cert.keyFile), cert: readFileSync(cert.certFile) }, (_q, res) => res.end('{}'));
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    try {
      const { port } = https.address() as { port: number };
      const caFile = trusted === 'good' ? ca.caFile : wrongCa.caFile;
      const e = await thrown(new NotaryPublisherClient(gun, { server: `https://127.0.0.1:${port}`, caFile, timeoutMs: 5_000 }).publish([{ role: 'targets', bytes: Buffer.from('{}') }]));
      expect(e.reason).toBe('TLS_FAILED');
      expect(e.info.tls).toBe(check);
      const words = { untrusted: /not signed by a trusted CA \(x509: certificate signed by unknown authority\)/, hostname: /not valid for this host name or address/, expired: /has expired or is not yet valid/ }[check as 'untrusted'];
      expect(e.message).toMatch(/^TLS verification failed while publishing: /);
      expect(e.message).toMatch(words);
      // And with the right CA and a good certificate, the same client setup works.
      if (check === 'untrusted') await new NotaryPublisherClient(gun, { server: `https://127.0.0.1:${port}`, caFile: ca.caFile, timeoutMs: 5_000 }).ping();
    } finally {
      https.closeAllConnections();
      await new Promise((r) => https.close(r));
    }
  });

  it('publishErrorCode maps every failure of the underlying client', () => {
    const f = (code: Parameters<typeof publishErrorCode>[0]['code'], status?: number) => publishErrorCode({ code, message: 'x', ...(status ? { status } : {}) });
    expect([f('SERVER_OFFLINE'), f('SERVER_TIMEOUT'), f('TLS_UNTRUSTED'), f('TLS_HOSTNAME'), f('TLS_EXPIRED'), f('UNAUTHORIZED', 401), f('MALFORMED', 200)]).toEqual([
      'SERVER_OFFLINE',
      'SERVER_TIMEOUT',
      'TLS_FAILED',
      'TLS_FAILED',
      'TLS_FAILED',
      'UNAUTHORIZED',
      'SERVER_MALFORMED',
    ]);
    expect([f('SERVER_ERROR', 403), f('SERVER_ERROR', 400), f('SERVER_ERROR', 404), f('SERVER_ERROR', 409), f('SERVER_ERROR', 500), f('SERVER_ERROR', 503), f('SERVER_ERROR', 302)]).toEqual([
      'UNAUTHORIZED',
      'SERVER_REJECTED',
      'SERVER_REJECTED',
      'SERVER_REJECTED',
      'SERVER_ERROR',
      'SERVER_ERROR',
      'SERVER_ERROR',
    ]);
    // A body that is not notary's error JSON is not taken for one.
    const e = publishError({ code: 'SERVER_ERROR', status: 400, message: 'POST / on x: HTTP 400', body: Buffer.from('{"errors":"no"}') }, 'publishing');
    expect(e.info).toEqual({ status: 400 });
    expect(e.message).toBe('the notary server rejected the request while publishing (POST / on x: HTTP 400)');
  });
});
