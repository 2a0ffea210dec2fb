import { connect, createServer, type Socket } from 'node:net';

export interface DelayProxy {
  url: string;
  stop: () => Promise<void>;
}

/**
 * A loopback TCP proxy that holds every chunk `oneWayMs` in each direction: a link with a round trip of twice that,
 * as between a user and a notary server in another region. Byte order is kept (every chunk waits the same time).
 */
export function startDelayProxy(upstream: string, oneWayMs: number): Promise<DelayProxy> {
  const target = new URL(upstream);
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (d: Buffer) => setTimeout(() => to.writable && to.write(d), oneWayMs));
    from.on('end', () => setTimeout(() => to.end(), oneWayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), oneWayMs + 1));
  };
  const server = createServer((client) => {
    const up = connect(Number(target.port), target.hostname);
    for (const s of [client, up]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    // The connection itself takes a round trip, as a TCP handshake does.
    client.pause();
    up.once('connect', () => setTimeout(() => client.resume(), 2 * oneWayMs));
    relay(client, up);
    relay(up, client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `${target.protocol}//127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
