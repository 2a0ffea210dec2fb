import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppRequest } from './app-request';

const ROOT = resolve('/opt/trust-vault/dist/renderer');

describe('resolveAppRequest: what is served', () => {
  it.each([
    ['app://vault/', 'index.html', 'text/html; charset=utf-8'],
    ['app://vault', 'index.html', 'text/html; charset=utf-8'],
    ['app://vault/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['app://vault/index.html?tab=keys#/keys', 'index.html', 'text/html; charset=utf-8'],
    ['app://vault/assets/index-3f2a.js', 'assets/index-3f2a.js', 'text/javascript; charset=utf-8'],
    ['app://vault/assets/index-3f2a.css', 'assets/index-3f2a.css', 'text/css; charset=utf-8'],
    ['app://vault/assets/logo.svg', 'assets/logo.svg', 'image/svg+xml'],
    ['app://vault/assets/font.woff2', 'assets/font.woff2', 'font/woff2'],
    ['app://vault/assets/Icon.PNG', 'assets/Icon.PNG', 'image/png'],
    ['app://vault/assets/with%20space.png', 'assets/with space.png', 'image/png'],
  ])('%s is %s as %s', (url, file, mimeType) => {
    expect(resolveAppRequest(url, ROOT)).toEqual({ ok: true, filePath: join(ROOT, file), mimeType });
  });
});

describe('resolveAppRequest: nothing outside the renderer build', () => {
  it.each([
    ['app://vault/../../../etc/passwd.txt', 'etc/passwd.txt'],
    ['app://vault/assets/../../secret.js', 'secret.js'],
    ['app://vault/%2e%2e/%2e%2e/etc/passwd.txt', 'etc/passwd.txt'],
    ['app://vault/%2E%2E/secret.js', 'secret.js'],
    ['app://vault/.%2e/secret.js', 'secret.js'],
    ['app://vault/./index.html', 'index.html'],
  ])('clamps the dot segments of %s at the root, as the URL parser (and Chromium) do', (url, file) => {
    expect(resolveAppRequest(url, ROOT)).toMatchObject({ ok: true, filePath: join(ROOT, file) });
  });

  it.each([
    'app://vault/assets/%2e%2e%2f%2e%2e%2fsecret.js',
    'app://vault/..%2fsecret.js',
    'app://vault/..%5csecret.js',
    'app://vault/assets%5c..%5c..%5csecret.js',
    'app://vault/%2fetc%2fpasswd.txt',
    'app://vault//etc/passwd.txt',
    'app://vault/C:%5cWindows%5cwin.ini.txt',
    'app://vault/C:/Windows/win.ini.txt',
    'app://vault/index.html%00.png',
    'app://vault/index.html:stream.js',
    'app://vault/assets/',
  ])('refuses %s', (url) => {
    expect(resolveAppRequest(url, ROOT)).toMatchObject({ ok: false });
  });

  it('never resolves to a path outside the root, whatever the URL', () => {
    const tricky = ['..', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '..%2f', '..%5c', '%252e%252e', '...', '%00', '%2f', '%5c'];
    for (const a of tricky) {
      for (const b of tricky) {
        const result = resolveAppRequest(`app://vault/${a}/${b}/x.js`, ROOT);
        if (result.ok) expect(result.filePath.startsWith(ROOT + '/')).toBe(true);
      }
    }
  });

  it('treats a double-encoded dot segment as a literal name, not as ..', () => {
    expect(resolveAppRequest('app://vault/%252e%252e/x.js', ROOT)).toEqual({
      ok: true,
      filePath: join(ROOT, '%2e%2e', 'x.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
  });

  it.each([
    'app://evil/index.html',
    'app://vault.evil.com/index.html',
    'app://vault:8080/index.html',
    'app://user:pass@vault/index.html',
    'file:///opt/trust-vault/dist/renderer/index.html',
    'https://vault/index.html',
    'data:text/html,hi',
  ])('refuses other origins: %s', (url) => {
    expect(resolveAppRequest(url, ROOT)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses what is not a URL, and malformed escapes', () => {
    expect(resolveAppRequest('not a url', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppRequest('app://vault/%E0%A4%A.js', ROOT)).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses file types the renderer build does not contain', () => {
    for (const name of ['secret.key', 'notes', 'run.sh', 'app.asar', 'main.node']) {
      expect(resolveAppRequest(`app://vault/${name}`, ROOT)).toMatchObject({ ok: false, status: 404 });
    }
  });
});
