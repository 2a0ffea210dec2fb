import { request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type FakeServer, startFakeServer } from './fake-servers';

/**
 * What the proxy does to the next publish (`POST .../_trust/tuf/`):
 * - `reset`: forwards it, waits for the server's answer, then resets the client's connection (RST) instead of
 *   passing the answer on: the server applied the change, the client never hears it;
 * - `hold`: forwards it and keeps the answer until the proxy stops (past any client timeout);
 * - `refuse`: does not forward it and answers 400 with notary's error body, as a server refusing the update.
 */
export type PublishFault = 'reset' | 'hold' | 'refuse';

export interface FaultProxy extends FakeServer {
  /** The fault for the next publish, and whether every request after it fails too (the network went away). */
  arm(fault: PublishFault, options?: { offlineAfter?: boolean }): void;
  /** Passes everything through again. */
  heal(): void;
  /** How many publishes reached the server through the proxy. */
  readonly forwarded: number;
}

/**
 * A small loopback HTTP proxy in front of a real notary-server that injects one fault into a publish, for the
 * keys-first transaction's tests (issue 13). Everything else is passed through byte for byte. Stop it when done.
 */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  let fault: PublishFault | null = null;
  let offlineAfter = false;
  let offline = false;
  let forwarded = 0;
  const held: Socket[] = [];
  const target = new URL(upstream);

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
      const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: { 'content-type': res.headers['content-type'] ?? 'application/json' }, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    if (offline) return void req.socket.destroy();
    const publish = req.method === 'POST' && /\/_trust\/tuf\/$/.test(req.url ?? '');
    const now = publish ? fault : null;
    if (publish) fault = null;
    if (now === 'refuse') {
      if (offlineAfter) offline = true;
      res.writeHead(400, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ errors: [{ code: 'INVALID_UPDATE', message: 'Update sent by the client is invalid.', detail: 'refused by the test proxy' }] }));
    }
    forward(req, body).then(
      (answer) => {
        if (publish) forwarded++;
        if (now && offlineAfter) offline = true;
        if (now === 'reset') return void req.socket.resetAndDestroy();
        if (now === 'hold') return void held.push(req.socket);
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      },
      () => req.socket.destroy(),
    );
  };

  const proxy = await startFakeServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  return {
    ...proxy,
    arm(f, options = {}) {
      fault = f;
      offlineAfter = options.offlineAfter ?? false;
    },
    heal() {
      fault = null;
      offline = false;
      offlineAfter = false;
      for (const s of held.splice(0)) s.destroy();
    },
    get forwarded() {
      return forwarded;
    },
    stop: async () => {
      for (const s of held.splice(0)) s.destroy();
      await proxy.stop();
    },
  };
}
