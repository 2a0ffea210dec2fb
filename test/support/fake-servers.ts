import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface FakeServer {
  url: string;
  /** Requests seen, by path. */
  paths: string[];
  stop: () => Promise<void>;
}

/**
 * A node http server on 127.0.0.1 that answers with `handler`, for servers misbehaving in ways notary-server never
 * does (silent, 500s, 401s, huge or bad JSON). Open sockets are destroyed on stop, so a hung request ends too.
 */
export function startFakeServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeServer> {
  return new Promise((resolve, reject) => {
    const sockets = new Set<Socket>();
    const paths: string[] = [];
    const server: Server = createServer((req, res) => {
      paths.push(req.url ?? '');
      handler(req, res);
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        paths,
        stop: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Serves fixed bodies by path (`/v2/<gun>/_trust/tuf/<name>`), 404 with a notary-style error otherwise. */
export function serveFiles(files: Map<string, Buffer>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const body = files.get(req.url ?? '');
    if (body) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'METADATA_NOT_FOUND', message: 'You have requested metadata that does not exist.', detail: null }] }));
  };
}
