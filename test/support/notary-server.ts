import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const NOTARY_SERVER_BIN = process.env.NOTARY_SERVER_BIN ?? '/usr/bin/notary-server';

export interface RunningNotaryServer {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

/** A free loopback port, by asking the kernel for one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** TLS for notary-server: its certificate and key, and the CA that signed it (for the ping). */
export interface NotaryServerTls {
  certFile: string;
  keyFile: string;
  caFile: string;
}

function httpsPing(url: string, caFile: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/v2/`, { ca: readFileSync(caFile), agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) < 300);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function waitForPing(url: string, child: ChildProcess, log: () => string, tls?: NotaryServerTls): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`notary-server exited (${child.exitCode}): ${log()}`);
    try {
      if (tls ? await httpsPing(url, tls.caFile) : (await fetch(`${url}/v2/`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`notary-server did not answer on ${url}: ${log()}`);
}

/**
 * Starts notary-server on loopback with memory storage and its built-in Ed25519 signer (NOTARY.md section 6),
 * plain HTTP. It is stopped by its own PID, never by name.
 */
export async function startNotaryServer(workDir: string, tls?: NotaryServerTls): Promise<RunningNotaryServer> {
  mkdirSync(workDir, { recursive: true, mode: 0o700 });
  // The port is free when probed but may be taken before notary-server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(workDir, tls);
    } catch (e) {
      if (attempt >= 5 || !/address already in use/.test(String(e))) throw e;
    }
  }
}

async function startOnFreePort(workDir: string, tls?: NotaryServerTls): Promise<RunningNotaryServer> {
  const port = await freePort();
  const config = join(workDir, `notary-server-${port}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      server: { http_addr: `127.0.0.1:${port}`, ...(tls ? { tls_cert_file: tls.certFile, tls_key_file: tls.keyFile } : {}) },
      trust_service: { type: 'local', hostname: '', port: '', key_algorithm: 'ed25519' },
      storage: { backend: 'memory' },
      logging: { level: 'info' },
    }),
  );
  const child = spawn(NOTARY_SERVER_BIN, ['-config', config], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: workDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output = (output + String(d)).slice(-4000)));
  child.stderr?.on('data', (d) => (output = (output + String(d)).slice(-4000)));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  try {
    await waitForPing(url, child, () => output, tls);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(child.pid!, 'SIGTERM');
        setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid!, 'SIGKILL'), 3000).unref();
      }),
  };
}
