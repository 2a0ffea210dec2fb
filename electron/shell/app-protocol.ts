import { readFile } from 'node:fs/promises';
import { resolveAppRequest } from './app-request';
import { contentSecurityPolicy } from './csp';

export type ReadFile = (path: string) => Promise<Uint8Array>;

/** Headers on every response, errors included, so no page of ours is ever without its CSP. */
function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * The handler for protocol.handle('app', ...): serves the built renderer (dist/renderer) read-only.
 * readFile is a parameter so tests can count reads; Electron's fs reads through the asar archive.
 */
export function createAppProtocolHandler(rootDir: string, read: ReadFile = readFile): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const target = resolveAppRequest(request.url, rootDir);
    if (!target.ok) return plain(target.status, 'Not found');
    let body: Uint8Array;
    try {
      body = await read(target.filePath);
    } catch {
      // Missing file, a folder, or unreadable: the renderer only needs to know it is not there.
      return plain(404, 'Not found');
    }
    const headers = { ...securityHeaders(), 'Content-Type': target.mimeType, 'Content-Length': String(body.byteLength) };
    // A copy typed over a plain ArrayBuffer, which is what Response's BodyInit accepts.
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
