import { describe, expect, it } from 'vitest';
import { shouldAllowRequest } from './request-filter';

describe('shouldAllowRequest', () => {
  it.each([
    'app://vault/index.html',
    'app://vault/assets/index-3f2a.js',
    'app://vault/assets/index.css?v=1',
    'devtools://devtools/bundled/devtools_app.html',
  ])('allows our own files and DevTools: %s', (url) => {
    expect(shouldAllowRequest(url)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://localhost:5173/',
    'http://vault/index.html',
    'ws://127.0.0.1:9222/',
    'wss://example.com/',
    'file:///etc/passwd',
    'ftp://example.com/',
    'app://evil/index.html',
    'app://vault.evil.com/index.html',
    'app://vault:8080/index.html',
    'app://user@vault/index.html',
    'other://vault/index.html',
    'chrome://gpu',
    'chrome-extension://abcdef/script.js',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'blob:app://vault/1234',
    '',
    'not a url',
  ])('blocks %s', (url) => {
    expect(shouldAllowRequest(url)).toBe(false);
  });
});
