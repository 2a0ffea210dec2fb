import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type FakeServer, startFakeServer } from './fake-servers';

/** Every file of a GUN's cache, by path under tuf/<gun>/metadata, with its bytes as text. */
export function cacheOf(trust: string, gun: string): Record<string, string> {
  const base = join(trust, 'tuf', gun, 'metadata');
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(base, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = readFileSync(join(base, r), 'utf8');
    }
  };
  walk('');
  return out;
}

/**
 * A proxy in front of a notary-server that breaks the publish (`POST .../_trust/tuf/`): with a 500 and notary's
 * error body, or by hanging up without an answer. Everything else is passed through. Stop it when done.
 */
export function breakingProxy(serverUrl: string, how: '500' | 'hang-up'): Promise<FakeServer> {
  return startFakeServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && /\/_trust\/tuf\/$/.test(req.url ?? '')) {
        if (how === 'hang-up') return req.socket.destroy();
        res.writeHead(500, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'unknown error', detail: 'storage is down' }] }));
      }
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const headers = { ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}) };
      fetch(`${serverUrl}${req.url ?? ''}`, { method: req.method ?? 'GET', headers, ...(body ? { body: new Uint8Array(body) } : {}) })
        .then(async (r) => {
          res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => req.socket.destroy());
    });
  });
}
