import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender';

const APP = 'app://vault';
const main = (url: string) => ({ isMainFrame: true, url });

describe('isTrustedSender', () => {
  it.each([
    'app://vault/index.html',
    'app://vault/',
    'app://vault',
    'app://vault/index.html#/keys',
    'app://vault/index.html?tab=keys',
  ])('accepts the main frame of our own page at %s', (url) => {
    expect(isTrustedSender(main(url), APP)).toBe(true);
  });

  it.each([
    ['another host under our scheme', 'app://evil/index.html'],
    ['a host that merely starts with ours', 'app://vault.evil.com/index.html'],
    ['credentials pointing elsewhere', 'app://vault@evil.com/index.html'],
    ['another port', 'app://vault:8080/index.html'],
    ['a file: URL', 'file:///index.html'],
    ['a file: URL naming our host', 'file://vault/index.html'],
    ['a data: URL', 'data:text/html,<script>vault</script>'],
    ['a data: URL mentioning our origin', 'data:text/html,app://vault/'],
    ['a blob: URL', 'blob:app://vault/6c1c4b9e'],
    ['http with our host', 'http://vault/index.html'],
    ['https', 'https://example.com/'],
    ['about:blank', 'about:blank'],
    ['an empty URL', ''],
    ['not a URL', 'vault'],
    ['our scheme without a host', 'app:vault/index.html'],
    ['devtools', 'devtools://devtools/bundled/inspector.html'],
  ])('refuses %s', (_what, url) => {
    expect(isTrustedSender(main(url), APP)).toBe(false);
  });

  it('refuses a subframe, even of our own origin', () => {
    expect(isTrustedSender({ isMainFrame: false, url: 'app://vault/index.html' }, APP)).toBe(false);
  });

  it('refuses a missing sender (a destroyed frame)', () => {
    expect(isTrustedSender(null, APP)).toBe(false);
    expect(isTrustedSender(undefined, APP)).toBe(false);
  });

  it('refuses senders whose fields are not what they claim', () => {
    const odd = [
      { isMainFrame: 'true', url: 'app://vault/' },
      { isMainFrame: 1, url: 'app://vault/' },
      { isMainFrame: true, url: 42 },
      { isMainFrame: true },
      {},
    ];
    for (const sender of odd) expect(isTrustedSender(sender as never, APP)).toBe(false);
  });

  it('checks against the origin it is given: the e2e harness serves over http on a port', () => {
    const harness = 'http://127.0.0.1:4173';
    expect(isTrustedSender(main('http://127.0.0.1:4173/index.html'), harness)).toBe(true);
    expect(isTrustedSender(main('http://127.0.0.1:4174/index.html'), harness)).toBe(false);
    expect(isTrustedSender(main('https://127.0.0.1:4173/index.html'), harness)).toBe(false);
    expect(isTrustedSender(main('app://vault/index.html'), harness)).toBe(false);
  });

  it('refuses everything when the configured origin is not a URL', () => {
    expect(isTrustedSender(main('app://vault/'), 'not a url')).toBe(false);
  });
});
