import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppProtocolHandler } from './app-protocol';
import { contentSecurityPolicy } from './csp';

const base = mkdtempSync(join(tmpdir(), 'tv-protocol-'));
const root = join(base, 'renderer');

beforeAll(() => {
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Trust Vault</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  // Beside the root: what a traversal would be after.
  writeFileSync(join(base, 'secret.js'), 'SECRET');
  writeFileSync(join(base, 'secret.html'), 'SECRET');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** What Chromium hands protocol.handle: only method and url matter; raw URLs are passed as is, unnormalised. */
const request = (url: string, method = 'GET') => ({ url, method }) as Request;

describe('the app:// protocol handler', () => {
  it('serves the renderer build with the right type and the CSP', async () => {
    const handler = createAppProtocolHandler(root);
    const cases: [string, string, string][] = [
      ['app://vault/', 'text/html; charset=utf-8', '<!doctype html><title>Trust Vault</title>'],
      ['app://vault/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Trust Vault</title>'],
      ['app://vault/assets/app.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['app://vault/assets/app.css', 'text/css; charset=utf-8', 'body{}'],
    ];
    for (const [url, type, body] of cases) {
      const response = await handler(request(url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toBe(body);
    }
  });

  it('works with a real Request object as Electron passes it', async () => {
    const response = await createAppProtocolHandler(root)(new Request('app://vault/assets/app.js'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each([
    'app://vault/../secret.js',
    'app://vault/%2e%2e/secret.js',
    'app://vault/assets/..%2f..%2fsecret.js',
    'app://vault/..%5csecret.js',
    `app://vault/${encodeURIComponent(join(base, 'secret.js'))}`,
    'app://evil/secret.js',
    'app://vault.evil.com/index.html',
    'app://vault/missing.js',
    'app://vault/assets',
    'app://vault/assets/',
  ])('answers %s with an error that still carries the CSP, and never the secret', async (url) => {
    const response = await createAppProtocolHandler(root)(request(url));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(await response.text()).not.toContain('SECRET');
  });

  it('does not even read a file for a refused URL', async () => {
    const read = vi.fn((path: string) => readFile(path));
    const handler = createAppProtocolHandler(root, read);
    await handler(request('app://vault/..%2fsecret.js'));
    await handler(request('app://vault/..%5csecret.js'));
    await handler(request('app://evil/index.html'));
    await handler(request('app://vault/secret.key'));
    expect(read).not.toHaveBeenCalled();
  });

  it('only reads; other methods are refused', async () => {
    const handler = createAppProtocolHandler(root);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await handler(request('app://vault/index.html', method));
      expect(response.status).toBe(405);
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    }
    const head = await handler(request('app://vault/index.html', 'HEAD'));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
