import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NotaryHttpClient } from '../notary/http-client';
import { rawRequest } from '../registry/http';

/**
 * Kept connections (issue 17): reads share one connection, a write gets its own, and a kept connection the server
 * closed just as it was reused is retried once on a new one, never reported as the server being down.
 */
describe('pooled connections for reads', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((done) => { s.closeAllConnections(); s.close(() => done()); })));
  });

  /** A server that counts connections; `dropSecond`: the second request on a connection is dropped unanswered. */
  const serve = async (dropSecond = false) => {
    const perSocket = new Map<Socket, number>();
    const seen: { method: string; connection: number }[] = [];
    let connections = 0;
    const ids = new Map<Socket, number>();
    const server = createServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      seen.push({ method: req.method ?? '', connection: ids.get(req.socket)! });
      req.resume();
      req.on('end', () => {
        // The race a kept connection meets: the server's idle timeout closes it as the next request arrives.
        if (dropSecond && n === 2) return void req.socket.destroy();
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    server.on('connection', (s) => ids.set(s, ++connections));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, seen, connections: () => connections };
  };

  it('notary reads share one connection; a publish gets a new one', async () => {
    const s = await serve();
    const client = new NotaryHttpClient({ server: s.url, timeoutMs: 5_000 });
    for (const name of ['timestamp.json', 'snapshot.json', 'targets.json', 'root.json']) expect((await client.getTuf('example.com/app', name)).ok).toBe(true);
    expect(s.connections()).toBe(1);
    expect((await client.request('POST', client.tufPath('example.com/app', ''), { body: Buffer.from('x') })).ok).toBe(true);
    expect(s.seen.map((x) => `${x.method} ${x.connection}`)).toEqual(['GET 1', 'GET 1', 'GET 1', 'GET 1', 'POST 2']);
  });

  it('a kept connection closed under a read: sent again once on a new connection, and the read succeeds', async () => {
    const s = await serve(true);
    const client = new NotaryHttpClient({ server: s.url, timeoutMs: 5_000 });
    expect((await client.getTuf('example.com/app', 'timestamp.json')).ok).toBe(true);
    const again = await client.getTuf('example.com/app', 'snapshot.json');
    expect(again.ok).toBe(true);
    // The dropped request on connection 1, then the same request on connection 2.
    expect(s.seen.map((x) => x.connection)).toEqual([1, 1, 2]);
  });

  it('the registry client: kept connections for GET and HEAD, with the same retry', async () => {
    const s = await serve(true);
    const url = new URL(`${s.url}/v2/`);
    expect((await rawRequest({ method: 'GET', url, headers: {} })).status).toBe(200);
    expect((await rawRequest({ method: 'HEAD', url, headers: {} })).status).toBe(200);
    expect(s.seen.map((x) => `${x.method} ${x.connection}`)).toEqual(['GET 1', 'HEAD 1', 'HEAD 2']);
  });

  it('a server that is really gone: still SERVER_OFFLINE, after the one retry', async () => {
    const s = await serve();
    const client = new NotaryHttpClient({ server: s.url, timeoutMs: 5_000 });
    expect((await client.getTuf('example.com/app', 'timestamp.json')).ok).toBe(true);
    await new Promise<void>((done) => { const srv = servers.pop()!; srv.closeAllConnections(); srv.close(() => done()); });
    const r = await client.getTuf('example.com/app', 'snapshot.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.failure.code).toBe('SERVER_OFFLINE');
  });
});
