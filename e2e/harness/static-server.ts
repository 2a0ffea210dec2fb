import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { HARNESS_CSP } from './csp';

/**
 * A tiny static server for the built renderer on 127.0.0.1 (random port), sending the app's CSP with every file.
 * Only GET/HEAD of files under root; paths without an extension fall back to index.html (client-side routes).
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  close(): Promise<void>;
}

export async function startStaticServer(root: string, csp: string = HARNESS_CSP): Promise<StaticServer> {
  const base = resolve(root);
  try {
    await stat(join(base, 'index.html'));
  } catch {
    throw new Error(`The built renderer is missing (${join(base, 'index.html')}): run \`npm run build:renderer\` first.`);
  }

  const server = createServer(async (req, res) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://harness').pathname);
    } catch {
      return send(400, 'bad url');
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    let file = normalize(join(base, pathname));
    if (file !== base && !file.startsWith(base + sep)) return send(403, 'forbidden');
    let info = await stat(file).catch(() => null);
    if ((!info || !info.isFile()) && extname(pathname) === '') {
      file = join(base, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info || !info.isFile()) return send(404, 'not found');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
